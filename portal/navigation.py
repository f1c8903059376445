"""The menu: every page a role may use, in a few sections so it stays short on a phone.

Each link names who may follow it with the same role tuples its view checks (``OFFICE`` of the
reports, ``DECIDERS`` of the course orders ...), so the menu never offers a page that answers 403
and never hides one a role may use. ``tests/portal/test_navigation.py`` walks the menu for each
role and checks both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import grants_for, has_role
from activities.selectors import OFFICE
from activities.services.courses import DECIDERS
from petitions.moves import STAFF as PETITION_STAFF


@dataclass(frozen=True)
class Link:
    """A menu entry. ``roles``: None for every signed-in user, else one of these roles (a
    superuser passes). ``own``: a representative's own page (their duties, their record)."""

    label: Promise
    view_name: str
    roles: tuple[str, ...] | None = None
    own: bool = False

    def shown_to(self, user: User, *, is_representative: bool) -> bool:
        if self.own:
            return is_representative
        return self.roles is None or has_role(user, *self.roles)


@dataclass(frozen=True)
class Section:
    """A heading that opens on its links. ``covers``: view names (or ``namespace:`` prefixes)
    of the pages that belong to the section, so it shows as current on their detail pages."""

    label: Promise
    links: tuple[Link, ...]
    covers: tuple[str, ...]


MENU: tuple[Section, ...] = (
    Section(
        _("Workrooms"),
        (
            Link(pgettext_lazy("menu", "All workrooms"), "workroom_list"),
            Link(_("Organisation tree"), "area_tree"),
            Link(_("Standards"), "standards_overview", OFFICE),
        ),
        covers=(
            "workroom_",
            "area_tree",
            "standards_overview",
            "checklist_",
            "representatives:workroom",
        ),
    ),
    Section(
        _("Requests"),
        (
            Link(_("All requests"), "petitions:list"),
            Link(_("My work"), "petitions:mine"),
            Link(_("Ledger"), "petitions:ledger"),
            Link(_("Spam and abuse"), "petitions:spam_list", PETITION_STAFF),
        ),
        covers=("petitions:",),
    ),
    Section(
        _("Duties"),
        (
            Link(_("My duties"), "rosters:my_duties", own=True),
            Link(_("Duty rosters"), "rosters:overview"),
            Link(_("Swap requests"), "rosters:swap_inbox"),
        ),
        covers=("rosters:",),
    ),
    Section(
        _("Activities"),
        (
            Link(pgettext_lazy("menu", "Activity log"), "activities:list"),
            Link(_("Micro-wishes"), "activities:wishes"),
            Link(pgettext_lazy("menu", "Micro-deliberation"), "activities:resolutions"),
            Link(_("Course orders"), "activities:course_orders", DECIDERS),
            Link(pgettext_lazy("menu", "Research"), "activities:research_reports"),
            Link(_("Liaison talks"), "activities:talks", OFFICE),
            Link(_("Study"), "activities:study"),
        ),
        covers=("activities:",),
    ),
    Section(
        _("Representatives"),
        (
            Link(pgettext_lazy("menu", "All representatives"), "representatives:list"),
            Link(_("My record"), "records:mine", own=True),
        ),
        covers=("representatives:", "records:"),
    ),
    Section(
        pgettext_lazy("menu", "Reports"),
        (
            Link(_("Monthly reports"), "reports:list", OFFICE),
            Link(_("District dashboard"), "reports:dashboard", OFFICE),
            # A resident's request to see, correct or delete their data (PIPL).
            Link(_("A resident's personal data"), "resident_data", (RoleKind.ADMIN,)),
            Link(_("Who saw personal data"), "personal_data_access", OFFICE),
        ),
        covers=("reports:", "resident_data", "personal_data_access"),
    ),
)


@dataclass(frozen=True)
class ShownLink:
    label: Promise
    url: str
    current: bool


@dataclass(frozen=True)
class ShownSection:
    label: Promise
    links: list[ShownLink]
    current: bool


def _covers(prefixes: Sequence[str], view_name: str) -> bool:
    return any(
        view_name == p or (p.endswith((":", "_")) and view_name.startswith(p)) for p in prefixes
    )


def menu_for(user: User, view_name: str = "") -> list[ShownSection]:
    """The sections and links ``user`` may use, marking the one of the page ``view_name``."""
    # Their own duties and record need a representative's role (not a superuser's pass).
    is_representative = any(g.kind == RoleKind.REPRESENTATIVE for g in grants_for(user))
    shown = []
    for section in MENU:
        links = [
            ShownLink(link.label, reverse(link.view_name), link.view_name == view_name)
            for link in section.links
            if link.shown_to(user, is_representative=is_representative)
        ]
        if links:
            current = any(link.current for link in links) or _covers(section.covers, view_name)
            shown.append(ShownSection(section.label, links, current))
    return shown
