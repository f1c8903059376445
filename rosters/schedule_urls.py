"""What representatives and the public read. Combined into namespace ``rosters`` by
``rosters/urls.py`` (so no ``app_name`` here)."""

from django.urls import path

from rosters import schedule_views as views

urlpatterns = [
    path("my-duties/", views.my_duties, name="my_duties"),
    path("feeds/reset/", views.my_feed_reset, name="my_feed_reset"),
    path("feeds/<slug:token>.ics", views.my_feed, name="my_feed"),
    path(
        "workrooms/<int:pk>/feeds/<slug:token>.ics",
        views.workroom_feed_view,
        name="workroom_feed",
    ),
    path(
        "workrooms/<int:pk>/feeds/reset/",
        views.workroom_feed_reset,
        name="workroom_feed_reset",
    ),
    path("workrooms/<int:pk>/schedule/", views.schedule_current, name="schedule_current"),
    # Months are written 2026-11; "2026-13" reaches the view and is answered 404 there.
    path(
        "workrooms/<int:pk>/schedule/<int:year>-<int:month>/",
        views.schedule,
        name="schedule",
    ),
]
