from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("<int:pk>/row/", views.report_row, name="row"),
    path("<int:pk>/download/", views.download, name="download"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<int:area_pk>/excel/", views.rollup_excel, name="rollup_excel"),
    path("workroom/<int:pk>/", views.workroom_month, name="workroom"),
]
