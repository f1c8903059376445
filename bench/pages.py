"""Which pages the benchmark asks for, found in the database through the app's own selectors
(each object in the role's scope), and how many SQL queries each costs.

Needs Django set up (``bench/run.py`` does it with the same ``DATABASE_URL`` as the server).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleKind, User
from accounts.scope import has_role
from core.months import month_bounds, month_days, previous_month
from petitions.models import State
from petitions.selectors import petitions_visible_to
from petitions.views.lists import PAGE_SIZE
from workrooms.models import Workroom
from workrooms.selectors import public_workrooms

OFFICE = "office"
CLERK = "clerk"
REPRESENTATIVE = "representative"
ANONYMOUS = "anonymous"
ROLE_TITLES = {
    OFFICE: "district liaison office (党联办)",
    CLERK: "subdistrict clerk (街道工作人员)",
    REPRESENTATIVE: "representative (党代表)",
    ANONYMOUS: "anonymous resident",
}
DEEP_PAGE = 50


@dataclass
class Page:
    role: str
    label: str
    url_name: str
    path: str
    note: str = ""


def _pages_query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _month_range(month: date) -> dict[str, str]:
    first, last = month_days(month)
    return {"registered_from": first.isoformat(), "registered_until": last.isoformat()}


def _busiest_workroom(user: User | None) -> Workroom | None:
    """The workroom in scope with the most requests (the heaviest month page)."""
    workrooms = public_workrooms() if user is None else Workroom.objects.visible_to(user)
    return (
        workrooms.filter(is_active=True).annotate(n=Count("petitions")).order_by("-n", "pk").first()
    )


def _roster_workroom(user: User, month: date) -> Workroom | None:
    """The workroom in scope with the most duty shifts this month (the fullest schedule)."""
    first, last = month_days(month)
    return (
        Workroom.objects.visible_to(user)
        .filter(is_active=True)
        .annotate(n=Count("duty_shifts", filter=Q(duty_shifts__date__range=(first, last))))
        .order_by("-n", "pk")
        .first()
    )


def _search_fragment(requests) -> str:
    """Two characters from the middle of the newest request's title: free text that matches
    some rows and makes the search read them all (titles and contents, no index)."""
    title = requests.order_by("-registered_at", "-pk").values_list("title", flat=True).first()
    if not title:
        return "问题"
    middle = max(0, len(title) // 2 - 1)
    return title[middle : middle + 2]


def _request_pages(role: str, user: User, month: date) -> list[Page]:
    requests = petitions_visible_to(user)
    total = requests.count()
    last = max(1, math.ceil(total / PAGE_SIZE))
    deep = min(DEEP_PAGE, last)
    listed = reverse("petitions:list")
    start, end = month_bounds(month)
    states = (
        requests.filter(registered_at__gte=start, registered_at__lt=end)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by("-n", "state")
    )
    state = states[0]["state"] if states else State.ARCHIVED
    fragment = _search_fragment(requests)
    detail = requests.filter(state=State.ARCHIVED).order_by("-registered_at", "-pk").first()
    detail = detail or requests.order_by("-registered_at", "-pk").first()
    pages = [
        Page(role, "requests: first page", "petitions:list", listed, f"{total} in scope"),
        Page(
            role,
            f"requests: page {deep}",
            "petitions:list",
            _pages_query(listed, page=deep),
            f"last page is {last}",
        ),
        Page(
            role,
            "requests: state + month",
            "petitions:list",
            _pages_query(listed, state=state, **_month_range(month)),
            f"{state}, {month:%Y-%m}",
        ),
        Page(
            role,
            "requests: search",
            "petitions:list",
            _pages_query(listed, q=fragment),
            f"q={fragment}",
        ),
    ]
    if detail is not None:
        pages.append(
            Page(
                role,
                "request detail",
                "petitions:detail",
                reverse("petitions:detail", args=[detail.pk]),
                f"#{detail.pk}, {detail.state}",
            )
        )
    pages.append(
        Page(
            role,
            "ledger export, one month (xlsx)",
            "petitions:export",
            _pages_query(reverse("petitions:export"), state=State.ARCHIVED, **_month_range(month)),
            f"{month:%Y-%m}",
        )
    )
    return pages


def role_pages(role: str, user: User | None) -> list[Page]:
    """The pages one role is benchmarked on, each with an object in its scope."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = previous_month(today)
    if user is None:
        pages = [Page(role, "public directory", "public:directory", reverse("public:directory"))]
        workroom = _busiest_workroom(None)
        if workroom is not None:
            pages.append(
                Page(
                    role,
                    "public workroom page",
                    "public:workroom",
                    reverse("public:workroom", args=[workroom.pk]),
                    workroom.name,
                )
            )
        return pages

    pages = [Page(role, "home (work queue)", "home", reverse("home"))]
    pages += _request_pages(role, user, last_month)
    office = has_role(user, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
    if office:
        pages.append(
            Page(role, "reports dashboard", "reports:dashboard", reverse("reports:dashboard"))
        )
    else:
        # The dashboard is the liaison office's; clerks and representatives read their
        # workroom's month page instead.
        workroom = _busiest_workroom(user)
        if workroom is not None:
            pages.append(
                Page(
                    role,
                    "workroom month (reports)",
                    "reports:workroom",
                    reverse("reports:workroom", args=[workroom.pk]),
                    workroom.name,
                )
            )
    workroom = _roster_workroom(user, this_month)
    if workroom is not None:
        pages.append(
            Page(
                role,
                "month duty schedule",
                "rosters:schedule",
                reverse(
                    "rosters:schedule",
                    args=[workroom.pk, this_month.year, f"{this_month.month:02d}"],
                ),
                workroom.name,
            )
        )
    if role == REPRESENTATIVE:
        pages.append(Page(role, "my duties", "rosters:my_duties", reverse("rosters:my_duties")))
    pages.append(
        Page(role, "representatives list", "representatives:list", reverse("representatives:list"))
    )
    if office:
        pages.append(Page(role, "reports list", "reports:list", reverse("reports:list")))
    return pages


def trivial_page(role: str, *, again: bool = False) -> Page:
    """The comparison: the lightest signed-in page (the account page: the user's roles and
    notice preferences), through the same middleware, session and base template. Measured
    first and again last, so a drift during the run shows."""
    label = "trivial: account page" + (" (again, last)" if again else "")
    return Page(role, label, "account", reverse("account"))


def not_for_role(role: str, user: User) -> list[str]:
    """Pages of the list a role cannot open (403 by design), said in the results."""
    if has_role(user, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN):
        return []
    return ["reports dashboard (reports:dashboard)", "reports list (reports:list)"]


def query_client(user: User | None) -> Client:
    """A test client signed in as ``user`` (forced: the server's sign-in is measured apart)."""
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    return client


def count_queries(client: Client, path: str) -> tuple[int, int]:
    """(status, SQL queries) of one GET in this process, on the same database and settings,
    after one untimed GET so caches warm as they are in the server."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries.captured_queries)
