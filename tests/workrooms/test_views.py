"""Workroom pages: lists scoped to the user's areas, detail, edit, checklist entries, evidence.

Out of scope is 404, in scope without the right role is 403, anonymous goes to sign-in.
"""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import RoleKind
from tests.factories import (
    AreaFactory,
    ChecklistEntryFactory,
    RoleFactory,
    UserFactory,
    WorkroomFactory,
    png_bytes,
    png_upload,
    standard,
)
from tests.helpers import assert_redirects_to_login, client_for
from workrooms.models import AreaKind, ChecklistEntry, ChecklistStatus, WorkroomLevel

pytestmark = pytest.mark.django_db


def six_items():
    return list(standard("六有").items.all())


def detail_url(workroom):
    return reverse("workroom_detail", args=[workroom.pk])


def edit_url(workroom):
    return reverse("workroom_edit", args=[workroom.pk])


def entry_url(workroom, item):
    return reverse("checklist_entry_edit", args=[workroom.pk, item.pk])


def photo_url(workroom, item):
    return reverse("checklist_evidence", args=[workroom.pk, item.pk])


def listed(response):
    """The workrooms on the rendered page."""
    return set(response.context["page"].object_list)


def files_under(root):
    return [p for p in root.rglob("*") if p.is_file()]


# --- Anonymous visitors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name, needs_item",
    [
        ("area_tree", None),
        ("workroom_list", None),
        ("standards_overview", None),
        ("workroom_detail", False),
        ("workroom_edit", False),
        ("checklist_entry_edit", True),
        ("checklist_evidence", True),
    ],
)
def test_anonymous_is_sent_to_sign_in(client, wr, url_name, needs_item):
    if needs_item is None:
        url = reverse(url_name)
    elif needs_item:
        url = reverse(url_name, args=[wr.a.pk, six_items()[0].pk])
    else:
        url = reverse(url_name, args=[wr.a.pk])
    assert_redirects_to_login(client.get(url), url)


# --- Area tree ------------------------------------------------------------------------------


def test_area_tree_shows_the_clerks_subtree(clerk_a_client, areas):
    response = clerk_a_client.get(reverse("area_tree"))

    assert response.status_code == 200
    assert [a.name for a in response.context["areas"]] == ["长安街道", "兴善社区"]
    body = response.content.decode()
    assert "兴善社区" in body
    assert "曲池街道" not in body
    assert "雁南区" not in body


def test_area_tree_indents_from_the_users_top_area(clerk_a_client, areas):
    response = clerk_a_client.get(reverse("area_tree"))

    assert [a.indent for a in response.context["areas"]] == [0, 1]


def test_area_tree_counts_active_workrooms_per_area(liaison_client, wr):
    WorkroomFactory(area=wr.a.area, name="长安街道第二工作室")
    WorkroomFactory(area=wr.a.area, name="长安街道旧工作室", is_active=False)

    response = liaison_client.get(reverse("area_tree"))

    counts = {a.name: a.workroom_count for a in response.context["areas"]}
    assert counts == {"雁南区": 1, "长安街道": 2, "兴善社区": 1, "曲池街道": 1}


def test_area_tree_for_a_user_without_role_is_empty(areas):
    response = client_for(UserFactory()).get(reverse("area_tree"))

    assert response.status_code == 200
    assert list(response.context["areas"]) == []


# --- Workroom list --------------------------------------------------------------------------


def test_workroom_list_shows_only_workrooms_in_scope(clerk_a_client, wr, foreign_workroom):
    response = clerk_a_client.get(reverse("workroom_list"))

    assert response.status_code == 200
    assert listed(response) == {wr.a, wr.a1}
    body = response.content.decode()
    assert "长安街道党代表工作室" in body
    assert "曲池街道党代表工作室" not in body
    assert "雁南区党代表工作室" not in body


def test_liaison_office_lists_every_workroom_of_its_district(liaison_client, wr, foreign_workroom):
    response = liaison_client.get(reverse("workroom_list"))

    assert listed(response) == {wr.d, wr.a, wr.a1, wr.b}


def test_workroom_list_filters_by_area_subtree(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"area": wr.a.area.pk})

    assert listed(response) == {wr.a, wr.a1}


def test_clerk_cannot_filter_the_list_by_a_sibling_area(clerk_a_client, wr):
    response = clerk_a_client.get(reverse("workroom_list"), {"area": wr.b.area.pk})

    assert wr.b not in listed(response)
    assert response.context["filter"].errors["area"]


def test_area_filter_offers_only_areas_in_scope(clerk_a_client, areas):
    response = clerk_a_client.get(reverse("workroom_list"))

    choices = set(response.context["filter"].form.fields["area"].queryset)
    assert choices == {areas.a, areas.a1}


def test_workroom_list_filters_by_level(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"level": WorkroomLevel.COMMUNITY})

    assert listed(response) == {wr.a1}


@pytest.mark.parametrize(
    "field, value",
    [("name", "长安街道党代表"), ("address", "西影路"), ("service_theme", "邻里守望")],
)
def test_workroom_list_text_search_matches_name_address_and_theme(liaison_client, wr, field, value):
    setattr(wr.b, field, f"{value}99")
    wr.b.save()
    if field == "name":
        expected = {wr.a, wr.b}
    else:
        expected = {wr.b}

    response = liaison_client.get(reverse("workroom_list"), {"q": f" {value} "})

    assert listed(response) == expected


def test_workroom_list_text_search_matches_area_name(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"q": "兴善"})

    assert listed(response) == {wr.a1}


def complete_checklist(workroom):
    for item in workroom.standard.items.all():
        ChecklistEntryFactory(workroom=workroom, item=item, status=ChecklistStatus.MET)


def test_workroom_list_filters_standard_complete_and_incomplete(liaison_client, wr):
    complete_checklist(wr.a1)
    # All met but one only partly: still outstanding.
    complete_checklist(wr.b)
    ChecklistEntry.objects.filter(workroom=wr.b, item=six_items()[-1]).update(
        status=ChecklistStatus.PARTLY
    )
    # No standard at all is never complete.
    wr.d.standard = None
    wr.d.save()

    complete = liaison_client.get(reverse("workroom_list"), {"standard": "complete"})
    incomplete = liaison_client.get(reverse("workroom_list"), {"standard": "incomplete"})

    assert listed(complete) == {wr.a1}
    assert listed(incomplete) == {wr.d, wr.a, wr.b}


def test_workroom_list_paginates_and_keeps_the_filter_in_page_links(liaison_client, areas):
    WorkroomFactory.create_batch(30, area=areas.a1, level=WorkroomLevel.COMMUNITY)

    first = liaison_client.get(reverse("workroom_list"), {"level": "community"})
    second = liaison_client.get(reverse("workroom_list"), {"level": "community", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert listed(first).isdisjoint(listed(second))
    assert "?level=community&amp;page=2" in first.content.decode()


def add_complete_workrooms(parent, count):
    """``count`` community workrooms under ``parent``, each on its own area, standard met."""
    for _ in range(count):
        area = AreaFactory(parent=parent, kind=AreaKind.COMMUNITY)
        complete_checklist(WorkroomFactory(area=area, level=WorkroomLevel.COMMUNITY))


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Session, user, roles, and the page's own queries; an N+1 on 25 rows would go far above.
LIST_QUERY_LIMIT = 8


@pytest.mark.parametrize("url_name", ["workroom_list", "area_tree", "standards_overview"])
def test_list_pages_run_a_constant_number_of_queries(
    liaison_client, areas, url_name, django_assert_max_num_queries
):
    url = reverse(url_name)
    add_complete_workrooms(areas.a, 3)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        few = _query_count(liaison_client, url)

    add_complete_workrooms(areas.b, 37)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = _query_count(liaison_client, url)

    assert many == few


# --- Liaison office overview ----------------------------------------------------------------


def test_liaison_overview_shows_active_workrooms_of_its_district(
    liaison_client, wr, foreign_workroom
):
    WorkroomFactory(area=wr.a.area, name="长安街道旧工作室", is_active=False)

    response = liaison_client.get(reverse("standards_overview"))

    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {wr.d, wr.a, wr.a1, wr.b}
    assert "岳北区党代表工作室" not in response.content.decode()


def test_admin_role_sees_the_liaison_overview(area_admin_client, wr):
    response = area_admin_client.get(reverse("standards_overview"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 4


def test_liaison_overview_counts_only_liaison_and_admin_roles(areas, wr, foreign_workroom):
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.LIAISON_OFFICE, area=areas.a)
    RoleFactory(user=user, kind=RoleKind.CLERK, area=foreign_workroom.area)
    client = client_for(user)

    response = client.get(reverse("standards_overview"))

    assert set(response.context["page"].object_list) == {wr.a, wr.a1}


@pytest.mark.parametrize("who", ["clerk_a_client", "representative_client"])
def test_clerk_and_representative_cannot_open_the_liaison_overview(request, wr, who):
    client = request.getfixturevalue(who)

    assert client.get(reverse("standards_overview")).status_code == 403


def test_liaison_overview_link_shows_only_for_liaison_office(liaison_client, clerk_a_client):
    url = reverse("standards_overview")

    assert url in liaison_client.get(reverse("workroom_list")).content.decode()
    assert url not in clerk_a_client.get(reverse("workroom_list")).content.decode()


# --- Workroom detail ------------------------------------------------------------------------


def test_clerk_sees_a_workroom_in_a_community_of_their_subdistrict(clerk_a_client, wr):
    response = clerk_a_client.get(detail_url(wr.a1))

    assert response.status_code == 200
    assert response.context["workroom"] == wr.a1
    assert "兴善社区党代表工作室" in response.content.decode()


def test_clerk_cannot_see_sibling_subdistrict_workroom(clerk_b_client, wr):
    assert clerk_b_client.get(detail_url(wr.a)).status_code == 404


def test_missing_workroom_is_404(liaison_client, wr):
    assert liaison_client.get(reverse("workroom_detail", args=[999_999])).status_code == 404


def test_workroom_detail_shows_met_over_total_for_its_standard(clerk_a_client, wr):
    first, second, third = six_items()[:3]
    ChecklistEntryFactory(workroom=wr.a, item=first, status=ChecklistStatus.MET)
    ChecklistEntryFactory(workroom=wr.a, item=second, status=ChecklistStatus.MET)
    ChecklistEntryFactory(workroom=wr.a, item=third, status=ChecklistStatus.PARTLY)

    response = clerk_a_client.get(detail_url(wr.a))

    assert "2/6" in response.content.decode()


def test_workroom_detail_ignores_entries_of_a_previous_standard(clerk_a_client, wr):
    five = standard("五有")
    wr.a.standard = five
    wr.a.save()
    for item in five.items.all():
        ChecklistEntryFactory(workroom=wr.a, item=item, status=ChecklistStatus.MET)
    wr.a.standard = standard("六有")
    wr.a.save()

    response = clerk_a_client.get(detail_url(wr.a))

    assert "0/6" in response.content.decode()
    assert [entry for _item, entry in response.context["checklist"]] == [None] * 6


def test_workroom_detail_lists_every_item_of_its_standard(clerk_a_client, wr):
    response = clerk_a_client.get(detail_url(wr.a))

    body = response.content.decode()
    for name in ["有标识", "有制度", "有公示", "有场所", "有记录", "有保障"]:
        assert name in body


def test_workroom_detail_offers_edit_links_to_editors_only(
    clerk_a_client, representative_client, wr
):
    as_clerk = clerk_a_client.get(detail_url(wr.a)).content.decode()
    as_representative = representative_client.get(detail_url(wr.a))

    assert edit_url(wr.a) in as_clerk
    assert entry_url(wr.a, six_items()[0]) in as_clerk
    assert as_representative.status_code == 200
    assert edit_url(wr.a) not in as_representative.content.decode()
    assert entry_url(wr.a, six_items()[0]) not in as_representative.content.decode()


def test_workroom_detail_offers_record_links_but_no_edit_link_to_liaison_office(liaison_client, wr):
    body = liaison_client.get(detail_url(wr.a)).content.decode()

    assert entry_url(wr.a, six_items()[0]) in body
    assert edit_url(wr.a) not in body


# --- Workroom edit --------------------------------------------------------------------------


def edit_data(workroom, **changes):
    data = {
        "name": workroom.name,
        "address": workroom.address,
        "reception_hours": workroom.reception_hours,
        "service_theme": workroom.service_theme,
        "phone": workroom.phone,
        "standard": workroom.standard_id or "",
        "opened_on": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_clerk_edits_a_workroom_in_their_subdistrict(clerk_a, clerk_a_client, wr):
    assert clerk_a_client.get(edit_url(wr.a1)).status_code == 200

    response = clerk_a_client.post(
        edit_url(wr.a1),
        edit_data(
            wr.a1,
            reception_hours="每周二 9:00–11:30",
            liaison_officers=[clerk_a.pk],
            opened_on="2024-05-01",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(wr.a1)
    wr.a1.refresh_from_db()
    assert wr.a1.reception_hours == "每周二 9:00–11:30"
    assert list(wr.a1.liaison_officers.all()) == [clerk_a]
    assert str(wr.a1.opened_on) == "2024-05-01"


def test_admin_role_edits_any_workroom_of_its_district(area_admin_client, wr):
    response = area_admin_client.post(edit_url(wr.b), edit_data(wr.b, phone="029-88886666"))

    assert response.status_code == 302
    wr.b.refresh_from_db()
    assert wr.b.phone == "029-88886666"


def test_workroom_edit_cannot_move_the_workroom_to_another_area(clerk_a_client, wr, areas):
    clerk_a_client.post(edit_url(wr.a1), edit_data(wr.a1, area=areas.b.pk, level="district"))

    wr.a1.refresh_from_db()
    assert wr.a1.area == areas.a1
    assert wr.a1.level == WorkroomLevel.COMMUNITY


def test_workroom_edit_refuses_an_empty_name(clerk_a_client, wr):
    response = clerk_a_client.post(edit_url(wr.a), edit_data(wr.a, name=""))

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    wr.a.refresh_from_db()
    assert wr.a.name == "长安街道党代表工作室"


def test_clerk_cannot_edit_sibling_subdistrict_workroom(clerk_b_client, wr):
    assert clerk_b_client.get(edit_url(wr.a)).status_code == 404
    response = clerk_b_client.post(edit_url(wr.a), edit_data(wr.a, name="改名"))

    assert response.status_code == 404
    wr.a.refresh_from_db()
    assert wr.a.name == "长安街道党代表工作室"


@pytest.mark.parametrize("who", ["representative_client", "liaison_client"])
def test_representative_and_liaison_office_cannot_edit_a_workroom_in_scope(request, wr, who):
    client = request.getfixturevalue(who)

    assert client.get(edit_url(wr.a)).status_code == 403
    assert client.post(edit_url(wr.a), edit_data(wr.a, name="改名")).status_code == 403
    wr.a.refresh_from_db()
    assert wr.a.name == "长安街道党代表工作室"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_workroom_edit_refuses_other_methods(clerk_a_client, wr, method):
    response = getattr(clerk_a_client, method)(edit_url(wr.a))

    assert response.status_code == 405


def test_liaison_officer_choices_are_clerks_reaching_the_area(clerk_a, clerk_b, liaison, wr, areas):
    district_clerk = UserFactory(username="district_clerk")
    RoleFactory(user=district_clerk, kind=RoleKind.CLERK, area=areas.d)
    community_clerk = UserFactory(username="community_clerk")
    RoleFactory(user=community_clerk, kind=RoleKind.CLERK, area=areas.a1)
    retired = UserFactory(username="retired_clerk", is_active=False)
    RoleFactory(user=retired, kind=RoleKind.CLERK, area=areas.a)
    response = client_for(clerk_a).get(edit_url(wr.a1))

    choices = set(response.context["form"].fields["liaison_officers"].queryset)
    assert choices == {clerk_a, district_clerk, community_clerk}


def test_liaison_officer_choices_for_a_subdistrict_leave_out_its_communities(
    clerk_a_client, clerk_a, wr, areas
):
    community_clerk = UserFactory(username="community_clerk")
    RoleFactory(user=community_clerk, kind=RoleKind.CLERK, area=areas.a1)

    response = clerk_a_client.get(edit_url(wr.a))

    choices = set(response.context["form"].fields["liaison_officers"].queryset)
    assert choices == {clerk_a}


def test_workroom_edit_refuses_a_liaison_officer_from_a_sibling_subdistrict(
    clerk_a_client, clerk_b, wr
):
    response = clerk_a_client.post(edit_url(wr.a), edit_data(wr.a, liaison_officers=[clerk_b.pk]))

    assert response.status_code == 200
    assert response.context["form"].errors["liaison_officers"]
    assert not wr.a.liaison_officers.exists()


def test_workroom_edit_keeps_an_officer_already_assigned(clerk_a_client, clerk_b, wr):
    wr.a.liaison_officers.add(clerk_b)

    response = clerk_a_client.get(edit_url(wr.a))

    assert clerk_b in response.context["form"].fields["liaison_officers"].queryset


# --- Checklist entries ----------------------------------------------------------------------


def entry_data(**changes):
    data = {
        "status": ChecklistStatus.MET,
        "note": "门牌与公示牌已上墙。",
        "checked_on": str(timezone.localdate()),
    }
    data.update(changes)
    return data


def test_checklist_entry_form_opens_with_todays_date(clerk_a_client, wr):
    response = clerk_a_client.get(entry_url(wr.a, six_items()[0]))

    assert response.status_code == 200
    assert response.context["form"].initial["checked_on"] == timezone.localdate()


def test_clerk_records_a_checklist_entry(clerk_a, clerk_a_client, wr):
    item = six_items()[0]
    checked_on = timezone.localdate() - timedelta(days=3)

    response = clerk_a_client.post(entry_url(wr.a1, item), entry_data(checked_on=str(checked_on)))

    assert response.status_code == 302
    assert response["Location"] == detail_url(wr.a1)
    entry = ChecklistEntry.objects.get(workroom=wr.a1, item=item)
    assert entry.status == ChecklistStatus.MET
    assert entry.note == "门牌与公示牌已上墙。"
    assert entry.checked_on == checked_on
    assert entry.checked_by == clerk_a


def test_liaison_office_records_a_checklist_entry_when_inspecting(liaison, liaison_client, wr):
    item = six_items()[1]

    response = liaison_client.post(entry_url(wr.b, item), entry_data())

    assert response.status_code == 302
    assert ChecklistEntry.objects.get(workroom=wr.b, item=item).checked_by == liaison


def test_recording_an_item_again_updates_the_same_entry(clerk_a_client, wr):
    item = six_items()[0]
    ChecklistEntryFactory(workroom=wr.a, item=item, status=ChecklistStatus.PARTLY)

    clerk_a_client.post(entry_url(wr.a, item), entry_data(note="已整改。"))

    entry = ChecklistEntry.objects.get(workroom=wr.a, item=item)
    assert (entry.status, entry.note) == (ChecklistStatus.MET, "已整改。")


def test_recorded_entries_count_on_the_workroom_page(clerk_a_client, wr):
    first, second = six_items()[:2]
    clerk_a_client.post(entry_url(wr.a, first), entry_data())
    clerk_a_client.post(entry_url(wr.a, second), entry_data())

    response = clerk_a_client.get(detail_url(wr.a))

    assert "2/6" in response.content.decode()


def test_checklist_entry_refuses_a_future_date(clerk_a_client, wr):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = clerk_a_client.post(
        entry_url(wr.a, six_items()[0]), entry_data(checked_on=str(tomorrow))
    )

    assert response.status_code == 200
    assert response.context["form"].errors["checked_on"]
    assert not ChecklistEntry.objects.exists()


@pytest.mark.parametrize("status", [ChecklistStatus.MET, ChecklistStatus.PARTLY])
def test_checklist_entry_refuses_met_or_partly_without_evidence(clerk_a_client, wr, status):
    response = clerk_a_client.post(
        entry_url(wr.a, six_items()[0]), entry_data(status=status, note="")
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "no_evidence")
    assert not ChecklistEntry.objects.exists()


def test_checklist_entry_not_met_needs_no_evidence(clerk_a_client, wr):
    response = clerk_a_client.post(
        entry_url(wr.a, six_items()[0]), entry_data(status=ChecklistStatus.NOT_MET, note="")
    )

    assert response.status_code == 302
    assert ChecklistEntry.objects.get().status == ChecklistStatus.NOT_MET


def test_checklist_entry_accepts_a_photo_as_the_only_evidence(clerk_a_client, wr, media_root):
    item = six_items()[0]

    response = clerk_a_client.post(entry_url(wr.a, item), entry_data(note="", photo=png_upload()))

    assert response.status_code == 302
    entry = ChecklistEntry.objects.get()
    assert entry.photo.name.startswith(f"evidence/{wr.a.pk}/{item.pk}/")
    stored = media_root / entry.photo.name
    assert stored.read_bytes() == png_bytes()


def test_checklist_entry_refuses_a_non_image_renamed_jpg(clerk_a_client, wr, media_root):
    fake = SimpleUploadedFile(
        "evidence.jpg", b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n", content_type="image/jpeg"
    )

    response = clerk_a_client.post(entry_url(wr.a, six_items()[0]), entry_data(photo=fake))

    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not ChecklistEntry.objects.exists()
    assert files_under(media_root) == []


def test_checklist_entry_refuses_a_real_image_in_another_format(clerk_a_client, wr, media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("evidence.gif", buffer.getvalue(), content_type="image/gif")

    response = clerk_a_client.post(entry_url(wr.a, six_items()[0]), entry_data(photo=gif))

    assert response.status_code == 200
    assert response.context["form"].has_error("photo", "bad_format")
    assert files_under(media_root) == []


def test_checklist_entry_refuses_a_photo_over_the_size_limit(
    clerk_a_client, wr, media_root, settings
):
    settings.UPLOAD_MAX_IMAGE_BYTES = 20

    response = clerk_a_client.post(entry_url(wr.a, six_items()[0]), entry_data(photo=png_upload()))

    assert response.status_code == 200
    assert response.context["form"].has_error("photo", "too_large")
    assert files_under(media_root) == []


def test_replacing_the_photo_deletes_the_old_file_after_commit(
    clerk_a_client, wr, media_root, django_capture_on_commit_callbacks
):
    item = six_items()[0]
    clerk_a_client.post(entry_url(wr.a, item), entry_data(photo=png_upload("first.png")))
    old = media_root / ChecklistEntry.objects.get().photo.name
    assert old.exists()

    with django_capture_on_commit_callbacks(execute=True):
        clerk_a_client.post(entry_url(wr.a, item), entry_data(photo=png_upload("second.png")))

    new = media_root / ChecklistEntry.objects.get().photo.name
    assert new.exists()
    assert not old.exists()


def test_checklist_entry_for_an_item_of_another_standard_is_404(clerk_a_client, wr):
    other_item = standard("五有").items.first()

    assert clerk_a_client.get(entry_url(wr.a, other_item)).status_code == 404


def test_checklist_entry_for_a_workroom_without_standard_is_404(clerk_a_client, wr):
    item = six_items()[0]
    wr.a.standard = None
    wr.a.save()

    assert clerk_a_client.get(entry_url(wr.a, item)).status_code == 404


def test_clerk_cannot_record_an_entry_for_sibling_subdistrict_workroom(clerk_b_client, wr):
    url = entry_url(wr.a, six_items()[0])

    assert clerk_b_client.get(url).status_code == 404
    assert clerk_b_client.post(url, entry_data()).status_code == 404
    assert not ChecklistEntry.objects.exists()


def test_representative_cannot_record_a_checklist_entry(representative_client, wr):
    url = entry_url(wr.a, six_items()[0])

    assert representative_client.get(url).status_code == 403
    assert representative_client.post(url, entry_data()).status_code == 403
    assert not ChecklistEntry.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_checklist_entry_refuses_other_methods(clerk_a_client, wr, method):
    response = getattr(clerk_a_client, method)(entry_url(wr.a, six_items()[0]))

    assert response.status_code == 405


# --- Evidence photo -------------------------------------------------------------------------


@pytest.fixture
def evidence(wr):
    entry = ChecklistEntryFactory(workroom=wr.a, item=six_items()[0])
    entry.photo.save("evidence.png", ContentFile(png_bytes()))
    return entry


def test_evidence_photo_is_served_to_a_user_in_scope(clerk_a_client, evidence):
    response = clerk_a_client.get(photo_url(evidence.workroom, evidence.item))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


def test_evidence_photo_is_served_to_a_representative_in_scope(representative_client, evidence):
    response = representative_client.get(photo_url(evidence.workroom, evidence.item))

    assert response.status_code == 200


def test_evidence_photo_is_404_out_of_scope(clerk_b_client, evidence):
    assert clerk_b_client.get(photo_url(evidence.workroom, evidence.item)).status_code == 404


def test_evidence_photo_is_404_when_the_entry_has_no_photo(clerk_a_client, wr):
    entry = ChecklistEntryFactory(workroom=wr.a, item=six_items()[0])

    assert clerk_a_client.get(photo_url(wr.a, entry.item)).status_code == 404


def test_evidence_photo_is_404_when_the_file_is_gone(clerk_a_client, evidence, media_root):
    (media_root / evidence.photo.name).unlink()

    assert clerk_a_client.get(photo_url(evidence.workroom, evidence.item)).status_code == 404
