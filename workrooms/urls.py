from django.urls import path

from workrooms import views

urlpatterns = [
    path("areas/", views.area_tree, name="area_tree"),
    path("workrooms/", views.workroom_list, name="workroom_list"),
    path("workrooms/<int:pk>/", views.workroom_detail, name="workroom_detail"),
    path("workrooms/<int:pk>/edit/", views.workroom_edit, name="workroom_edit"),
    path(
        "workrooms/<int:pk>/checklist/<int:item_pk>/",
        views.checklist_entry_edit,
        name="checklist_entry_edit",
    ),
    path(
        "workrooms/<int:pk>/checklist/<int:item_pk>/photo/",
        views.checklist_evidence,
        name="checklist_evidence",
    ),
    path("liaison/standards/", views.standards_overview, name="standards_overview"),
]
