"""Registry pages: list, record, registration and editing, stationing, accounts, workroom page.

Out of scope is 404, in scope without the right role is 403, anonymous goes to sign-in.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleKind
from representatives.models import Assignment, AssignmentRole, Level, Representative, WorkField
from tests.factories import AreaFactory, RoleFactory, UserFactory, WorkroomFactory, png_upload
from tests.helpers import assert_redirects_to_login, client_for
from tests.representatives.factories import AssignmentFactory, RepresentativeFactory, stationed
from workrooms.models import AreaKind, WorkroomLevel

pytestmark = pytest.mark.django_db

LIST = reverse("representatives:list")


def detail_url(rep):
    return reverse("representatives:detail", args=[rep.pk])


def listed(response):
    return {rep.name for rep in response.context["page"].object_list}


def phones(response):
    return {rep.name: rep.phone_shown for rep in response.context["page"].object_list}


def form_data(area, **overrides):
    data = {
        "name": "新代表",
        "gender": "F",
        "level_set": [str(Level.CITY.value), str(Level.DISTRICT.value)],
        "area": area.pk,
        "phone": "13700001111",
        "work_field": WorkField.EDUCATION,
        "work_unit": "实验小学",
        "post": "校长",
        "term": "第十四次党代会",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- Anonymous -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("list", []),
        ("create", []),
        ("me", []),
        ("export", []),
        ("import", []),
        ("import_template", []),
        ("detail", ["rep"]),
        ("edit", ["rep"]),
        ("photo", ["rep"]),
        ("assign", ["rep"]),
        ("account_link", ["rep"]),
        ("workroom", ["workroom"]),
    ],
)
def test_anonymous_is_sent_to_sign_in(client, rep_a, wr, name, args):
    values = {"rep": rep_a.pk, "workroom": wr.a.pk}
    url = reverse(f"representatives:{name}", args=[values[a] for a in args])

    assert_redirects_to_login(client.get(url), url)


# --- List ----------------------------------------------------------------------------------


def test_list_shows_only_representatives_in_scope(clerk_a_client, rep_a, rep_b, foreign_workroom):
    stationed(foreign_workroom, name="外区代表")

    response = clerk_a_client.get(LIST)

    assert response.status_code == 200
    assert listed(response) == {"甲代表"}


def test_liaison_office_lists_its_whole_district(liaison_client, rep_a, rep_b, foreign_workroom):
    stationed(foreign_workroom, name="外区代表")

    assert listed(liaison_client.get(LIST)) == {"甲代表", "乙代表"}


def test_someone_stationed_in_my_area_is_listed_though_registered_above(clerk_b_client, wr, areas):
    stationed(wr.b, area=areas.d, name="区级代表", phone="13600000001")

    response = clerk_b_client.get(LIST)

    assert listed(response) == {"区级代表"}
    # Staff of a workroom the person serves see the number in full.
    assert phones(response) == {"区级代表": "13600000001"}


def test_phone_is_masked_for_a_representative_and_full_for_staff(
    clerk_a_client, representative_client, rep_a
):
    assert phones(clerk_a_client.get(LIST)) == {"甲代表": "13812345678"}

    response = representative_client.get(LIST)

    assert phones(response) == {"甲代表": "138****5678"}
    assert "13812345678" not in response.content.decode()


def test_phone_is_masked_for_staff_where_the_person_no_longer_serves(clerk_b_client, wr, rep_a):
    # rep_a served at B's workroom once: B's clerk still sees the record, not the number.
    AssignmentFactory(
        representative=rep_a,
        workroom=wr.b,
        start_date=date(2021, 1, 1),
        end_date=date(2021, 12, 31),
    )

    response = clerk_b_client.get(LIST)

    assert phones(response)["甲代表"] == "138****5678"


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"level": Level.CITY.value}, {"市代表"}),
        ({"level": Level.DISTRICT.value}, {"区代表", "县区组长"}),
        ({"field": WorkField.HEALTH}, {"区代表"}),
        ({"leading_cadre": "true"}, {"县区组长"}),
        ({"q": "组长"}, {"县区组长"}),
        ({"in_office": "false"}, {"离任代表"}),
    ],
)
def test_list_filters(liaison_client, wr, query, expected):
    stationed(wr.a, name="市代表", levels=Level.CITY.bit)
    stationed(wr.a, name="区代表", work_field=WorkField.HEALTH)
    stationed(wr.b, name="县区组长", is_leading_cadre=True)
    RepresentativeFactory(area=wr.b.area, name="离任代表", levels=Level.TOWN.bit, is_active=False)

    assert listed(liaison_client.get(LIST, query)) == expected


def test_list_filters_by_workroom_and_area(liaison_client, wr, areas):
    stationed(wr.a, name="长安代表")
    stationed(wr.a1, name="兴善代表")
    stationed(wr.b, name="曲池代表")
    moved = stationed(wr.b, name="调走代表")
    moved.assignments.update(end_date=date(2022, 1, 1))

    assert listed(liaison_client.get(LIST, {"workroom": wr.b.pk})) == {"曲池代表"}
    assert listed(liaison_client.get(LIST, {"area": areas.a.pk})) == {"长安代表", "兴善代表"}


def test_list_area_choices_are_scoped(clerk_a_client, wr, areas):
    response = clerk_a_client.get(LIST, {"area": areas.b.pk})

    assert not response.context["filter"].form.is_valid()


def test_list_is_paginated(liaison_client, wr):
    for _ in range(30):
        stationed(wr.a)

    first = liaison_client.get(LIST)
    second = liaison_client.get(LIST, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def _query_count(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


# Session, user, roles, count, page, current workrooms, the two filter choice lists (and the
# chosen filter values); an N+1 on 25 rows would go far above.
LIST_QUERY_LIMIT = 10


def test_list_runs_a_constant_number_of_queries(liaison_client, wr, django_assert_max_num_queries):
    for _ in range(3):
        stationed(wr.a)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        few = _query_count(liaison_client, LIST)

    for index in range(40):
        rep = stationed(wr.b if index % 2 else wr.a1, is_leading_cadre=bool(index % 3))
        AssignmentFactory(representative=rep, workroom=wr.d)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = _query_count(liaison_client, LIST)

    assert many == few


def test_filtered_list_runs_a_constant_number_of_queries(
    clerk_a_client, wr, django_assert_max_num_queries
):
    query = {"workroom": wr.a.pk, "level": Level.DISTRICT.value, "q": "党代表"}
    stationed(wr.a)
    few = _query_count(clerk_a_client, LIST, query)
    for _ in range(30):
        stationed(wr.a)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = _query_count(clerk_a_client, LIST, query)

    assert many == few


# --- Record --------------------------------------------------------------------------------


def test_record_shows_the_person_and_their_history(clerk_a_client, rep_a, wr):
    AssignmentFactory(
        representative=rep_a, workroom=wr.a1, start_date=date(2018, 1, 1), end_date=date(2019, 1, 1)
    )

    response = clerk_a_client.get(detail_url(rep_a))

    assert response.status_code == 200
    assert response.context["phone"] == "13812345678"
    assignments = response.context["representative"].all_assignments
    assert [(a.workroom, a.end_date) for a in assignments] == [
        (wr.a, None),
        (wr.a1, date(2019, 1, 1)),
    ]
    body = response.content.decode()
    assert "兴善社区党代表工作室" in body


def test_record_out_of_scope_is_404(clerk_b_client, rep_a):
    assert clerk_b_client.get(detail_url(rep_a)).status_code == 404


def test_missing_record_is_404(clerk_a_client, db, areas):
    assert clerk_a_client.get(reverse("representatives:detail", args=[99999])).status_code == 404


def test_record_shows_masked_phone_to_a_representative(representative_client, rep_a):
    response = representative_client.get(detail_url(rep_a))

    assert response.context["phone"] == "138****5678"
    assert "13812345678" not in response.content.decode()


def test_a_representative_sees_their_own_record_wherever_registered(
    representative, representative_client, foreign_workroom
):
    mine = stationed(foreign_workroom, name="本人", phone="13500000000", user=representative)

    response = representative_client.get(detail_url(mine))

    assert response.status_code == 200
    assert response.context["phone"] == "13500000000"
    assert representative_client.get(reverse("representatives:me")).url == detail_url(mine)


def test_my_record_without_a_linked_record_is_404(representative_client):
    assert representative_client.get(reverse("representatives:me")).status_code == 404


def test_record_shows_missed_duties(clerk_a_client, rep_a, wr):
    from rosters.models import Attendance, Duty, DutyShift

    day = timezone.localdate() - timedelta(days=3)
    shift = DutyShift.objects.create(workroom=wr.a, date=day, start_time="09:00", end_time="11:30")
    duty = Duty.objects.create(shift=shift, representative=rep_a, attendance=Attendance.MISSED)

    response = clerk_a_client.get(detail_url(rep_a))

    assert response.context["missed_count"] == 1
    assert f'data-missed="{duty.pk}"' in response.content.decode()


# --- Registering and editing ---------------------------------------------------------------


def test_clerk_registers_a_representative(clerk_a_client, areas):
    response = clerk_a_client.post(reverse("representatives:create"), form_data(areas.a1))

    rep = Representative.objects.get(name="新代表")
    assert response.status_code == 302
    assert response["Location"] == detail_url(rep)
    assert rep.levels == Level.CITY.bit | Level.DISTRICT.bit
    assert rep.highest_level == Level.CITY
    assert rep.area == areas.a1
    assert rep.phone == "13700001111"


def test_registering_needs_at_least_one_level(clerk_a_client, areas):
    response = clerk_a_client.post(
        reverse("representatives:create"), form_data(areas.a, level_set=[])
    )

    assert response.status_code == 200
    assert "level_set" in response.context["form"].errors
    assert not Representative.objects.exists()


def test_registering_refuses_a_bad_or_taken_phone(clerk_a_client, areas, rep_a):
    url = reverse("representatives:create")

    bad = clerk_a_client.post(url, form_data(areas.a, phone="12345"))
    taken = clerk_a_client.post(url, form_data(areas.a, phone="138 1234 5678"))

    assert "phone" in bad.context["form"].errors
    assert "phone" in taken.context["form"].errors
    assert Representative.objects.count() == 1


def test_a_clerk_cannot_register_in_a_sibling_area(clerk_a_client, areas):
    response = clerk_a_client.post(reverse("representatives:create"), form_data(areas.b))

    assert "area" in response.context["form"].errors
    assert not Representative.objects.exists()


def test_a_representative_may_not_register_anyone(representative_client, areas):
    url = reverse("representatives:create")

    assert representative_client.get(url).status_code == 403
    assert representative_client.post(url, form_data(areas.a)).status_code == 403


def test_clerk_edits_a_record(clerk_a_client, rep_a, areas):
    url = reverse("representatives:edit", args=[rep_a.pk])
    assert clerk_a_client.get(url).status_code == 200

    response = clerk_a_client.post(
        url,
        form_data(areas.a, name="甲代表", phone="13812345678", level_set=["5", "4"]),
    )

    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert rep_a.level_label == "国、省党代表"
    assert rep_a.work_unit == "实验小学"


def test_liaison_office_edits_records_of_its_district(liaison_client, rep_a, areas):
    url = reverse("representatives:edit", args=[rep_a.pk])

    response = liaison_client.post(url, form_data(areas.a, name="甲代表", phone="13812345678"))

    assert response.status_code == 302


def test_edit_out_of_scope_is_404(clerk_b_client, rep_a):
    assert clerk_b_client.get(reverse("representatives:edit", args=[rep_a.pk])).status_code == 404


def test_edit_by_a_representative_is_403(representative_client, rep_a):
    url = reverse("representatives:edit", args=[rep_a.pk])
    assert representative_client.get(url).status_code == 403


def test_staff_where_someone_serves_may_not_edit_a_record_registered_above(
    clerk_b_client, wr, areas
):
    rep = stationed(wr.b, area=areas.d)

    assert clerk_b_client.get(reverse("representatives:edit", args=[rep.pk])).status_code == 403


def test_photo_is_stored_and_served_only_in_scope(clerk_a_client, clerk_b_client, rep_a, areas):
    url = reverse("representatives:edit", args=[rep_a.pk])
    data = form_data(areas.a, name="甲代表", phone="13812345678", photo=png_upload("me.png"))

    assert clerk_a_client.post(url, data).status_code == 302

    photo = reverse("representatives:photo", args=[rep_a.pk])
    response = clerk_a_client.get(photo)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
    assert clerk_b_client.get(photo).status_code == 404


def test_a_renamed_pdf_is_not_accepted_as_photo(clerk_a_client, rep_a, areas):
    fake = SimpleUploadedFile("me.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    url = reverse("representatives:edit", args=[rep_a.pk])

    response = clerk_a_client.post(
        url, form_data(areas.a, name="甲代表", phone="13812345678", photo=fake)
    )

    assert "photo" in response.context["form"].errors


def test_no_photo_is_404(clerk_a_client, rep_a):
    assert clerk_a_client.get(reverse("representatives:photo", args=[rep_a.pk])).status_code == 404


# --- Stationing ----------------------------------------------------------------------------


def assign_url(rep):
    return reverse("representatives:assign", args=[rep.pk])


def test_clerk_stations_a_representative(clerk_a_client, rep_a, wr):
    assert clerk_a_client.get(assign_url(rep_a)).status_code == 200

    response = clerk_a_client.post(
        assign_url(rep_a),
        {"workroom": wr.a1.pk, "role": AssignmentRole.LEADER, "start_date": "2024-03-01"},
    )

    assert response.status_code == 302
    assignment = rep_a.assignments.get(workroom=wr.a1)
    assert assignment.role == AssignmentRole.LEADER
    assert assignment.start_date == date(2024, 3, 1)


def test_stationing_a_second_leader_is_refused_with_a_message(clerk_a_client, rep_a, wr):
    stationed(wr.a1, role=AssignmentRole.LEADER, name="原组长")

    response = clerk_a_client.post(
        assign_url(rep_a),
        {"workroom": wr.a1.pk, "role": AssignmentRole.LEADER, "start_date": "2024-03-01"},
    )

    assert response.status_code == 200
    assert "原组长" in str(response.context["form"].non_field_errors())
    assert not rep_a.assignments.filter(workroom=wr.a1).exists()


def test_only_workrooms_the_user_looks_after_can_be_chosen(clerk_a_client, rep_a, wr):
    response = clerk_a_client.post(
        assign_url(rep_a), {"workroom": wr.b.pk, "role": "member", "start_date": "2024-03-01"}
    )

    assert "workroom" in response.context["form"].errors


def test_stationing_by_a_representative_is_403(representative_client, rep_a):
    assert representative_client.get(assign_url(rep_a)).status_code == 403


def test_stationing_out_of_scope_is_404(clerk_b_client, rep_a):
    assert clerk_b_client.get(assign_url(rep_a)).status_code == 404


def end_url(assignment):
    return reverse(
        "representatives:assignment_end", args=[assignment.representative_id, assignment.pk]
    )


def role_url(assignment):
    return reverse(
        "representatives:assignment_role", args=[assignment.representative_id, assignment.pk]
    )


def test_clerk_ends_an_assignment(clerk_a_client, rep_a):
    assignment = rep_a.assignments.get()

    response = clerk_a_client.post(end_url(assignment), {"end_date": "2024-12-31"})

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == date(2024, 12, 31)


def test_ending_before_the_start_shows_an_error(clerk_a_client, rep_a):
    assignment = rep_a.assignments.get()

    response = clerk_a_client.post(end_url(assignment), {"end_date": "2000-01-01"}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assignment.refresh_from_db()
    assert assignment.end_date is None


def test_staff_of_the_workroom_may_end_an_assignment_of_someone_registered_above(
    clerk_b_client, wr, areas
):
    rep = stationed(wr.b, area=areas.d)
    assignment = rep.assignments.get()

    assert clerk_b_client.post(end_url(assignment), {"end_date": "2024-12-31"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == date(2024, 12, 31)


def test_ending_needs_post(clerk_a_client, rep_a):
    assert clerk_a_client.get(end_url(rep_a.assignments.get())).status_code == 405


def test_ending_by_a_representative_is_403(representative_client, rep_a):
    response = representative_client.post(
        end_url(rep_a.assignments.get()), {"end_date": "2024-12-31"}
    )
    assert response.status_code == 403


def test_ending_out_of_scope_is_404(clerk_b_client, rep_a):
    response = clerk_b_client.post(end_url(rep_a.assignments.get()), {"end_date": "2024-12-31"})
    assert response.status_code == 404


def test_an_assignment_of_another_representative_is_404(clerk_a_client, rep_a, wr):
    other = stationed(wr.a)
    url = reverse("representatives:assignment_end", args=[rep_a.pk, other.assignments.get().pk])

    assert clerk_a_client.post(url, {"end_date": "2024-12-31"}).status_code == 404


def test_clerk_makes_a_member_group_leader(clerk_a_client, rep_a, wr):
    today = timezone.localdate()

    response = clerk_a_client.post(
        role_url(rep_a.assignments.get()), {"role": "leader", "on": today.isoformat()}
    )

    assert response.status_code == 302
    current = Assignment.objects.current().get(representative=rep_a)
    assert current.role == AssignmentRole.LEADER
    assert rep_a.assignments.count() == 2


def test_role_change_needs_post(clerk_a_client, rep_a):
    assert clerk_a_client.get(role_url(rep_a.assignments.get())).status_code == 405


def test_role_change_by_a_representative_is_403(representative_client, rep_a):
    response = representative_client.post(
        role_url(rep_a.assignments.get()), {"role": "leader", "on": "2024-01-01"}
    )
    assert response.status_code == 403


# --- Accounts ------------------------------------------------------------------------------


def account_url(rep, name="account_link"):
    return reverse(f"representatives:{name}", args=[rep.pk])


def test_clerk_links_an_account_holding_the_representative_role(
    clerk_a_client, rep_a, representative
):
    response = clerk_a_client.get(account_url(rep_a))
    assert list(response.context["link_form"].fields["user"].queryset) == [representative]

    response = clerk_a_client.post(account_url(rep_a), {"user": representative.pk})

    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert rep_a.user == representative


def test_accounts_of_other_areas_cannot_be_linked(clerk_a_client, rep_a, areas):
    stranger = UserFactory(username="stranger")
    RoleFactory(user=stranger, kind=RoleKind.REPRESENTATIVE, area=areas.b)

    response = clerk_a_client.post(account_url(rep_a), {"user": stranger.pk})

    assert "user" in response.context["link_form"].errors
    rep_a.refresh_from_db()
    assert rep_a.user is None


def test_clerk_creates_an_account_for_a_representative(clerk_a_client, rep_a, client):
    response = clerk_a_client.post(
        account_url(rep_a, "account_create"),
        {"username": "jia", "email": "jia@example.cn", "password": "Jia-daibiao-2026"},
    )

    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert rep_a.user.username == "jia"
    # The representative signs in and reaches their own record.
    signed_in = client.post("/accounts/login/", {"login": "jia", "password": "Jia-daibiao-2026"})
    assert signed_in.status_code == 302
    assert client.get(reverse("representatives:me")).url == detail_url(rep_a)


def test_a_weak_or_taken_user_name_and_password_are_refused(clerk_a_client, rep_a, clerk_b):
    response = clerk_a_client.post(
        account_url(rep_a, "account_create"), {"username": "clerk_b", "password": "123"}
    )

    assert response.status_code == 400
    errors = response.context["create_form"].errors
    assert "username" in errors and "password" in errors


def test_clerk_unlinks_an_account(clerk_a_client, rep_a, representative):
    Representative.objects.filter(pk=rep_a.pk).update(user=representative)

    assert clerk_a_client.get(account_url(rep_a, "account_unlink")).status_code == 405
    assert clerk_a_client.post(account_url(rep_a, "account_unlink")).status_code == 302

    rep_a.refresh_from_db()
    assert rep_a.user is None
    representative.refresh_from_db()
    assert representative.is_active


@pytest.mark.parametrize("name", ["account_link", "account_create", "account_unlink"])
def test_accounts_are_not_for_representatives_to_manage(representative_client, rep_a, name):
    assert representative_client.post(account_url(rep_a, name), {}).status_code == 403


@pytest.mark.parametrize("name", ["account_link", "account_create", "account_unlink"])
def test_accounts_out_of_scope_are_404(clerk_b_client, rep_a, name):
    assert clerk_b_client.post(account_url(rep_a, name), {}).status_code == 404


# --- A workroom's representatives ----------------------------------------------------------


def workroom_url(workroom):
    return reverse("representatives:workroom", args=[workroom.pk])


def station_seed_mix(workroom):
    stationed(
        workroom, role=AssignmentRole.LEADER, levels=Level.NATIONAL.bit | Level.PROVINCIAL.bit
    )
    for _ in range(7):
        stationed(workroom, levels=Level.CITY.bit)
    for _ in range(20):
        stationed(workroom, levels=Level.DISTRICT.bit)


def test_workroom_page_counts_its_representatives_by_level(clerk_a_client, wr):
    station_seed_mix(wr.a)
    gone = stationed(wr.a, name="已调离")
    gone.assignments.update(end_date=date(2023, 1, 1))

    response = clerk_a_client.get(workroom_url(wr.a))

    assert response.status_code == 200
    breakdown = response.context["breakdown"]
    assert breakdown.total == 28
    assert [(g.label, g.count) for g in breakdown.groups] == [("国、省", 1), ("市", 7), ("区", 20)]
    assert len(response.context["current"]) == 28
    assert response.context["current"][0].role == AssignmentRole.LEADER
    assert [a.representative.name for a in response.context["past"]] == ["已调离"]


def test_workroom_page_states_the_counts_the_way_offices_do(clerk_a_client, wr):
    # Chinese wording: passes once the translations are compiled.
    station_seed_mix(wr.a)

    body = clerk_a_client.get(workroom_url(wr.a)).content.decode()

    assert "驻室党代表28人，其中国、省党代表1人，市党代表7人，区党代表20人" in body


def test_workroom_page_out_of_scope_is_404(clerk_b_client, wr):
    assert clerk_b_client.get(workroom_url(wr.a)).status_code == 404


def test_workroom_page_masks_phones_for_representatives(representative_client, rep_a, wr):
    response = representative_client.get(workroom_url(wr.a))

    assert [a.phone_shown for a in response.context["current"]] == ["138****5678"]


def test_workroom_page_runs_a_constant_number_of_queries(
    clerk_a_client, wr, django_assert_max_num_queries
):
    for _ in range(3):
        stationed(wr.a)
    few = _query_count(clerk_a_client, workroom_url(wr.a))
    station_seed_mix(wr.a)
    for rep in list(Representative.objects.all()[:10]):
        AssignmentFactory(representative=rep, workroom=wr.a1)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = _query_count(clerk_a_client, workroom_url(wr.a))

    assert many == few


def test_workroom_panel_for_the_workroom_page(wr):
    leader = stationed(wr.a, role=AssignmentRole.LEADER, name="组长丙")
    stationed(wr.a, name="成员丁")

    html = Template(
        "{% load representatives_tags %}{% workroom_representatives_panel workroom %}"
    ).render(Context({"workroom": wr.a}))

    assert "组长丙" in html and "成员丁" in html
    assert reverse("representatives:detail", args=[leader.pk]) in html
    assert reverse("representatives:workroom", args=[wr.a.pk]) in html


def test_a_community_workroom_under_a_clerk_is_in_scope(clerk_a_client, wr, areas):
    area = AreaFactory(parent=areas.a1, kind=AreaKind.COMPOUND)
    workroom = WorkroomFactory(area=area, level=WorkroomLevel.COMMUNITY)
    stationed(workroom, name="小区代表")

    assert clerk_a_client.get(workroom_url(workroom)).status_code == 200
    assert "小区代表" in listed(clerk_a_client.get(LIST, {"workroom": workroom.pk}))


def test_a_user_without_roles_sees_nobody(rep_a):
    response = client_for(UserFactory()).get(LIST)

    assert response.status_code == 200
    assert listed(response) == set()
