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
from typing import Any, Protocol, Self, TypeGuard, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from accounts.models import RoleKind, User

_M = TypeVar("_M", bound=models.Model)

ALL_KINDS = frozenset(RoleKind.values)

# Filters that match everything and nothing. Never use an empty ``Q()`` for "everything": it
# vanishes when combined (``Q() | X`` is just ``X``), which once hid 211 of 221 requests from a
# superuser. ``~Q(pk__in=[])`` compiles to no condition at all and survives ``|`` and ``&``.
EVERYTHING = ~Q(pk__in=[])
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    kind: str
    area_id: int
    path: str


class InArea(Protocol):
    """Anything placed on the area tree by a materialised path: an area itself."""

    @property
    def path(self) -> str: ...


def signed_in(user: User | AnonymousUser) -> TypeGuard[User]:
    """True for a signed-in user; anything without ``is_authenticated`` (None) is nobody."""
    return bool(getattr(user, "is_authenticated", False))


def grants_for(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's roles as (kind, area, path), read once per request and kept on the user."""
    if not signed_in(user):
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


def has_role(user: User | AnonymousUser, *kinds: str) -> bool:
    """True when the user holds one of ``kinds`` (any role when none given) somewhere."""
    if not signed_in(user):
        return False
    if user.is_superuser:
        return True
    wanted = _kinds(kinds or None)
    return any(g.kind in wanted for g in grants_for(user))


def has_role_on(user: User | AnonymousUser, area: InArea, *kinds: str) -> bool:
    """True when one of the user's ``kinds`` roles reaches ``area`` (its own area or an ancestor)."""
    if not signed_in(user):
        return False
    if user.is_superuser:
        return True
    wanted = _kinds(kinds or None)
    return any(g.kind in wanted and area.path.startswith(g.path) for g in grants_for(user))


def root_paths(user: User | AnonymousUser, kinds: Iterable[str] | None = None) -> list[str] | None:
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


def is_unrestricted(user: User | AnonymousUser) -> bool:
    """A signed-in superuser: sees everything, whatever roles they hold."""
    return signed_in(user) and user.is_superuser


def scope_q(
    user: User | AnonymousUser, path_field: str, *, kinds: Iterable[str] | None = None
) -> Q:
    """A filter keeping rows whose area path (``path_field``) lies in the user's subtrees.

    Never an empty ``Q()``: ``EVERYTHING`` for a superuser, ``NOTHING`` for nobody, so the result
    can be combined with ``|`` and ``&`` safely.
    """
    if not signed_in(user):
        return NOTHING
    roots = root_paths(user, kinds)
    if roots is None:
        return EVERYTHING
    if not roots:
        return NOTHING
    q = Q(**{f"{path_field}__startswith": roots[0]})
    for path in roots[1:]:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def ancestor_paths(user: User | AnonymousUser, kinds: Iterable[str] | None = None) -> list[str]:
    """The paths of every area on the way from the top of the tree down to each of the user's
    roles (the role's own area included)."""
    wanted = _kinds(kinds)
    paths: set[str] = set()
    for grant in grants_for(user):
        if grant.kind in wanted:
            # Materialised paths grow by treebeard's steplen (4) a level.
            paths.update(grant.path[:i] for i in range(4, len(grant.path) + 1, 4))
    return sorted(paths)


def within_or_above_q(
    user: User | AnonymousUser,
    path_field: str = "area__path",
    *,
    kinds: Iterable[str] | None = None,
) -> Q:
    """Rows whose area lies in the user's subtrees or above them: what an area sets for
    everyone below it (a district's research topic, its study plan and sessions)."""
    if not signed_in(user):
        return NOTHING
    return scope_q(user, path_field, kinds=kinds) | Q(
        **{f"{path_field}__in": ancestor_paths(user, kinds)}
    )


class ScopedQuerySet(models.QuerySet[_M]):
    """Base for every queryset of area-bound data.

    Subclasses name the lookup from their model to the area's ``path``
    (``"path"`` for Area itself, ``"area__path"`` for Workroom, ``"workroom__area__path"`` ...).
    """

    scope_path_field = "area__path"

    def also_visible(self, user: User, *, kinds: Iterable[str] | None = None) -> Q | None:
        """Rows visible besides those in the user's subtrees (a transferred request in its
        sender's history, a representative stationed here): override to widen the scope."""
        return None

    def scope_filter(self, user: User, *, kinds: Iterable[str] | None = None) -> Q:
        """The rows in the user's subtrees, as a filter (``scope_q`` on ``scope_path_field``);
        override only to say the same faster for a large table."""
        return scope_q(user, self.scope_path_field, kinds=kinds)

    def within_scope_of(
        self, user: User | AnonymousUser, *, kinds: Iterable[str] | None = None
    ) -> Self:
        """The rows in ``user``'s subtrees only, without ``also_visible`` (what they may change)."""
        if not signed_in(user):
            return self.none()
        if is_unrestricted(user):
            return self.all()
        return self.filter(self.scope_filter(user, kinds=kinds))

    def visible_branches(
        self, user: User | AnonymousUser, *, kinds: Iterable[str] | None = None
    ) -> list[Q] | None:
        """``visible_to``'s condition as disjoint alternatives (the subtrees, then what
        ``also_visible`` adds outside them), for a caller that reads each through its own index
        and appends the rows (a UNION ALL) rather than one OR, which PostgreSQL answers only by
        visiting every matching row. None when the user sees every row."""
        if not signed_in(user):
            return [NOTHING]
        if is_unrestricted(user):
            return None
        extra = self.also_visible(user, kinds=kinds)
        q = self.scope_filter(user, kinds=kinds)
        return [q] if extra is None else [q, extra & ~q]

    def visible_to(self, user: User | AnonymousUser, *, kinds: Iterable[str] | None = None) -> Self:
        """The rows ``user`` may see. Superusers see all rows before anything is combined."""
        if not signed_in(user):
            return self.none()
        if is_unrestricted(user):
            return self.all()
        q = self.scope_filter(user, kinds=kinds)
        extra = self.also_visible(user, kinds=kinds)
        return self.filter(q if extra is None else q | extra)


def get_visible_or_404(
    queryset: ScopedQuerySet[_M],
    user: User | AnonymousUser,
    *,
    kinds: Iterable[str] | None = None,
    **lookup: Any,
) -> _M:
    """Fetch one object the user may see, or 404 whether it is missing or out of scope."""
    try:
        return queryset.visible_to(user, kinds=kinds).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
