"""The residents' side, under ``/w/``: short addresses, as they are printed on door notices and
shared in WeChat groups. Everything here is public (no sign-in) except the district's notices."""

from django.urls import path

from public.views import door, pages, submissions, tracking

app_name = "public"

urlpatterns = [
    # Pages: the directory and a workroom's page (cached; public/freshness.py).
    path("", pages.directory, name="directory"),
    path("<int:pk>/", pages.workroom, name="workroom"),
    path("language/<str:code>/", pages.language, name="language"),
    path(
        "photos/representatives/<int:pk>/",
        pages.representative_photo,
        name="representative_photo",
    ),
    path("photos/activities/<int:pk>/", pages.activity_photo, name="activity_photo"),
    # A resident raises a request or posts a micro-wish; the tracking page.
    path("<int:pk>/request/", submissions.raise_request, name="request"),
    path("<int:pk>/wish/", submissions.post_wish, name="wish"),
    path("track/", tracking.track, name="track"),
    # The door: QR code and notice (the district's notices for the liaison office).
    path("<int:pk>/qr.svg", door.qr_svg, name="qr_svg"),
    path("<int:pk>/qr.png", door.qr_png, name="qr_png"),
    path("<int:pk>/notice.pdf", door.notice, name="door_notice"),
    path("notices.pdf", door.district_notices, name="district_notices"),
]
