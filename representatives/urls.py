from django.urls import path

from representatives import views

app_name = "representatives"
urlpatterns = [
    path("", views.representative_list, name="list"),
    path("new/", views.representative_create, name="create"),
    path("me/", views.my_record, name="me"),
    path("export/", views.representative_export, name="export"),
    path("import/", views.representative_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.representative_detail, name="detail"),
    path("<int:pk>/edit/", views.representative_edit, name="edit"),
    path("<int:pk>/photo/", views.representative_photo, name="photo"),
    path("<int:pk>/assign/", views.assignment_create, name="assign"),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/end/",
        views.assignment_end_view,
        name="assignment_end",
    ),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/role/",
        views.assignment_role_view,
        name="assignment_role",
    ),
    path("<int:pk>/account/", views.account_link, name="account_link"),
    path("<int:pk>/account/new/", views.account_create, name="account_create"),
    path("<int:pk>/account/unlink/", views.account_unlink, name="account_unlink"),
    path("workrooms/<int:pk>/", views.workroom_representatives, name="workroom"),
]
