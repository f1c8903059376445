"""Every URL that takes an object id is scoped: generated from the URL conf, not a hand-kept list.

For each pattern with an integer id, the object it names is made in another district
(``foreign_workroom``), and every role of district D asks for it: the answer is 404 (out of
scope) or 403 (a role that may not use the page), for GET and, where the view only takes POST,
for POST, which writes nothing. With two ids (a request and its attachment), the first may be
the user's own and the second foreign: still 404. A new view that forgets its selector fails
here the day it is added; a new id this file cannot map fails too (add it to ``OBJECT_OF``).

Exceptions are listed by name: the capability URLs, where holding the address is the right (a
calendar feed's token), and the residents' pages under ``/w/``, public for every open workroom.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.crawl import Counts, Route, routes
from tests.helpers import client_for
from tests.world import object_key, one_of_everything

pytestmark = pytest.mark.django_db

# Holding the address is the right: the feed's secret token is in it.
CAPABILITY_URLS = {"rosters:my_feed", "rosters:workroom_feed"}
# The residents' side: every open workroom's page, photos and forms are public by design.
PUBLIC_URLS = {
    "public:workroom",
    "public:request",
    "public:wish",
    "public:qr_svg",
    "public:qr_png",
    "public:door_notice",
    "public:representative_photo",
    "public:activity_photo",
    # 菜单课程: a workroom's published courses, public so that any unit can choose before ordering.
    "activities:course_menu",
}
# Objects that belong to no area (the items of a building standard every workroom follows).
SHARED = {"checklist_item"}

IN_AREA_ROLES = ("clerk", "representative", "liaison", "admin")


def scoped_routes() -> list[Route]:
    return [r for r in routes() if r.int_keywords and r.name not in CAPABILITY_URLS | PUBLIC_URLS]


def test_every_id_of_the_url_conf_names_a_known_object():
    unknown = [
        f"{r.name} {k}"
        for r in scoped_routes()
        for k in r.int_keywords
        if k not in ("year", "month") and object_key(r.route, k) is None
    ]
    assert unknown == [], "add these to tests/world.py OBJECT_OF"


def _url(route: Route, world, owners: dict[str, str]) -> str:
    today = date.today()
    kwargs: dict[str, object] = {}
    for keyword in route.keywords:
        if keyword == "year":
            kwargs[keyword] = today.year
        elif keyword == "month":
            kwargs[keyword] = today.month
        elif keyword in route.int_keywords:
            kwargs[keyword] = world[owners[keyword]][object_key(route.route, keyword)].pk
        else:
            kwargs[keyword] = {"size": "thumb"}.get(keyword, "x")
    return reverse(route.name, kwargs=kwargs)


def urls_outside(route: Route, world) -> list[str]:
    """Every id foreign; and, with several ids, the first of workroom a, the others foreign."""
    ids = [k for k in route.int_keywords if k not in ("year", "month")]
    found = [_url(route, world, dict.fromkeys(ids, "foreign"))]
    if len(ids) > 1 and not any(object_key(route.route, k) in SHARED for k in ids[1:]):
        found.append(_url(route, world, {ids[0]: "a", **dict.fromkeys(ids[1:], "foreign")}))
    return found


@pytest.fixture
def world(wr, foreign_workroom):
    return one_of_everything({**vars(wr), "foreign": foreign_workroom})


def test_no_role_reaches_an_object_outside_its_area(
    world, clerk_a, representative, liaison, area_admin, capsys
):
    clients = {
        "clerk": client_for(clerk_a),
        "representative": client_for(representative),
        "liaison": client_for(liaison),
        "admin": client_for(area_admin),
    }
    counts = Counts()
    leaks: list[str] = []
    tried = 0
    for route in scoped_routes():
        for url in urls_outside(route, world):
            for role, client in clients.items():
                tried += 1
                response = client.get(url)
                method = "GET"
                if response.status_code == 405:
                    before = counts()
                    response = client.post(url, {})
                    method = "POST"
                    if counts() != before:
                        leaks.append(f"{role} POST {url} ({route.name}) wrote rows")
                if response.status_code not in (403, 404):
                    leaks.append(f"{role} {method} {url} ({route.name}) → {response.status_code}")
    with capsys.disabled():
        print(f"\n{tried} foreign-object URL × role requests, {len(leaks)} leaks")
    assert leaks == [], "\n".join(leaks)


def test_anonymous_visitors_are_sent_to_sign_in_for_every_object_url(world, client):
    answered = {}
    for route in scoped_routes():
        url = urls_outside(route, world)[0]
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        answered[route.name] = response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), route.name
    assert {status for status in answered.values()} <= {302, 403, 404}, answered
