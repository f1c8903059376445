from django.urls import path

from activities import more_urls, views, views_wishes

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("export/", views.activity_export, name="export"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path(
        "<int:pk>/photos/<int:photo_pk>/<str:size>/",
        views.photo,
        name="photo",
    ),
    path("<int:pk>/resolutions/", views.resolution_add, name="resolution_add"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path(
        "resolutions/<int:pk>/follow-up/",
        views.resolution_follow_up,
        name="resolution_follow_up",
    ),
    path("wishes/", views_wishes.wish_list, name="wishes"),
    path("wishes/export/", views_wishes.wish_export, name="wish_export"),
    path("wishes/new/", views_wishes.wish_create, name="wish_create"),
    path("wishes/board/<int:workroom_pk>/", views_wishes.board, name="wish_board"),
    path("wishes/<int:pk>/", views_wishes.wish_detail, name="wish"),
    path("wishes/<int:pk>/claim/", views_wishes.wish_claim, name="wish_claim"),
    path("wishes/<int:pk>/release/", views_wishes.wish_release, name="wish_release"),
    path("wishes/<int:pk>/fulfil/", views_wishes.wish_fulfil, name="wish_fulfil"),
    path("wishes/<int:pk>/confirm/", views_wishes.wish_confirm, name="wish_confirm"),
    path("wishes/<int:pk>/photo/", views_wishes.wish_photo, name="wish_photo"),
]

# Courses, research topics, liaison talks and study, the record page: their own module.
urlpatterns += more_urls.urlpatterns
