"""The representative's record (履职档案), namespace ``records``: mounted at ``/records/``."""

from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path("me/", views.my_record, name="mine"),
    path("<int:pk>/", views.record, name="record"),
    path("<int:pk>/export/", views.record_export, name="export"),
]
