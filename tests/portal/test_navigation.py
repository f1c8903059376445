"""Every feature is one click away: a crawl from each role's home page, following links alone,
reaches every page that role may use, and no link it finds answers 500 (or 403: the menu
offers nobody a page they may not use).

The crawl is what a new user does: GET only, same origin, breadth first, the links of each page
in order. It is bounded: at most ``PER_VIEW`` addresses of one view (a list's pages and filters,
one detail page or two) and ``MAX_PAGES`` in all.
"""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from portal.navigation import MENU, menu_for
from tests.factories import UserFactory
from tests.helpers import client_for
from tests.rosters.factories import AssignmentFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
PER_VIEW = 2
# Not features of a role: Django's admin (staff only), signing out, static files.
SKIPPED = ("/admin/", "/accounts/logout/", "/static/")

EVERYONE = {
    "home",
    "account",
    "workroom_list",
    "workroom_detail",
    "area_tree",
    "petitions:list",
    "petitions:mine",
    "petitions:ledger",
    "rosters:overview",
    "rosters:swap_inbox",
    "activities:list",
    "activities:wishes",
    "activities:resolutions",
    "activities:research_reports",
    "activities:study",
    "representatives:list",
    "notices:inbox",
    "petitions:register",
}
OFFICE_PAGES = {
    "personal_data_access",
    "activities:course_orders",
    "activities:talks",
    "reports:list",
    "reports:dashboard",
    "standards_overview",
}
# Staff see the submissions marked as spam; representatives do not.
STAFF_PAGES = {"petitions:spam_list"}
FEATURES = {
    "clerk": EVERYONE | STAFF_PAGES | {"activities:course_orders"},
    "representative": EVERYONE | {"rosters:my_duties", "records:mine", "records:record"},
    "liaison office": EVERYONE | OFFICE_PAGES | STAFF_PAGES,
    "administrator": EVERYONE | OFFICE_PAGES | STAFF_PAGES | {"resident_data"},
}
# What each role may not use: the menu must not offer it.
NOT_FOR = {
    "clerk": OFFICE_PAGES - {"activities:course_orders"}
    | {"rosters:my_duties", "records:mine", "resident_data"},
    "representative": OFFICE_PAGES | STAFF_PAGES | {"resident_data"},
    "liaison office": {"rosters:my_duties", "records:mine", "resident_data"},
    "administrator": {"rosters:my_duties", "records:mine"},
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _same_origin(base: str, href: str) -> str | None:
    """The path and query of ``href`` when it stays on this site, else None."""
    if href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(SKIPPED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start="/"):
    """Walk the site from ``start`` by its links. Returns the view names reached (answered 200,
    or redirected on the site) and every address that answered with ``status``; the addresses
    of HTML pages sent without a strict Content-Security-Policy are under the key "no csp"."""
    queue = deque([start])
    seen: set[str] = set()
    per_view: Counter = Counter()
    reached: set[str] = set()
    answers: dict[int, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            answers.setdefault(404, []).append(url)
            continue
        if per_view[view] >= PER_VIEW:
            continue
        per_view[view] += 1
        response = client.get(url)
        answers.setdefault(response.status_code, []).append(url)
        if response.status_code in (301, 302):
            target = _same_origin(url, response["Location"])
            if target and not target.startswith("/accounts/login/"):
                reached.add(view)
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        reached.add(view)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        policy = response.get("Content-Security-Policy", "")
        if "frame-ancestors 'none'" not in policy or "unsafe-inline" in policy:
            answers.setdefault("no csp", []).append(url)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = _same_origin(url, href)
            if target and target not in seen:
                queue.append(target)
    return reached, answers


@pytest.fixture
def role_clients(clerk_a, liaison, area_admin, representative, wr):
    """A user of each role of the demo, as the shared fixtures make them; the representative
    with their registry record, stationed at their workroom."""
    rep = RepresentativeFactory(name="覃代表", area=wr.a.area, user=representative)
    AssignmentFactory(representative=rep, workroom=wr.a)
    return {
        "clerk": client_for(clerk_a),
        "representative": client_for(representative),
        "liaison office": client_for(liaison),
        "administrator": client_for(area_admin),
    }


@pytest.mark.parametrize("role", list(FEATURES))
def test_a_crawl_from_home_reaches_every_feature_of_the_role_and_nothing_else(role_clients, role):
    client = role_clients[role]
    client.raise_request_exception = False

    reached, answers = crawl(client)

    assert FEATURES[role] - reached == set()
    assert reached & NOT_FOR[role] == set()
    assert answers.get(500, []) == []
    assert answers.get(403, []) == []
    # Every page reached carries the strict policy: no inline script, no framing.
    assert answers.get("no csp", []) == []


def test_the_menu_stays_short():
    # A handful of headings, whatever the number of features: the rest sits one level down.
    assert len(MENU) <= 6
    assert all(len(section.links) <= 7 for section in MENU)


def test_a_user_without_any_role_sees_only_what_needs_none(db):
    user = UserFactory(username="newcomer")

    shown = {link.url for section in menu_for(user) for link in section.links}

    assert "/reports/" not in shown
    assert "/activities/talks/" not in shown
    assert "/rosters/my-duties/" not in shown


def test_the_section_of_the_current_page_is_marked(clerk_a):
    sections = menu_for(clerk_a, "activities:wish")

    current = [s for s in sections if s.current]
    assert len(current) == 1
    assert "/activities/wishes/" in {link.url for link in current[0].links}
