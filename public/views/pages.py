"""The directory of workrooms, a workroom's public page, their photos and the language switch.

The pages are rendered without the request's context processors and without the request
itself (the templates see only the path): what is cached is shared by every visitor, so
nothing per visitor (a CSRF token, a user's name, a message) may reach it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from activities.models import ActivityPhoto
from public import freshness
from public.pages import (
    PRIVATE_ACTIVITY_TYPES,
    normalise_level,
    normalise_query,
    workroom_page,
)
from public.pages import directory as directory_page
from representatives.models import Assignment, Representative
from workrooms.models import WorkroomLevel

PHOTO_MAX_AGE = 24 * 3600
MAX_PAGE = 1000


@dataclass(frozen=True)
class SharedRequest:
    """What a cached template may know of the request: the path, the same for everyone."""

    path: str


def _page_number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


@require_safe
def directory(request):
    """找工作室: every active workroom, searched by name or area, filtered by level. Without
    search words the page is kept whole in the cache; a search is computed each time (three
    queries) and only the browser keeps it (public/freshness.py says why)."""
    q = normalise_query(request.GET.get("q"))
    level = normalise_level(request.GET.get("level"))
    number = _page_number(request.GET.get("page"))

    def render() -> str:
        return render_to_string(
            "public/directory.html",
            {
                "request": SharedRequest(request.path),
                "page": directory_page(q=q, level=level, page=number),
                "q": q,
                "level": level,
                "levels": WorkroomLevel.choices,
            },
        )

    if q:
        return freshness.shareable(HttpResponse(render()))
    key = freshness.page_key(
        "directory",
        level or "all",
        number,
        translation.get_language(),
        depends_on=(freshness.SITE, freshness.DIRECTORY),
    )
    body, etag = freshness.cached_page(key, render)
    return freshness.respond(request, body, etag)


@require_safe
def workroom(request, pk):
    """A workroom's public page: who is there and when, what it does, how it answers."""
    today = timezone.localdate()
    key = freshness.page_key(
        "workroom",
        pk,
        translation.get_language(),
        today.isoformat(),
        depends_on=(freshness.SITE, freshness.workroom_scope(pk)),
    )

    def render() -> str:
        return render_to_string(
            "public/workroom.html",
            {"request": SharedRequest(request.path), "page": workroom_page(pk)},
        )

    body, etag = freshness.cached_page(key, render)
    return freshness.respond(request, body, etag)


def _photo(file_field) -> FileResponse:
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    return response


@require_safe
def representative_photo(request, pk):
    """A representative's photo, public while they are stationed at an open workroom (their
    identity is published there, "五公开"); anyone else's is not found."""
    stationed = Assignment.objects.current().filter(workroom__is_active=True)
    representative = get_object_or_404(
        Representative, pk=pk, is_active=True, pk__in=stationed.values("representative_id")
    )
    return _photo(representative.photo)


@require_safe
def activity_photo(request, pk):
    """A photo of an activity shown on an open workroom's page (the thumbnail when there is
    one: a phone needs no more)."""
    photo = get_object_or_404(
        ActivityPhoto.objects.exclude(activity__type__code__in=PRIVATE_ACTIVITY_TYPES),
        pk=pk,
        activity__workroom__is_active=True,
    )
    return _photo(photo.thumbnail or photo.image)


@require_safe
def language(request, code):
    """Switch the residents' pages to ``code`` (a link, so it needs no CSRF token on a cached
    page) and go back to ``next`` when it is a page of this site."""
    next_url = request.GET.get("next") or ""
    if not (
        next_url.startswith("/")
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        next_url = reverse("public:directory")
    response = redirect(next_url)
    response["Cache-Control"] = "no-store"
    if code not in {c for c, _name in settings.LANGUAGES}:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
