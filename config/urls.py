from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from core import admin_audit
from portal import health
from portal import views as portal_views

# The admin signs in through allauth too, so it gets the same rate limits and two-factor step.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "党代表工作室 · 管理"
# Superusers only (the pages are how staff work), and every change in the audit log.
admin_audit.install(admin.site)

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("account/", portal_views.account, name="account"),
    path("privacy/residents/", portal_views.resident_data, name="resident_data"),
    path("privacy/access/", portal_views.personal_data_access, name="personal_data_access"),
    path("language/", portal_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("workrooms.urls")),
    path("representatives/", include("representatives.urls")),
    path("rosters/", include("rosters.urls")),
    path("requests/", include("petitions.urls")),
    path("activities/", include("activities.urls")),
    path("reports/", include("reports.urls")),
    path("records/", include("records.urls")),
    path("notices/", include("notices.urls")),
    path("w/", include("public.urls")),
]
