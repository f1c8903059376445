"""The one door to scoped data.

Every role is bound to an area and reaches that area's whole subtree. Areas carry a materialised
path (django-treebeard), so "inside the subtree of X" is ``path LIKE 'X.path%'``: one indexed
prefix filter, whatever the depth. Every app's list and detail views go through
``ScopedQuerySet.visible_to`` (or ``get_visible_or_404``); none filters by area on its own.

Out of scope is 404 (we do not confirm that the object exists); in scope without the right role
is 403 (see ``accounts.permissions``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.http import Http404

from accounts.models import RoleKind

ALL_KINDS = frozenset(RoleKind.values)


@dataclass(frozen=True)
class Grant:
    kind: str
    area_id: int
    path: str


def grants_for(user) -> tuple[Grant, ...]:
    """The user's roles as (kind, area, path), read once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_scope_grants", None)
    if cached is None:
        cached = tuple(
            Grant(kind, area_id, path)
            for kind, area_id, path in user.roles.values_list("kind", "area_id", "area__path")
        )
        user._scope_grants = cached
    return cached


def _kinds(kinds: Iterable[str] | None) -> frozenset[str]:
    return ALL_KINDS if kinds is None else frozenset(kinds)


def has_role(user, *kinds: str) -> bool:
    """True when the user holds one of ``kinds`` (any role when none given) somewhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    wanted = _kinds(kinds or None)
    return any(g.kind in wanted for g in grants_for(user))


def has_role_on(user, area, *kinds: str) -> bool:
    """True when one of the user's ``kinds`` roles reaches ``area`` (its own area or an ancestor)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    wanted = _kinds(kinds or None)
    return any(g.kind in wanted and area.path.startswith(g.path) for g in grants_for(user))


def root_paths(user, kinds: Iterable[str] | None = None) -> list[str] | None:
    """The tops of the subtrees the user reaches; None means everything (superuser)."""
    if user.is_superuser:
        return None
    wanted = _kinds(kinds)
    paths = sorted({g.path for g in grants_for(user) if g.kind in wanted})
    # A role on a district already covers a role on one of its subdistricts: keep the outer one.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def scope_q(user, path_field: str, *, kinds: Iterable[str] | None = None) -> Q:
    """A filter keeping rows whose area path (``path_field``) lies in the user's subtrees."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    roots = root_paths(user, kinds)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for path in roots:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


class ScopedQuerySet(models.QuerySet):
    """Base for every queryset of area-bound data.

    Subclasses name the lookup from their model to the area's ``path``
    (``"path"`` for Area itself, ``"area__path"`` for Workroom, ``"workroom__area__path"`` ...).
    """

    scope_path_field = "area__path"

    def visible_to(self, user, *, kinds: Iterable[str] | None = None):
        return self.filter(scope_q(user, self.scope_path_field, kinds=kinds))


def get_visible_or_404(queryset: ScopedQuerySet, user, *, kinds=None, **lookup):
    """Fetch one object the user may see, or 404 whether it is missing or out of scope."""
    try:
        return queryset.visible_to(user, kinds=kinds).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
