"""The project's URLs with the activities and requests pages added when ``config/urls.py`` does
not include them yet."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

_namespaces = {getattr(p, "namespace", None) for p in project_urls}

urlpatterns = [*project_urls]
if "petitions" not in _namespaces:
    urlpatterns.append(path("requests/", include("petitions.urls")))
if "activities" not in _namespaces:
    urlpatterns.append(path("activities/", include("activities.urls")))
