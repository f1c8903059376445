"""The door notice (公示牌): what a resident reads on the workroom's door, and the district's
notices printed at once by the liaison office."""

import io
import re
import shutil
import subprocess
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from petitions.models import DeadlinePolicy, Triage
from public.door_notice import build_notices, public_workroom
from representatives.models import AssignmentRole, Level
from rosters.models import RuleKind
from tests.factories import AreaFactory, WorkroomFactory
from tests.helpers import assert_redirects_to_login
from tests.public.qr_reading import read_qr, read_svg
from tests.rosters.factories import (
    AssignmentFactory,
    DutyShiftFactory,
    RepresentativeFactory,
    RotationRuleFactory,
)
from workrooms.models import AreaKind

pytestmark = pytest.mark.django_db

BASE = "https://dbgzs.example.gov.cn"
PHONE = re.compile(r"1[3-9]\d{9}")
HUGE = 10**30  # beyond any database's integer


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def _station(workroom, name, *, levels=Level.DISTRICT.bit, role=AssignmentRole.MEMBER, **extra):
    person = RepresentativeFactory(area=workroom.area, name=name, levels=levels, **extra)
    AssignmentFactory(representative=person, workroom=workroom, role=role)
    return person


def _reader(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    # pypdf may break a line anywhere; the assertions read the text without spaces and breaks.
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def furnished(wr):
    """Workroom A as a resident finds it: hours, phone, theme, three representatives."""
    wr.a.reception_hours = "每周二、周四 9:00–11:30"
    wr.a.phone = "029-85551234"
    wr.a.service_theme = "红色管家·连心服务"
    wr.a.save()
    leader = _station(
        wr.a,
        "王建华",
        levels=Level.NATIONAL.bit | Level.PROVINCIAL.bit,
        role=AssignmentRole.LEADER,
        phone="13800138000",
        residence="长安小区3号楼",
        post="长安街道党工委书记",
    )
    member = _station(wr.a, "李秀兰", levels=Level.CITY.bit, phone="13900139000")
    former = RepresentativeFactory(area=wr.a.area, name="赵已离任")
    AssignmentFactory(
        representative=former,
        workroom=wr.a,
        end_date=timezone.localdate() - timedelta(days=30),
    )
    return {"leader": leader, "member": member}


def test_notice_shows_the_workroom_its_representatives_and_their_levels(client, wr, furnished):
    text = _text(_reader(client.get(reverse("public:door_notice", args=[wr.a.pk]))))

    assert "长安街道党代表工作室" in text
    assert "街道（镇）级工作室" in text  # the level
    assert wr.a.address in text
    assert "每周二、周四9:00–11:30" in text
    assert "029-85551234" in text  # the workroom's phone: the one number on the door
    assert "红色管家·连心服务" in text
    assert "王建华" in text and "国、省党代表" in text and "组长" in text
    assert "长安街道党工委书记" in text
    assert "李秀兰" in text and "市党代表" in text
    assert "扫码查看工作室、反映诉求" in text
    assert f"{BASE}/w/{wr.a.pk}/" in text


def test_notice_never_shows_a_representatives_phone_or_residence(client, wr, furnished):
    text = _text(_reader(client.get(reverse("public:door_notice", args=[wr.a.pk]))))

    assert "13800138000" not in text and "13900139000" not in text
    assert not PHONE.search(text)
    assert "长安小区" not in text


def test_notice_leaves_out_representatives_no_longer_stationed(client, wr, furnished):
    text = _text(_reader(client.get(reverse("public:door_notice", args=[wr.a.pk]))))

    assert "赵已离任" not in text


def test_notice_lists_this_months_reception_days_from_the_roster(client, wr):
    today = timezone.localdate()
    first = today.replace(day=1)
    DutyShiftFactory(workroom=wr.a, date=first, start_time=time(9), end_time=time(11, 30))
    DutyShiftFactory(
        workroom=wr.a, date=first + timedelta(days=2), start_time=time(9), end_time=time(11, 30)
    )
    DutyShiftFactory(
        workroom=wr.a, date=first + timedelta(days=2), start_time=time(14), end_time=time(17)
    )
    DutyShiftFactory(workroom=wr.a, date=first - timedelta(days=3))  # last month's
    RotationRuleFactory(workroom=wr.a, kind=RuleKind.WEEKLY, weekdays="2,4")

    text = _text(_reader(client.get(reverse("public:door_notice", args=[wr.a.pk]))))

    day = first + timedelta(days=2)
    assert f"{first.year}年{first.month}月接待日" in text
    assert f"{first.month}月1日、{day.month}月{day.day}日9:00–11:30" in text
    assert f"{day.month}月{day.day}日14:00–17:00" in text
    last_month = first - timedelta(days=3)
    assert f"{last_month.month}月{last_month.day}日" not in text
    assert "每周二、周四9:00–11:30" in text  # the rotation rule, in words


def test_notice_promises_the_reply_deadlines_the_administrator_set(client, wr):
    DeadlinePolicy.objects.update_or_create(
        triage=Triage.TIME_LIMITED, defaults={"working_days": 7}
    )
    DeadlinePolicy.objects.update_or_create(triage=Triage.REFER_UP, defaults={"working_days": 20})

    text = _text(_reader(client.get(reverse("public:door_notice", args=[wr.a.pk]))))

    assert "小事当场办、大事请示办、要事限时办" in text
    assert "7个工作日" in text and "20个工作日" in text
    assert "每月有接待、每月有反馈" in text
    assert "件件有回音、事事有落实" in text


def test_notice_is_chinese_whatever_the_visitors_language(client, wr, furnished):
    response = client.get(reverse("public:door_notice", args=[wr.a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = _text(_reader(response))

    assert "驻室党代表" in text and "Representatives" not in text


def test_notice_of_a_big_workroom_fits_one_page(client, wr):
    for n in range(28):
        _station(wr.a, f"代表{n:02d}", post="某某单位某某职务")

    reader = _reader(client.get(reverse("public:door_notice", args=[wr.a.pk])))

    assert len(reader.pages) == 1
    assert "代表27" in _text(reader)


def test_notice_qr_code_reads_back_as_the_public_page(wr):
    (notice,) = build_notices([public_workroom(wr.b.pk)])

    assert read_svg(notice.qr) == [f"{BASE}/w/{wr.b.pk}/"]


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) not installed")
def test_printed_notice_scans_to_the_public_page(client, wr, furnished, tmp_path):
    response = client.get(reverse("public:door_notice", args=[wr.a.pk]))
    (tmp_path / "notice.pdf").write_bytes(response.content)

    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "notice.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )

    assert read_qr(Image.open(tmp_path / "page.png")) == [f"{BASE}/w/{wr.a.pk}/"]


def test_notice_of_a_closed_or_unknown_workroom_is_not_found(client, wr):
    wr.b.is_active = False
    wr.b.save()

    assert client.get(reverse("public:door_notice", args=[wr.b.pk])).status_code == 404
    assert client.get(reverse("public:door_notice", args=[999999])).status_code == 404
    assert client.get(reverse("public:door_notice", args=[HUGE])).status_code == 404


def test_notice_is_read_only(client, wr):
    assert client.post(reverse("public:door_notice", args=[wr.a.pk])).status_code == 405


# --- The district's notices, one PDF ------------------------------------------------------------


def _district_url(area) -> str:
    return f"{reverse('public:district_notices')}?area={area.pk}"


def test_liaison_office_prints_every_open_workroom_of_its_district(
    liaison_client, wr, foreign_workroom
):
    closed = WorkroomFactory(area=wr.b.area, name="已撤并党代表工作室", is_active=False)

    reader = _reader(liaison_client.get(_district_url(wr.d.area)))
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]

    assert len(pages) == 4
    for workroom, page in zip((wr.d, wr.a, wr.a1, wr.b), pages, strict=True):
        assert workroom.name in page
        assert f"{BASE}/w/{workroom.pk}/" in page
    assert closed.name not in "".join(pages)
    assert foreign_workroom.name not in "".join(pages)


def test_notices_of_a_subdistrict_cover_its_subtree_only(liaison_client, wr):
    text = _text(_reader(liaison_client.get(_district_url(wr.a.area))))

    assert wr.a.name in text and wr.a1.name in text
    assert wr.b.name not in text and wr.d.name not in text


def test_area_admin_prints_the_district_too(area_admin_client, wr):
    reader = _reader(area_admin_client.get(_district_url(wr.d.area)))

    assert len(reader.pages) == 4


def test_district_notices_of_another_district_are_not_found(liaison_client, foreign_workroom):
    assert liaison_client.get(_district_url(foreign_workroom.area)).status_code == 404


@pytest.mark.parametrize("fixture", ["clerk_a_client", "representative_client"])
def test_district_notices_are_for_the_liaison_office_only(request, fixture, wr):
    client = request.getfixturevalue(fixture)

    assert client.get(_district_url(wr.a.area)).status_code == 403


def test_district_notices_need_sign_in(client, wr):
    url = _district_url(wr.d.area)

    assert_redirects_to_login(client.get(url), url)


@pytest.mark.parametrize(
    "query", ["", "?area=", "?area=abc", "?area=1.5", "?area=-1", "?area=999999", f"?area={HUGE}"]
)
def test_district_notices_without_a_valid_area_are_not_found(liaison_client, wr, query):
    response = liaison_client.get(reverse("public:district_notices") + query)

    assert response.status_code == 404


def test_district_notices_are_read_only(liaison_client, wr):
    assert liaison_client.post(_district_url(wr.d.area)).status_code == 405


def _furnish(area, count):
    """``count`` workrooms under ``area``, each with three representatives, shifts, a rule."""
    for _ in range(count):
        workroom = WorkroomFactory(area=AreaFactory(parent=area, kind=AreaKind.COMMUNITY))
        for level in (Level.CITY, Level.DISTRICT, Level.TOWN):
            _station(workroom, f"代表{workroom.pk}-{level.value}", levels=level.bit)
        for day in (1, 8):
            DutyShiftFactory(workroom=workroom, date=timezone.localdate().replace(day=day))
        RotationRuleFactory(workroom=workroom)


# Session, user, roles, area, workrooms, and one prefetch each for the representatives, shifts
# and rules, the deadline rules: a query per workroom would pass this with the second batch.
DISTRICT_QUERY_LIMIT = 10


def test_district_notices_run_a_constant_number_of_queries(
    liaison_client, wr, areas, django_assert_max_num_queries
):
    areas.b.refresh_from_db()
    _furnish(areas.b, 2)
    with django_assert_max_num_queries(DISTRICT_QUERY_LIMIT):
        few = _reader(liaison_client.get(_district_url(areas.d)))

    _furnish(areas.b, 10)
    with django_assert_max_num_queries(DISTRICT_QUERY_LIMIT):
        many = _reader(liaison_client.get(_district_url(areas.d)))

    assert len(few.pages) == 6
    assert len(many.pages) == 16


def test_workroom_list_offers_the_liaison_office_its_districts_notices(liaison_client, wr):
    body = liaison_client.get(reverse("workroom_list")).content.decode()

    assert _district_url(wr.d.area).replace("&", "&amp;") in body


def test_workroom_list_offers_the_area_filtered_on(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"area": wr.a.area.pk})

    assert _district_url(wr.a.area) in response.content.decode()


def test_workroom_list_offers_clerks_no_district_notices(clerk_a_client, wr):
    body = clerk_a_client.get(reverse("workroom_list")).content.decode()

    assert reverse("public:district_notices") not in body


def test_notice_is_rendered_once_for_many_visitors_and_again_after_a_change(
    client, wr, monkeypatch
):
    from public import door_notice

    renders = []
    real = door_notice.notices_pdf
    monkeypatch.setattr(
        door_notice, "notices_pdf", lambda *a, **kw: renders.append(1) or real(*a, **kw)
    )
    url = reverse("public:door_notice", args=[wr.a.pk])
    first = client.get(url).content
    second = client.get(url).content
    wr.a.service_theme = "新的服务主题"
    wr.a.save()
    changed = _text(_reader(client.get(url)))

    assert first == second
    assert len(renders) == 2
    assert "新的服务主题" in changed
