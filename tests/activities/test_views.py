"""The activity pages: happy path, anonymous, out of scope (404), wrong role (403), wrong method
(405), and constant query counts on the lists."""

from datetime import date

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityPhoto, Resolution, ResolutionStatus
from tests.activities.factories import (
    ActivityFactory,
    DeliberationFactory,
    ResolutionFactory,
    activity_type,
)
from tests.factories import png_upload
from tests.helpers import assert_redirects_to_login
from tests.petitions.factories import pdf_bytes, upload
from tests.representatives.factories import stationed

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(wr, me, clerk_a):
    return ActivityFactory(
        workroom=wr.a,
        type=activity_type("household_visit"),
        title="走访独居老人",
        representatives=[me],
        created_by=clerk_a,
    )


@pytest.fixture
def foreign_activity(foreign_workroom):
    return ActivityFactory(workroom=foreign_workroom, title="外区活动")


# --- list -------------------------------------------------------------------------------------


def test_list_shows_activities_in_scope_only(clerk_a_client, activity, wr):
    ActivityFactory(workroom=wr.b, title="曲池街道宣讲")
    response = clerk_a_client.get(reverse("activities:list"))
    assert response.status_code == 200
    titles = [a.title for a in response.context["page"]]
    assert titles == ["走访独居老人"]


def test_list_filters_by_type_area_dates_representative_and_text(liaison_client, wr, me):
    lecture = ActivityFactory(workroom=wr.a1, title="微宣讲甲", date=date(2026, 3, 2))
    ActivityFactory(workroom=wr.b, title="微宣讲乙", date=date(2026, 3, 2))
    visit = ActivityFactory(
        workroom=wr.a,
        type=activity_type("household_visit"),
        title="走访",
        date=date(2026, 5, 1),
        representatives=[me],
    )
    url = reverse("activities:list")

    def titles(**query):
        return {a.title for a in liaison_client.get(url, query).context["page"]}

    assert titles(type=visit.type.pk) == {"走访"}
    assert titles(area=wr.a.area.pk) == {"微宣讲甲", "走访"}
    assert titles(workroom=wr.a1.pk) == {lecture.title}
    assert titles(date_from="2026-04-01", date_until="2026-05-31") == {"走访"}
    assert titles(representative=me.pk) == {"走访"}
    assert titles(q="乙") == {"微宣讲乙"}


def test_list_anonymous_goes_to_sign_in(client):
    url = reverse("activities:list")
    assert_redirects_to_login(client.get(url), url)


def test_list_refuses_post(clerk_a_client):
    assert clerk_a_client.post(reverse("activities:list")).status_code == 405


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_constant(
    rows, liaison_client, wr, me, peer, django_assert_max_num_queries
):
    for i in range(rows):
        ActivityFactory(workroom=wr.a, representatives=[me, peer], title=f"活动{i}")
    with django_assert_max_num_queries(12):
        response = liaison_client.get(reverse("activities:list"))
    assert response.status_code == 200


def test_export_is_an_excel_file_of_the_filtered_list(clerk_a_client, activity, wr):
    from openpyxl import load_workbook

    ActivityFactory(workroom=wr.a, title="另一个活动", type=activity_type("lecture"))
    response = clerk_a_client.get(reverse("activities:export"), {"type": activity.type.pk})
    assert response.status_code == 200
    workbook = load_workbook(__import__("io").BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:3] == ("日期", "时间", "活动类型")
    assert [row[4] for row in rows[1:]] == ["走访独居老人"]
    assert rows[1][7] == "党代表甲"


# --- detail -----------------------------------------------------------------------------------


def test_detail_shows_participants_and_register_link(clerk_a_client, activity, wr):
    response = clerk_a_client.get(reverse("activities:detail", args=[activity.pk]))
    assert response.status_code == 200
    assert [r.name for r in response.context["participants"]] == ["党代表甲"]
    register_url = response.context["register_url"]
    assert f"workroom={wr.a.pk}" in register_url
    assert "channel=household" in register_url
    assert f"activity={activity.pk}" in register_url


def test_meeting_registers_requests_as_meeting_channel(clerk_a_client, wr):
    forum = ActivityFactory(workroom=wr.a, type=activity_type("forum"))
    response = clerk_a_client.get(reverse("activities:detail", args=[forum.pk]))
    assert "channel=meeting" in response.context["register_url"]


def test_lecture_offers_no_register_link(clerk_a_client, wr):
    lecture = ActivityFactory(workroom=wr.a)
    response = clerk_a_client.get(reverse("activities:detail", args=[lecture.pk]))
    assert response.context["register_url"] is None


def test_detail_out_of_scope_is_404(clerk_b_client, activity):
    assert clerk_b_client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404


def test_detail_anonymous_goes_to_sign_in(client, activity):
    url = reverse("activities:detail", args=[activity.pk])
    assert_redirects_to_login(client.get(url), url)


# --- create and edit --------------------------------------------------------------------------


def _form(workroom, reps, **extra):
    data = {
        "workroom": workroom.pk,
        "type": activity_type("micro_lecture").pk,
        "title": "微宣讲：新修订的条例",
        "date": "2026-06-01",
        "start_time": "09:00",
        "end_time": "10:30",
        "place": "书院路社区",
        "representatives": [r.pk for r in reps],
        "attendees": "40",
        "summary": "讲解条例",
    }
    data.update(extra)
    return data


def test_clerk_records_an_activity(clerk_a_client, clerk_a, wr, me):
    response = clerk_a_client.post(reverse("activities:create"), _form(wr.a, [me]))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert (activity.created_by, activity.attendees) == (clerk_a, 40)
    assert list(activity.representatives.all()) == [me]


def test_an_activity_form_sent_twice_records_one_activity(clerk_a_client, wr, me):
    from core.once import new_token

    data = _form(wr.a, [me], once=new_token())
    first = clerk_a_client.post(reverse("activities:create"), data)
    second = clerk_a_client.post(reverse("activities:create"), data)

    assert Activity.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_deliberation_needs_its_kind(clerk_a_client, wr):
    data = _form(wr.a, [], type=activity_type("deliberation").pk)
    response = clerk_a_client.post(reverse("activities:create"), data)
    assert response.status_code == 200
    assert "deliberation_kind" in response.context["form"].errors


def test_representative_records_only_with_themselves(representative_client, wr, me, peer):
    response = representative_client.post(reverse("activities:create"), _form(wr.a, [peer]))
    assert response.status_code == 200
    assert not Activity.objects.exists()
    response = representative_client.post(reverse("activities:create"), _form(wr.a, [me]))
    assert response.status_code == 302


def test_create_form_offers_only_workrooms_in_scope(clerk_a_client, wr):
    response = clerk_a_client.get(reverse("activities:create"))
    offered = set(response.context["form"].fields["workroom"].queryset)
    assert offered == {wr.a, wr.a1}


def test_create_for_a_workroom_out_of_scope_is_invalid(clerk_b_client, wr):
    response = clerk_b_client.post(reverse("activities:create"), _form(wr.a, []))
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_create_without_any_role_is_403(db):
    from tests.factories import UserFactory
    from tests.helpers import client_for

    client = client_for(UserFactory())
    assert client.get(reverse("activities:create")).status_code == 403


def test_create_anonymous_goes_to_sign_in(client):
    url = reverse("activities:create")
    assert_redirects_to_login(client.get(url), url)


def test_edit_saves(clerk_a_client, activity, wr, me):
    url = reverse("activities:edit", args=[activity.pk])
    data = _form(wr.a, [me], type=activity.type.pk, title="改名")
    assert clerk_a_client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "改名"


def test_edit_form_shows_the_date_as_a_date_input_reads_it(clerk_a_client, activity):
    # <input type="date"> reads only 2026-03-05: the Chinese input format (2026/03/05) would
    # leave the field empty, and the required date would have to be entered again.
    response = clerk_a_client.get(reverse("activities:edit", args=[activity.pk]))
    assert f'value="{activity.date:%Y-%m-%d}"' in response.content.decode()


def test_edit_by_representative_who_was_not_there_is_403(peer_client, peer, activity):
    assert peer_client.get(reverse("activities:edit", args=[activity.pk])).status_code == 403


def test_edit_out_of_scope_is_404(clerk_b_client, activity):
    assert clerk_b_client.get(reverse("activities:edit", args=[activity.pk])).status_code == 404


def test_edit_refuses_put(clerk_a_client, activity):
    assert clerk_a_client.put(reverse("activities:edit", args=[activity.pk])).status_code == 405


# --- photos -----------------------------------------------------------------------------------


def test_upload_photo_and_read_it_back(clerk_a_client, activity):
    url = reverse("activities:photo_add", args=[activity.pk])
    response = clerk_a_client.post(url, {"image": png_upload("现场.png"), "caption": "现场"})
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    thumb = clerk_a_client.get(reverse("activities:photo", args=[activity.pk, photo.pk, "thumb"]))
    assert thumb.status_code == 200
    assert b"".join(thumb.streaming_content)[:2] == b"\xff\xd8"  # JPEG


def test_upload_of_a_pdf_renamed_jpg_is_refused(clerk_a_client, activity):
    url = reverse("activities:photo_add", args=[activity.pk])
    response = clerk_a_client.post(url, {"image": upload("现场.jpg", pdf_bytes(), "image/jpeg")})
    assert response.status_code == 400
    assert not ActivityPhoto.objects.exists()


def test_upload_by_representative_not_there_is_403(peer_client, peer, activity):
    url = reverse("activities:photo_add", args=[activity.pk])
    assert peer_client.post(url, {"image": png_upload()}).status_code == 403


def test_upload_out_of_scope_is_404(clerk_b_client, activity):
    url = reverse("activities:photo_add", args=[activity.pk])
    assert clerk_b_client.post(url, {"image": png_upload()}).status_code == 404


def test_upload_refuses_get(clerk_a_client, activity):
    assert (
        clerk_a_client.get(reverse("activities:photo_add", args=[activity.pk])).status_code == 405
    )


def test_photo_out_of_scope_is_404(clerk_a, clerk_b_client, activity):
    from activities.services import log as services

    photo = services.photo_add(activity, actor=clerk_a, image=png_upload())
    url = reverse("activities:photo", args=[activity.pk, photo.pk, "full"])
    assert clerk_b_client.get(url).status_code == 404


def test_photo_anonymous_goes_to_sign_in(client, clerk_a, activity):
    from activities.services import log as services

    photo = services.photo_add(activity, actor=clerk_a, image=png_upload())
    url = reverse("activities:photo", args=[activity.pk, photo.pk, "thumb"])
    assert_redirects_to_login(client.get(url), url)


# --- resolutions ------------------------------------------------------------------------------


@pytest.fixture
def meeting(wr, me, clerk_a):
    return DeliberationFactory(workroom=wr.a, representatives=[me], created_by=clerk_a)


def test_add_resolution_on_the_meeting_page(clerk_a_client, meeting, me):
    url = reverse("activities:resolution_add", args=[meeting.pk])
    response = clerk_a_client.post(
        url, {"text": "增设车位", "owner": me.pk, "due_date": "2026-12-31"}
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert (resolution.owner, resolution.due_date) == (me, date(2026, 12, 31))


def test_add_resolution_without_owner_is_refused(clerk_a_client, meeting):
    url = reverse("activities:resolution_add", args=[meeting.pk])
    assert clerk_a_client.post(url, {"text": "增设车位"}).status_code == 400
    assert not Resolution.objects.exists()


def test_add_resolution_wrong_role_is_403(peer_client, peer, meeting):
    url = reverse("activities:resolution_add", args=[meeting.pk])
    assert peer_client.post(url, {"text": "x", "owner_note": "物业"}).status_code == 403


def test_add_resolution_out_of_scope_is_404(clerk_b_client, meeting):
    url = reverse("activities:resolution_add", args=[meeting.pk])
    assert clerk_b_client.post(url, {"text": "x", "owner_note": "物业"}).status_code == 404


def test_add_resolution_refuses_get(clerk_a_client, meeting):
    url = reverse("activities:resolution_add", args=[meeting.pk])
    assert clerk_a_client.get(url).status_code == 405


def test_follow_up_view_moves_the_resolution(clerk_a_client, meeting):
    resolution = ResolutionFactory(activity=meeting)
    url = reverse("activities:resolution_follow_up", args=[resolution.pk])
    prefix = f"r{resolution.pk}"
    response = clerk_a_client.post(
        url, {f"{prefix}-status": "done", f"{prefix}-note": "已完成", f"{prefix}-version": 1}
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.DONE


def test_follow_up_view_wrong_role_404_and_405(
    peer_client, peer, clerk_b_client, clerk_a_client, meeting
):
    resolution = ResolutionFactory(activity=meeting)
    url = reverse("activities:resolution_follow_up", args=[resolution.pk])
    assert peer_client.post(url, {}).status_code == 403
    assert clerk_b_client.post(url, {}).status_code == 404
    assert clerk_a_client.get(url).status_code == 405


def test_open_resolutions_page_per_workroom(clerk_a_client, clerk_b_client, meeting, wr):
    ResolutionFactory(activity=meeting, text="增设车位")
    ResolutionFactory(activity=meeting, text="已办结", status=ResolutionStatus.DONE)
    url = reverse("activities:resolutions")
    response = clerk_a_client.get(url, {"workroom": wr.a.pk})
    assert [r.text for r in response.context["page"]] == ["增设车位"]
    assert clerk_b_client.get(url, {"workroom": wr.a.pk}).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_open_resolutions_query_count_is_constant(
    rows, liaison_client, meeting, django_assert_max_num_queries
):
    for _ in range(rows):
        ResolutionFactory(activity=meeting)
    with django_assert_max_num_queries(7):
        assert liaison_client.get(reverse("activities:resolutions")).status_code == 200


def test_detail_with_stationed_reps_uses_few_queries(
    clerk_a_client, meeting, wr, django_assert_max_num_queries
):
    for _ in range(5):
        ResolutionFactory(activity=meeting)
        meeting.representatives.add(stationed(wr.a))
    with django_assert_max_num_queries(25):
        assert (
            clerk_a_client.get(reverse("activities:detail", args=[meeting.pk])).status_code == 200
        )


def test_an_activity_with_more_participants_than_anyone_could_tick_is_refused(
    clerk_a_client, wr, me, settings
):
    settings.FORM_MAX_CHOICES = 3
    data = _form(wr.a, [me])
    data["representatives"] = [str(me.pk), "9", "10", "11"]
    response = clerk_a_client.post(reverse("activities:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["representatives"] == ["最多只能选择3项。"]
    assert not Activity.objects.exists()


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-1"])
def test_a_participant_id_no_database_holds_is_a_form_error(clerk_a_client, wr, me, value):
    data = {**_form(wr.a, [me]), "representatives": [str(me.pk), value]}
    response = clerk_a_client.post(reverse("activities:create"), data)
    assert response.status_code == 200
    assert "representatives" in response.context["form"].errors
    assert not Activity.objects.exists()
