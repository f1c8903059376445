"""``python manage.py demo``: the demo world from the seeds, built the same however often it runs."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role, User
from core.demo import DEMO_PASSWORD
from tests.helpers import client_for
from workrooms.models import Area, AreaKind, Workroom, WorkroomLevel

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ["admin", "dlb_yanta", "clerk_shuyuan", "clerk_xiaozhai", "rep_shuyuan"]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("accounts").get_models(include_auto_created=True),
        *apps.get_app_config("workrooms").get_models(include_auto_created=True),
        User,
        Role,
    ]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def demo():
    return run_demo()


def test_running_the_demo_twice_changes_nothing(media_root):
    run_demo()
    first = row_counts()
    files = sorted(p for p in media_root.rglob("*") if p.is_file())

    run_demo()

    assert row_counts() == first
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files
    assert first["workrooms.Workroom"] > 0
    assert first["workrooms.ChecklistEntry"] > 0
    assert first["accounts.Role"] > 0


def test_demo_prints_the_demo_logins(demo):
    assert DEMO_PASSWORD in demo
    for username in DEMO_LOGINS:
        assert username in demo


def test_yanta_district_has_its_one_plus_eight_plus_eight_workrooms(demo):
    yanta = Area.objects.get(code="610113")
    assert yanta.name == "雁塔区"

    levels = list(
        Workroom.objects.filter(area__path__startswith=yanta.path).values_list("level", flat=True)
    )

    assert levels.count(WorkroomLevel.DISTRICT) == 1
    assert levels.count(WorkroomLevel.SUBDISTRICT) == 8
    assert levels.count(WorkroomLevel.COMMUNITY) == 8
    assert len(levels) == 17


def test_shuyuan_road_workroom_exists(demo):
    workroom = Workroom.objects.get(name="书院路街道党代表工作室")

    assert workroom.area.code == "430304001"
    assert workroom.standard.name == "六有"


def test_daixi_subdistrict_has_nine_communities(demo):
    daixi = Area.objects.get(name="黛溪街道")

    children = Area.objects.get_children(daixi)

    assert children.count() == 9
    assert {child.kind for child in children} == {AreaKind.COMMUNITY}


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_each_demo_login_signs_in_with_the_demo_password(demo, client, username):
    response = client.post("/accounts/login/", {"login": username, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


def test_xiaozhai_clerk_cannot_see_the_shuyuan_road_workroom(demo):
    shuyuan = Workroom.objects.get(name="书院路街道党代表工作室")
    xiaozhai = client_for(User.objects.get(username="clerk_xiaozhai"))
    shuyuan_clerk = client_for(User.objects.get(username="clerk_shuyuan"))

    url = reverse("workroom_detail", args=[shuyuan.pk])

    assert xiaozhai.get(url).status_code == 404
    assert shuyuan_clerk.get(url).status_code == 200
