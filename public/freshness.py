"""When the cached public pages go stale, and how they are served from the cache.

The residents' pages are the same for every visitor (no sign-in, no CSRF token, nothing
personal), so they are cached whole, as rendered HTML, in the configured cache (Redis in a
deployment, local memory on a laptop):

- a workroom's page under (workroom, language, day, site version, workroom version);
- a directory page (no search words) under (level, page number, language, site version,
  directory version). Searches are not kept: every string typed would be a new entry, so
  anyone could fill the cache with them. They are answered in a fixed number of queries
  (``public.pages.directory``) and may be kept by the browser like the rest.

**Versions.** Each is a random token kept in the cache with no expiry. A change *bumps* the
version (writes a new token), so the next hit misses and renders afresh; the old entries are
never read again and expire with their TTL. A version lost from the cache (eviction, a Redis
restart) is replaced by a new token, which is only a miss. Three kinds:

- ``site``: areas, building standards and their items, activity types: they show on every page;
- ``directory``: workrooms' names, levels, areas, addresses, hours (the directory's cards);
- one per workroom: everything its page shows (representatives and assignments, duty shifts
  and duties, activities and photos, courses, wishes, requests for the figures, checklist).

The signal receivers below bump them on ``post_save`` / ``post_delete`` of those models, and on
``core.transitions.moved`` (a state-machine move is a conditional UPDATE, which sends no
``post_save``; the few other conditional UPDATEs that change what the page shows, such as
attendance and ending an assignment, send ``moved`` too). The bump waits for the transaction
to commit: bumped earlier, a concurrent visitor could render the old rows and cache them under
the new version.

**TTL.** Entries live ``PAGE_TTL`` seconds (10 minutes) even when nothing is bumped: the figures
of the month in progress and "this month's" schedule move with the clock, and a bulk
``update()`` or ``bulk_create()`` outside any transaction that bumps is caught within the TTL.
The day is part of a workroom page's key, so the month's turn is never served stale.

**HTTP.** ``Cache-Control: public, max-age=60`` (a phone or a proxy may keep a page a minute),
``Vary: Cookie`` (the language comes from a cookie, ``core.middleware``; Accept-Language is
ignored on purpose), and an ``ETag`` that is a hash of the cached body: an ``If-None-Match``
that matches is answered 304 from the cache entry alone, without a query.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag

from activities.models import Activity, ActivityPhoto, ActivityType, Course, Wish
from core.transitions import moved
from petitions.models import Petition, Transfer
from representatives.models import Assignment, Representative
from rosters.models import Duty, DutyShift, SwapRequest
from workrooms.models import Area, ChecklistEntry, ChecklistItem, ChecklistStandard, Workroom

PAGE_TTL = 10 * 60
BROWSER_MAX_AGE = 60
SITE = "site"
DIRECTORY = "directory"


def _version_key(name: str) -> str:
    return f"public:version:{name}"


def workroom_scope(pk: int) -> str:
    return f"workroom:{pk}"


def versions(*names: str) -> str:
    """The current tokens of ``names``, joined: one cache round trip when they are known."""
    keys = [_version_key(name) for name in names]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = uuid.uuid4().hex[:12]
            # ``add``: of two processes starting a version at once, both use the first one's.
            if not cache.add(key, token, timeout=None):
                token = cache.get(key) or token
        tokens.append(token)
    return ".".join(tokens)


def bump(*names: str) -> None:
    """Make every cached page depending on ``names`` stale, once the transaction commits."""
    if not names:
        return
    fresh = {_version_key(name): uuid.uuid4().hex[:12] for name in set(names)}
    transaction.on_commit(lambda: cache.set_many(fresh, timeout=None), robust=True)


def bump_workrooms(pks: Iterable[int | None]) -> None:
    bump(*(workroom_scope(pk) for pk in pks if pk is not None))


# --- serving -----------------------------------------------------------------------------------


def page_key(kind: str, *parts, depends_on: Iterable[str]) -> str:
    """The cache key of one rendered page: its own parts and the versions it depends on."""
    names = tuple(depends_on)
    return ":".join(["public:page", kind, *map(str, parts), versions(*names)])


def cached_page(key: str, render: Callable[[], str]) -> tuple[str, str]:
    """(body, ETag) of the page under ``key``, rendering and keeping it on a miss."""
    entry = cache.get(key)
    if entry is None:
        body = render()
        etag = quote_etag(hashlib.sha256(body.encode()).hexdigest()[:20])
        entry = (body, etag)
        cache.set(key, entry, timeout=PAGE_TTL)
    return entry


def respond(request, body: str, etag: str) -> HttpResponse:
    """The page, or 304 when the browser holds this very body; shareable for a minute."""
    if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    patch_vary_headers(response, ("Cookie",))
    return response


def shareable(response: HttpResponse) -> HttpResponse:
    """Headers of a public page that is not kept server-side (a directory search)."""
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    patch_vary_headers(response, ("Cookie",))
    return response


# --- what a change makes stale ----------------------------------------------------------------


def _shift_workrooms(shift_ids) -> list[int]:
    return list(DutyShift.objects.filter(pk__in=shift_ids).values_list("workroom_id", flat=True))


def workrooms_of(obj) -> list[int | None]:
    """The workrooms whose page shows ``obj`` (a saved, deleted or moved row)."""
    if isinstance(obj, Workroom):
        return [obj.pk]
    if isinstance(obj, Duty):
        return _shift_workrooms([obj.shift_id])
    if isinstance(obj, SwapRequest):
        # Approval hands the duty over (and the one taken in exchange, at the same workroom
        # or another).
        duties = Duty.objects.filter(pk__in=[obj.duty_id, obj.counterpart_duty_id])
        return _shift_workrooms(duties.values("shift_id"))
    if isinstance(obj, ActivityPhoto):
        return list(
            Activity.objects.filter(pk=obj.activity_id).values_list("workroom_id", flat=True)
        )
    if isinstance(obj, Transfer):
        return [obj.from_workroom_id, obj.to_workroom_id]
    if isinstance(obj, Representative):
        return list(
            Assignment.objects.filter(representative=obj).values_list("workroom_id", flat=True)
        )
    return [getattr(obj, "workroom_id", None)]


SITE_WIDE = (Area, ChecklistStandard, ChecklistItem, ActivityType)
PER_WORKROOM = (
    Workroom,
    ChecklistEntry,
    Representative,
    Assignment,
    DutyShift,
    Duty,
    Activity,
    ActivityPhoto,
    Course,
    Wish,
    Petition,
    Transfer,
)


def _site_changed(sender, **kwargs):
    bump(SITE)


def _row_changed(sender, instance, **kwargs):
    if isinstance(instance, Representative) and kwargs.get("signal") is post_delete:
        # Its assignments are deleted with it and bump their workrooms themselves.
        return
    bump_workrooms(workrooms_of(instance))
    if isinstance(instance, Workroom):
        bump(DIRECTORY)


def _moved(sender, obj, move, **kwargs):
    bump_workrooms(workrooms_of(obj))


for _model in SITE_WIDE:
    post_save.connect(_site_changed, sender=_model, dispatch_uid=f"public-site-{_model.__name__}")
    post_delete.connect(
        _site_changed, sender=_model, dispatch_uid=f"public-site-d-{_model.__name__}"
    )
for _model in PER_WORKROOM:
    post_save.connect(_row_changed, sender=_model, dispatch_uid=f"public-row-{_model.__name__}")
    post_delete.connect(_row_changed, sender=_model, dispatch_uid=f"public-row-d-{_model.__name__}")
moved.connect(_moved, dispatch_uid="public-moved")
