"""The project's URLs, with the requests pages added when ``config/urls.py`` does not include
them yet: notices link to a request's page (``petitions:detail``)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urls

_included = any(getattr(p, "namespace", None) == "petitions" for p in project_urls)

urlpatterns = [*project_urls]
if not _included:
    urlpatterns.append(path("requests/", include("petitions.urls")))
