"""Roster pages, namespace ``rosters``: one section per subject, in the order of
``rosters/views/``. Roster management first, then what representatives and the public read."""

from django.urls import path

from rosters.views import attendance, feeds, roster, rules, schedule, shifts, swaps

app_name = "rosters"

urlpatterns = [
    # --- roster: the overview, a workroom's month, generating it -----------------------------
    path("", roster.overview, name="overview"),
    path("workrooms/<int:pk>/", roster.workroom_roster, name="workroom"),
    path(
        "workrooms/<int:pk>/<int:year>-<int:month>/",
        roster.workroom_roster,
        name="workroom_month",
    ),
    path("workrooms/<int:pk>/generate/", roster.generate, name="generate"),
    # --- rules (轮值规则) ----------------------------------------------------------------------
    path("workrooms/<int:pk>/rules/new/", rules.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", rules.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/deactivate/", rules.rule_deactivate, name="rule_deactivate"),
    path("rules/<int:pk>/activate/", rules.rule_activate, name="rule_activate"),
    # --- shifts (值班) -------------------------------------------------------------------------
    path("shifts/<int:pk>/", shifts.shift_detail, name="shift_detail"),
    path("shifts/<int:pk>/edit/", shifts.shift_edit, name="shift_edit"),
    # --- attendance (签到 / 缺勤) ---------------------------------------------------------------
    path("duties/<int:pk>/attendance/", attendance.duty_attendance, name="duty_attendance"),
    # --- swaps (调班) --------------------------------------------------------------------------
    path("duties/<int:pk>/swap/", swaps.swap_create, name="swap_request"),
    path("swaps/", swaps.swap_inbox, name="swap_inbox"),
    path("swaps/<int:pk>/", swaps.swap_detail, name="swap_detail"),
    path("swaps/<int:pk>/accept/", swaps.swap_accept_view, name="swap_accept"),
    path(
        "swaps/<int:pk>/accept-in-person/",
        swaps.swap_accept_in_person_view,
        name="swap_accept_in_person",
    ),
    path("swaps/<int:pk>/decline/", swaps.swap_decline_view, name="swap_decline"),
    path("swaps/<int:pk>/approve/", swaps.swap_approve_view, name="swap_approve"),
    path("swaps/<int:pk>/reject/", swaps.swap_reject_view, name="swap_reject"),
    path("swaps/<int:pk>/cancel/", swaps.swap_cancel_view, name="swap_cancel"),
    # --- schedule (公开值班安排表): my duties, a workroom's published month ---------------------
    path("my-duties/", schedule.my_duties, name="my_duties"),
    path("workrooms/<int:pk>/schedule/", schedule.schedule_current, name="schedule_current"),
    # Months are written 2026-11; "2026-13" reaches the view and is answered 404 there.
    path(
        "workrooms/<int:pk>/schedule/<int:year>-<int:month>/",
        schedule.schedule,
        name="schedule",
    ),
    # --- feeds: calendar subscriptions at secret addresses --------------------------------------
    path("feeds/reset/", feeds.my_feed_reset, name="my_feed_reset"),
    path("feeds/<slug:token>.ics", feeds.my_feed, name="my_feed"),
    path(
        "workrooms/<int:pk>/feeds/<slug:token>.ics", feeds.workroom_feed_view, name="workroom_feed"
    ),
    path("workrooms/<int:pk>/feeds/reset/", feeds.workroom_feed_reset, name="workroom_feed_reset"),
]
