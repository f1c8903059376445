"""The residents' directory and a workroom's public page: what they show, what they never show,
and that they are served from the cache at a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityPhoto
from representatives.models import AssignmentRole, Level
from tests.activities.factories import ActivityFactory, CourseFactory, WishFactory, activity_type
from tests.factories import WorkroomFactory, png_upload
from tests.public.conftest import populate
from tests.representatives.factories import RepresentativeFactory, stationed
from tests.rosters.factories import DutyFactory, DutyShiftFactory
from workrooms.models import WorkroomLevel

pytestmark = pytest.mark.django_db


def page_of(workroom) -> str:
    return reverse("public:workroom", args=[workroom.pk])


# --- the directory ------------------------------------------------------------------------------


def test_the_directory_lists_the_open_workrooms(client, wr):
    WorkroomFactory(area=wr.a.area, name="已撤销工作室", is_active=False)
    body = client.get(reverse("public:directory")).content.decode()
    for workroom in (wr.d, wr.a, wr.a1, wr.b):
        assert workroom.name in body
        assert page_of(workroom) in body
    assert "已撤销工作室" not in body


def test_the_directory_finds_a_workroom_by_the_name_of_an_area_above_it(client, wr):
    body = client.get(reverse("public:directory"), {"q": " 长安 "}).content.decode()
    assert wr.a.name in body and wr.a1.name in body  # 兴善社区 is under 长安街道
    assert wr.b.name not in body and wr.d.name not in body


def test_the_directory_finds_a_workroom_by_its_own_name(client, wr):
    body = client.get(reverse("public:directory"), {"q": "兴善"}).content.decode()
    assert wr.a1.name in body and wr.a.name not in body


def test_the_directory_filters_by_level(client, wr):
    response = client.get(reverse("public:directory"), {"level": WorkroomLevel.COMMUNITY})
    body = response.content.decode()
    assert wr.a1.name in body and wr.a.name not in body


def test_an_unknown_level_is_ignored(client, wr):
    response = client.get(reverse("public:directory"), {"level": "galaxy", "page": "x"})
    assert response.status_code == 200
    assert wr.a.name in response.content.decode()


def test_the_directory_is_paginated_at_a_fixed_number_of_queries(
    client, wr, django_assert_max_num_queries
):
    for i in range(45):
        WorkroomFactory(area=wr.a1.area, name=f"网格工作室{i:02d}", level=WorkroomLevel.COMMUNITY)
    with django_assert_max_num_queries(3):
        first = client.get(reverse("public:directory"), {"q": "网格"})
    with django_assert_max_num_queries(3):
        last = client.get(reverse("public:directory"), {"q": "网格", "page": 3})
    assert "网格工作室00" in first.content.decode()
    assert "网格工作室44" in last.content.decode()
    assert "page=2" in last.content.decode() and "q=%E7%BD%91%E6%A0%BC" in last.content.decode()


def test_the_directory_is_served_from_the_cache_on_the_second_hit(
    client, wr, django_assert_max_num_queries
):
    first = client.get(reverse("public:directory"))
    with django_assert_max_num_queries(0):
        second = client.get(reverse("public:directory"))
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=60"


def test_a_search_is_shareable_but_not_kept_on_the_server(client, wr):
    response = client.get(reverse("public:directory"), {"q": "长安"})
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response["Vary"]


# --- a workroom's page --------------------------------------------------------------------------


@pytest.fixture
def workroom(wr):
    workroom = wr.a
    workroom.address = "长安路88号党群服务中心二楼"
    workroom.reception_hours = "每周二、周四 9:00–11:30"
    workroom.service_theme = "传党音、听民意、解民忧"
    workroom.phone = "029-85551234"
    workroom.save()
    return workroom


def test_the_page_shows_the_workroom_as_it_publishes_itself(client, workroom):
    body = client.get(page_of(workroom)).content.decode()
    for text in (
        workroom.name,
        workroom.address,
        workroom.reception_hours,
        workroom.service_theme,
        workroom.phone,
        "六有",
        "长安街道",
    ):
        assert text in body


def test_the_three_doors_are_at_the_top(client, workroom):
    body = client.get(page_of(workroom)).content.decode()
    request_url = reverse("public:request", args=[workroom.pk])
    wish_url = reverse("public:wish", args=[workroom.pk])
    track_url = reverse("public:track")
    assert request_url in body and wish_url in body and track_url in body
    # Before the first section: reachable without scrolling on a phone.
    assert body.index(request_url) < body.index('id="duty"')
    assert "反映诉求" in body and "许个微心愿" in body and "查询进度" in body


def test_representatives_show_levels_unit_and_field_but_no_phone_or_residence(client, workroom):
    rep = stationed(
        workroom,
        role=AssignmentRole.LEADER,
        name="王建华",
        levels=Level.NATIONAL.bit | Level.PROVINCIAL.bit,
        work_unit="西安交通大学",
        residence="长安小区5号楼",
        phone="13700001111",
    )
    left = RepresentativeFactory(area=workroom.area, name="已离任代表")
    stationed_before = stationed(workroom, name="过去的代表")
    stationed_before.assignments.update(end_date=timezone.localdate() - timedelta(days=1))
    body = client.get(page_of(workroom)).content.decode()
    assert "王建华" in body and "国、省党代表" in body and "西安交通大学" in body
    assert "组长" in body
    assert "驻室党代表1人" in body
    assert rep.phone not in body and "长安小区5号楼" not in body
    assert left.name not in body and "过去的代表" not in body


def test_the_duty_schedule_shows_this_and_next_month(client, workroom):
    today = timezone.localdate()
    first = today.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    later = (after + timedelta(days=32)).replace(day=1)
    a, b, c = (stationed(workroom, name=n) for n in ("本月值班", "下月值班", "再后值班"))
    DutyFactory(shift=DutyShiftFactory(workroom=workroom, date=first), representative=a)
    DutyFactory(shift=DutyShiftFactory(workroom=workroom, date=after), representative=b)
    DutyFactory(shift=DutyShiftFactory(workroom=workroom, date=later), representative=c)
    body = client.get(page_of(workroom)).content.decode()
    section = body[body.index('id="duty"') : body.index('id="representatives"')]
    assert "本月值班" in section and "下月值班" in section and "再后值班" not in section


def test_recent_activities_show_titles_dates_and_photos_but_not_internal_talks(client, workroom):
    activity = ActivityFactory(workroom=workroom, title="微宣讲：垃圾分类新规")
    photo = ActivityPhoto.objects.create(activity=activity, image=png_upload("talk.png"))
    ActivityFactory(workroom=workroom, title="个别谈话记录", type=activity_type("talk"))
    body = client.get(page_of(workroom)).content.decode()
    assert "微宣讲：垃圾分类新规" in body
    assert reverse("public:activity_photo", args=[photo.pk]) in body
    assert "个别谈话记录" not in body


def test_the_course_menu_is_a_section_of_the_page(client, workroom):
    teacher = stationed(workroom, name="讲课代表")
    CourseFactory(workroom=workroom, representative=teacher, title="党史中的为民情怀")
    CourseFactory(workroom=workroom, representative=teacher, title="下架课程", is_published=False)
    body = client.get(page_of(workroom)).content.decode()
    section = body[body.index('id="courses"') : body.index('id="wishes"')]
    assert "党史中的为民情怀" in section and "讲课代表" in section
    assert "下架课程" not in body


def test_the_old_course_menu_address_sends_visitors_to_the_section(client, workroom):
    response = client.get(reverse("activities:course_menu", args=[workroom.pk]))
    assert response.status_code == 302
    assert response["Location"] == page_of(workroom) + "#courses"


def test_open_wishes_name_the_resident_by_family_name_only(client, workroom):
    WishFactory(workroom=workroom, resident_name="王秀英", content="希望有人帮忙修理轮椅")
    WishFactory(
        workroom=workroom,
        resident_name="李桂兰",
        content="帮独居老人修好门锁",
        status="fulfilled",
        fulfilled_at=timezone.now(),
    )
    body = client.get(page_of(workroom)).content.decode()
    assert "希望有人帮忙修理轮椅" in body and "王*" in body
    assert "王秀英" not in body and "兴善小区3号楼" not in body
    # The board shows what was fulfilled too, below the open ones, masked the same way.
    fulfilled = body.index("帮独居老人修好门锁")
    assert body.index("希望有人帮忙修理轮椅") < fulfilled
    assert "李*" in body and "李桂兰" not in body


def test_the_figures_and_the_monthly_record_are_shown(client, workroom):
    populate(workroom, 2)
    body = client.get(page_of(workroom)).content.decode()
    section = body[body.index('id="figures"') : body.index('id="activities"')]
    assert "100.0%" in section  # both requests answered
    assert section.count("pub-record-month") == 12


def test_a_closed_or_unknown_workroom_is_not_found(client, wr):
    wr.b.is_active = False
    wr.b.save()
    assert client.get(page_of(wr.b)).status_code == 404
    assert client.get(reverse("public:workroom", args=[999999])).status_code == 404


def test_the_page_is_the_same_for_every_visitor(client, workroom, clerk_a_client):
    body = client.get(page_of(workroom))
    assert "csrfmiddlewaretoken" not in body.content.decode()
    assert settings.CSRF_COOKIE_NAME not in body.cookies
    assert clerk_a_client.get(page_of(workroom)).content == body.content


def test_only_get_and_head(client, workroom):
    assert client.post(page_of(workroom)).status_code == 405
    assert client.head(page_of(workroom)).status_code == 200


# --- cache and HTTP -----------------------------------------------------------------------------


def test_the_second_hit_is_served_from_the_cache(client, workroom, django_assert_max_num_queries):
    populate(workroom, 3)
    first = client.get(page_of(workroom))
    with django_assert_max_num_queries(0):
        second = client.get(page_of(workroom))
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in second["Vary"]


def test_a_matching_etag_is_answered_not_modified(client, workroom):
    etag = client.get(page_of(workroom))["ETag"]
    response = client.get(page_of(workroom), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert client.get(page_of(workroom), headers={"if-none-match": '"old"'}).status_code == 200


def test_the_query_count_does_not_grow_with_the_data(client, wr, count_queries):
    populate(wr.a, 3)
    populate(wr.b, 9)
    with count_queries() as small:
        assert client.get(page_of(wr.a)).status_code == 200
    with count_queries() as big:
        assert client.get(page_of(wr.b)).status_code == 200
    assert len(small) == len(big), [q["sql"] for q in big.captured_queries]
    assert len(big) <= 25


def test_each_language_has_its_own_page(client, workroom):
    chinese = client.get(page_of(workroom)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(page_of(workroom)).content.decode()
    assert "反映诉求" in chinese
    assert "Raise a request" in english and "反映诉求" not in english


# --- language ----------------------------------------------------------------------------------


def test_the_language_link_sets_the_cookie_and_goes_back(client, workroom):
    url = reverse("public:language", args=["en"])
    response = client.get(url, {"next": page_of(workroom)})
    assert response.status_code == 302 and response["Location"] == page_of(workroom)
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "w/1/", ""])
def test_the_language_link_never_leaves_the_site(client, next_url):
    response = client.get(reverse("public:language", args=["en"]), {"next": next_url})
    assert response["Location"] == reverse("public:directory")


def test_an_unknown_language_sets_nothing(client):
    response = client.get(reverse("public:language", args=["xx"]), {"next": "/w/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# --- the doors from the staff side --------------------------------------------------------------


def test_the_sign_in_page_leads_visitors_to_the_directory(client):
    assert client.get("/")["Location"].startswith(reverse("account_login"))
    body = client.get(reverse("account_login")).content.decode()
    assert reverse("public:directory") in body and "找工作室 / 反映诉求" in body


# --- photos ------------------------------------------------------------------------------------


def test_a_stationed_representatives_photo_is_public(client, workroom):
    rep = stationed(workroom, photo=png_upload("face.png"))
    body = client.get(page_of(workroom)).content.decode()
    url = reverse("public:representative_photo", args=[rep.pk])
    assert url in body
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")


def test_a_photo_of_someone_not_stationed_is_not_found(client, wr):
    rep = RepresentativeFactory(area=wr.a.area, photo=png_upload("face.png"))
    assert client.get(reverse("public:representative_photo", args=[rep.pk])).status_code == 404


def test_a_search_with_control_characters_finds_what_the_words_name(client, wr):
    # A NUL byte made PostgreSQL refuse the query: a server error on the public directory.
    response = client.get(reverse("public:directory"), {"q": "曲池\x00街道\x07"})
    assert response.status_code == 200
    assert "曲池街道党代表工作室" in response.content.decode()
