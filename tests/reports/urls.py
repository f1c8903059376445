"""The project's URLs with the reports pages added when ``config/urls.py`` does not include them
yet (and the requests pages, which the dashboards link to)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

_namespaces = {getattr(p, "namespace", None) for p in project_urls}

urlpatterns = [*project_urls]
if "petitions" not in _namespaces:
    urlpatterns.append(path("requests/", include("petitions.urls")))
if "reports" not in _namespaces:
    urlpatterns.append(path("reports/", include("reports.urls")))
