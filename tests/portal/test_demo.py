"""``python manage.py demo``: the demo world from the seeds, built the same however often it runs."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from core.demo import DEMO_PASSWORD
from tests.helpers import client_for
from workrooms.models import Area, AreaKind, Workroom, WorkroomLevel

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "admin",
    "dlb_yanta",
    "dlb_yuetang",
    "clerk_shuyuan",
    "clerk_xiaozhai",
    "rep_shuyuan",
]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


PROJECT_APPS = [
    "accounts",
    "workrooms",
    "representatives",
    "rosters",
    "petitions",
    "activities",
    "reports",
    "notices",
]


def row_counts() -> dict[str, int]:
    """Rows of every model of ours (auto-created many-to-many tables included)."""
    models = [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return {model._meta.label: model.objects.count() for model in models}


def media_files(root) -> list:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, run twice, once for the module; rolled back afterwards. Building it takes
    several seconds (reports are rendered), so every test here shares it."""
    from django.db import transaction
    from django.test import override_settings

    root = tmp_path_factory.mktemp("media")
    # The block's own exit rolls back even when building fails (a transaction left open
    # would keep the shared test database locked for every test after).
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=root), transaction.atomic():
        output = run_demo()
        first, first_files = row_counts(), media_files(root)
        second_output = run_demo()
        yield {
            "output": output,
            "second_output": second_output,
            "first": first,
            "first_files": first_files,
            "second": row_counts(),
            "second_files": media_files(root),
        }
        transaction.set_rollback(True)


@pytest.fixture
def demo(world):
    return world["output"]


def test_running_the_demo_twice_changes_nothing(world):
    assert world["second"] == world["first"]
    assert world["second_files"] == world["first_files"]
    first = world["first"]
    for label in (
        "workrooms.Workroom",
        "workrooms.ChecklistEntry",
        "accounts.Role",
        "representatives.Representative",
        "rosters.DutyShift",
        "petitions.Petition",
        "activities.Activity",
        "activities.Wish",
        "reports.Report",
    ):
        assert first[label] > 0, label


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


def _queue(username, role):
    response = client_for(User.objects.get(username=username)).get(reverse("home"))
    assert response.status_code == 200
    return next(q for q in response.context["queues"] if q.role == role)


def test_the_clerks_home_has_something_in_every_panel(demo):
    clerk = _queue("clerk_shuyuan", "clerk")

    assert clerk["shifts"], "a reception duty today"
    assert clerk["counts"]["overdue"] and clerk["counts"]["due_today"]
    assert clerk["waiting_next"]
    assert clerk["swap_count"] == 1
    assert clerk["wish_count"] and clerk["resolution_count"]
    assert clerk["flags"]


def test_the_representatives_home_has_something_in_every_panel(demo):
    rep = _queue("rep_shuyuan", "representative")

    assert rep["next_duty"] is not None and rep["sign_in_today"]
    assert rep["swap_count"] and rep["request_count"] and rep["topic_count"]
    assert rep["wish_count"] == 1


def test_the_liaison_offices_home_has_something_in_every_panel(demo):
    yuetang = _queue("dlb_yuetang", "office")
    yanta = _queue("dlb_yanta", "office")

    assert yuetang["referral_count"] == 1
    assert yuetang["supervised_count"]
    assert yanta["failing"] and yanta["overdue_by_workroom"] and yanta["research_overdue"]
    assert yanta["standards"] and yanta["pdfs"]


@pytest.mark.parametrize("username", [*DEMO_LOGINS, "dlb_yuetang", "clerk_daixi"])
def test_each_demo_login_has_read_and_unread_notifications(demo, username):
    from notices.models import Notification

    mine = Notification.objects.filter(recipient__username=username)

    assert mine.filter(read_at__isnull=True).exists(), username
    assert mine.filter(read_at__isnull=False).exists(), username
    # From the demo's own objects: each links to a page that exists.
    user = User.objects.get(username=username)
    newest = mine.select_related("notice").order_by("-created_at").first()
    assert client_for(user).get(newest.notice.url).status_code == 200, newest.notice.url


def test_the_demo_shows_example_robots_and_sends_nothing(demo):
    from notices.models import Delivery, RobotWebhook

    robots = RobotWebhook.objects.all()

    assert {r.kind for r in robots} == {"wecom", "dingtalk"}
    assert not robots.filter(is_active=True).exists()
    assert not Delivery.objects.exists()
