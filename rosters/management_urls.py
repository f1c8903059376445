"""Roster management: rules, generation, shifts, attendance, swaps. Combined into namespace
``rosters`` by ``rosters/urls.py`` (so no ``app_name`` here)."""

from django.urls import path

from rosters import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("workrooms/<int:pk>/", views.workroom_roster, name="workroom"),
    path(
        "workrooms/<int:pk>/<int:year>-<int:month>/",
        views.workroom_roster,
        name="workroom_month",
    ),
    path("workrooms/<int:pk>/generate/", views.generate, name="generate"),
    path("workrooms/<int:pk>/rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/deactivate/", views.rule_deactivate, name="rule_deactivate"),
    path("rules/<int:pk>/activate/", views.rule_activate, name="rule_activate"),
    path("shifts/<int:pk>/", views.shift_detail, name="shift_detail"),
    path("shifts/<int:pk>/edit/", views.shift_edit, name="shift_edit"),
    path("duties/<int:pk>/attendance/", views.duty_attendance, name="duty_attendance"),
    path("duties/<int:pk>/swap/", views.swap_create, name="swap_request"),
    path("swaps/", views.swap_inbox, name="swap_inbox"),
    path("swaps/<int:pk>/", views.swap_detail, name="swap_detail"),
    path("swaps/<int:pk>/accept/", views.swap_accept_view, name="swap_accept"),
    path("swaps/<int:pk>/decline/", views.swap_decline_view, name="swap_decline"),
    path("swaps/<int:pk>/approve/", views.swap_approve_view, name="swap_approve"),
    path("swaps/<int:pk>/reject/", views.swap_reject_view, name="swap_reject"),
    path("swaps/<int:pk>/cancel/", views.swap_cancel_view, name="swap_cancel"),
]
