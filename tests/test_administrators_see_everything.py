"""What administrators must see: everything in their areas, on every list, detail and export.

The shared world (``tests/conftest.py``) has a district D with workrooms d, a, a1 and b, and a
workroom in another district. Each workroom gets one of everything, marked with its key
(``标记d``, ``标记a`` ...). ``area_admin`` holds the admin role on D and must find D's four
markers on every page and none of the foreign one; a superuser (pytest-django's
``admin_user``) must find all five. Once, a superuser saw 10 of 221 requests because an empty
filter vanished when combined: these tests would have caught it.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import RoleKind
from petitions import workflow
from tests.factories import RoleFactory
from tests.helpers import client_for
from tests.petitions.factories import staff_of
from tests.world import one_of_everything

pytestmark = pytest.mark.django_db

INSIDE = ("d", "a", "a1", "b")
EVERY = (*INSIDE, "foreign")


def marker(key: str) -> str:
    return f"标记{key}"


@pytest.fixture
def world(wr, foreign_workroom):
    """One of everything per workroom, each carrying its workroom's marker."""
    return one_of_everything({**vars(wr), "foreign": foreign_workroom})


@pytest.fixture
def superuser_client(admin_user):
    return client_for(admin_user)


def _page(client, name: str, **query) -> str:
    response = client.get(reverse(name), query)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def _sheet_text(client, name: str, **query) -> str:
    response = client.get(reverse(name), query)
    assert response.status_code == 200, (name, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


# (URL name, what the marker is written on, query): every list and export that shows markers.
LISTS = [
    ("petitions:list", "诉求", {}),
    ("petitions:ledger", "归档", {}),
    ("representatives:list", "代表", {}),
    ("representatives:list", "未驻室", {}),
    ("rosters:swap_inbox", "代表", {}),
    ("activities:list", "活动", {}),
    ("activities:resolutions", "议定", {}),
    ("activities:wishes", "心愿", {}),
    ("activities:course_orders", "支部", {}),
    ("activities:research_reports", "调研", {}),
    ("activities:talks", "代表", {}),
    ("workroom_list", "", {}),
]
EXPORTS = [
    ("petitions:export", "诉求", {}),
    ("representatives:export", "代表", {}),
    ("representatives:export", "未驻室", {}),
    ("activities:export", "活动", {}),
    ("activities:wish_export", "心愿", {}),
    ("activities:course_orders_export", "支部", {}),
    ("activities:research_export", "调研", {}),
    ("activities:talks_export", "代表", {}),
]


def assert_rows_shown(text: str, prefix: str, keys, world, *, absent=()) -> None:
    for key in keys:
        wanted = f"{prefix}{marker(key)}" if prefix else world[key]["workroom"].name
        assert wanted in text, f"{wanted} missing"
    for key in absent:
        unwanted = f"{prefix}{marker(key)}" if prefix else world[key]["workroom"].name
        assert unwanted not in text, f"{unwanted} shown"


@pytest.mark.parametrize(("name", "prefix", "query"), LISTS, ids=[f"{n}-{p}" for n, p, _q in LISTS])
def test_an_area_administrator_sees_every_row_of_their_area_on_each_list(
    area_admin_client, world, name, prefix, query
):
    assert_rows_shown(
        _page(area_admin_client, name, **query), prefix, INSIDE, world, absent=["foreign"]
    )


@pytest.mark.parametrize(("name", "prefix", "query"), LISTS, ids=[f"{n}-{p}" for n, p, _q in LISTS])
def test_a_superuser_sees_every_row_on_each_list(superuser_client, world, name, prefix, query):
    assert_rows_shown(_page(superuser_client, name, **query), prefix, EVERY, world)


@pytest.mark.parametrize(
    ("name", "prefix", "query"), EXPORTS, ids=[f"{n}-{p}" for n, p, _q in EXPORTS]
)
def test_an_area_administrator_exports_every_row_of_their_area(
    area_admin_client, world, name, prefix, query
):
    assert_rows_shown(
        _sheet_text(area_admin_client, name, **query), prefix, INSIDE, world, absent=["foreign"]
    )


@pytest.mark.parametrize(
    ("name", "prefix", "query"), EXPORTS, ids=[f"{n}-{p}" for n, p, _q in EXPORTS]
)
def test_a_superuser_exports_every_row(superuser_client, world, name, prefix, query):
    assert_rows_shown(_sheet_text(superuser_client, name, **query), prefix, EVERY, world)


def test_the_reports_list_shows_every_workrooms_report(area_admin_client, superuser_client, world):
    assert_rows_shown(
        _page(area_admin_client, "reports:list"), "", INSIDE, world, absent=["foreign"]
    )
    assert_rows_shown(_page(superuser_client, "reports:list"), "", EVERY, world)


def test_the_roster_overview_lists_every_workroom(area_admin_client, superuser_client, world):
    assert_rows_shown(
        _page(area_admin_client, "rosters:overview"), "", INSIDE, world, absent=["foreign"]
    )
    assert_rows_shown(_page(superuser_client, "rosters:overview"), "", EVERY, world)


# (URL name, the object in ``world``): every detail page of something area-bound.
DETAILS = [
    ("petitions:detail", "petition"),
    ("petitions:detail", "archived"),
    ("representatives:detail", "representative"),
    ("rosters:swap_detail", "swap"),
    ("activities:detail", "activity"),
    ("activities:wish", "wish"),
    ("activities:course_order_detail", "order"),
    ("activities:research_report", "report"),
    ("workroom_detail", "workroom"),
    ("rosters:workroom", "workroom"),
    ("representatives:workroom", "workroom"),
    ("activities:wish_board", "workroom"),
]
# The course menu is public (units choose before ordering): not in the list above.


@pytest.mark.parametrize(("name", "thing"), DETAILS, ids=[f"{n}-{t}" for n, t in DETAILS])
def test_an_area_administrator_opens_everything_of_their_area(
    area_admin_client, world, name, thing
):
    for key in INSIDE:
        url = reverse(name, args=[world[key][thing].pk])
        assert area_admin_client.get(url).status_code == 200, url
    foreign = reverse(name, args=[world["foreign"][thing].pk])
    assert area_admin_client.get(foreign).status_code == 404


@pytest.mark.parametrize(("name", "thing"), DETAILS, ids=[f"{n}-{t}" for n, t in DETAILS])
def test_a_superuser_opens_everything(superuser_client, world, name, thing):
    for key in EVERY:
        url = reverse(name, args=[world[key][thing].pk])
        assert superuser_client.get(url).status_code == 200, url


def test_a_superuser_opens_the_request_they_just_registered(superuser_client, world):
    workroom = world["foreign"]["workroom"]
    response = superuser_client.post(
        reverse("petitions:register"),
        {
            "workroom": workroom.pk,
            "resident_name": "王秀英",
            "resident_phone": "13800138000",
            "channel": "visit",
            "category": "property",
            "title": "超级管理员登记的诉求",
            "content": "楼道灯坏了。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = superuser_client.get(response["Location"])
    assert detail.status_code == 200
    assert "超级管理员登记的诉求" in detail.content.decode()


def test_a_superuser_takes_a_request_out_of_the_archive(superuser_client, world):
    archived = world["foreign"]["archived"]
    response = superuser_client.post(
        reverse("petitions:unarchive", args=[archived.pk]),
        {"version": archived.version, "reason": "回访记录录错。"},
    )
    assert response.status_code == 302
    archived.refresh_from_db()
    assert archived.state == workflow.MOVES["unarchive"].target


def test_an_administrator_of_several_districts_sees_each_districts_requests(
    areas, wr, foreign_workroom, world
):
    admin = staff_of(wr.d, kind=RoleKind.ADMIN)
    RoleFactory(user=admin, kind=RoleKind.ADMIN, area=foreign_workroom.area)
    assert_rows_shown(_page(client_for(admin), "petitions:list"), "诉求", EVERY, world)


def test_a_superuser_sees_every_swap_waiting_for_a_decision(superuser_client, world):
    body = _page(superuser_client, "rosters:swap_inbox")
    for key in EVERY:
        assert world[key]["swap"].duty.representative.name in body
