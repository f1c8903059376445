"""The request detail page, registering, revealing personal data and attachments.

Out of scope is 404, in scope without the right is 403, anonymous goes to sign-in, and the
wrong method is 405. The workflow moves' own views are in test_views_steps.py.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from petitions import workflow
from petitions.attachments import attachment_add
from petitions.models import (
    Category,
    Channel,
    EventKind,
    Petition,
    ReminderKind,
    State,
    Triage,
)
from petitions.notifications import send_notice
from tests.factories import RoleFactory, UserFactory
from tests.helpers import assert_redirects_to_login, client_for
from tests.petitions.factories import PetitionFactory, pdf_upload
from tests.petitions.pages import at, beijing, current, detail_url, step_url
from tests.rosters.factories import AssignmentFactory, DutyShiftFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

REGISTER = "/requests/new/"


def register_data(workroom, **extra):
    data = {
        "workroom": workroom.pk,
        "channel": Channel.VISIT,
        "category": Category.TRAFFIC,
        "resident_name": "赵德明",
        "resident_phone": "139 1234 5678",
        "resident_address": "长安街道兴善小区3号楼1单元201室",
        "title": "小区门口停车难",
        "content": "晚上下班后小区门口没有停车位，希望协调周边单位夜间开放停车场。",
    }
    data.update(extra)
    return data


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["list", "ledger", "export", "mine", "register"], ids=lambda n: f"GET {n}"
)
def test_anonymous_is_sent_to_sign_in_from_the_pages(client, name):
    url = reverse(f"petitions:{name}")

    assert_redirects_to_login(client.get(url), url)


def test_anonymous_is_sent_to_sign_in_from_a_request(client, registered):
    url = detail_url(registered)

    assert_redirects_to_login(client.get(url), url)


@pytest.mark.parametrize("name", ["reveal", "receive", "note", "unarchive"])
def test_anonymous_post_is_sent_to_sign_in(client, registered, name):
    url = step_url(name, registered)

    assert_redirects_to_login(client.post(url, {"version": 1}), url)


def test_a_request_outside_the_users_area_is_not_found(clerk_b_client, registered):
    assert clerk_b_client.get(detail_url(registered)).status_code == 404


def test_a_request_of_another_district_is_not_found(liaison_client, foreign_workroom):
    petition = PetitionFactory(workroom=foreign_workroom)

    assert liaison_client.get(detail_url(petition)).status_code == 404


def test_a_missing_request_is_not_found(clerk_a_client, db):
    assert clerk_a_client.get(reverse("petitions:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["reveal", "receive", "on_the_spot", "transfer"])
def test_acting_on_a_request_out_of_scope_is_not_found(clerk_b_client, registered, name):
    response = clerk_b_client.post(step_url(name, registered), {"version": registered.version})

    assert response.status_code == 404
    assert current(registered).version == registered.version


@pytest.mark.parametrize("name", ["reveal", "receive", "note", "archive"])
def test_step_urls_refuse_get(clerk_a_client, received, name):
    assert clerk_a_client.get(step_url(name, received)).status_code == 405


@pytest.mark.parametrize("name", ["list", "ledger", "export", "mine"])
def test_read_only_pages_refuse_post(clerk_a_client, name):
    assert clerk_a_client.post(reverse(f"petitions:{name}")).status_code == 405


def test_detail_refuses_post(clerk_a_client, registered):
    assert clerk_a_client.post(detail_url(registered)).status_code == 405


# --- the detail page --------------------------------------------------------------------------


def test_detail_shows_the_request_and_its_deadline(clerk_a_client, received):
    response = clerk_a_client.get(detail_url(received))

    assert response.status_code == 200
    body = response.content.decode()
    assert received.title in body
    assert received.reference in body
    assert received.content in body
    assert "党代表" in body  # the handler
    assert response.context["petition"].deadline == received.deadline


def test_detail_timeline_lists_every_event_in_order_in_beijing_time(
    clerk_a_client, wr, clerk_a, handler
):
    with at(beijing(2026, 3, 2, 9, 30)):
        petition = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
    with at(beijing(2026, 3, 2, 10, 5)):
        workflow.receive(petition, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    with at(beijing(2026, 3, 3, 16, 45)):
        workflow.add_note(petition, actor=handler, note="已约物业经理周四现场查看。")

    response = clerk_a_client.get(detail_url(petition))

    entries = response.context["timeline"]
    assert [e.entry.action for e in entries] == [
        EventKind.REGISTER,
        EventKind.RECEIVE,
        EventKind.NOTE,
    ]
    assert [e.actor_name for e in entries] == ["甲办事员", "甲办事员", "党代表"]
    body = response.content.decode()
    # The timeline (includes/history.html) writes dates the app's one way: 2026年3月2日 09:30.
    for stamp in ("2026年3月2日 09:30", "2026年3月2日 10:05", "2026年3月3日 16:45"):
        assert stamp in body
    assert "已约物业经理周四现场查看。" in body
    assert body.index("2026年3月2日 09:30") < body.index("2026年3月3日 16:45")


def test_detail_timeline_shows_transfers_and_reminders_sent(clerk_a_client, wr, clerk_a, handler):
    with at(beijing(2026, 3, 2, 9, 30)):
        petition = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
        workflow.receive(petition, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    send_notice(petition.pk, ReminderKind.OVERDUE)
    workflow.transfer(petition, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")

    response = clerk_a_client.get(detail_url(petition))

    kinds = [e.entry.action for e in response.context["timeline"]]
    assert kinds == [EventKind.REGISTER, EventKind.RECEIVE, EventKind.REMINDER, EventKind.TRANSFER]
    transfer = dict(response.context["timeline"][-1].details)
    assert list(transfer.values())[-2:] == ["长安街道党代表工作室", "曲池街道党代表工作室"]


def test_overdue_request_is_highlighted_on_its_page(clerk_a_client, wr, clerk_a, handler):
    with at(timezone.now() - timedelta(days=40)):
        petition = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
        workflow.receive(petition, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)

    response = clerk_a_client.get(detail_url(petition))

    assert response.context["petition"].deadline_status == "overdue"
    assert "badge-bad" in response.content.decode()


def test_detail_offers_the_allowed_moves_only(clerk_a_client, received):
    response = clerk_a_client.get(detail_url(received))

    offered = [move.name for move, _form in response.context["forms"]]
    # The next step first, then the other actions in the table's order.
    assert offered == ["handle", "note", "attach", "transfer", "escalate", "reassign", "refer"]
    for name in offered:
        assert step_url(name, received) in response.content.decode()


def test_archived_request_offers_no_move_to_a_clerk(clerk_a_client, archived):
    response = clerk_a_client.get(detail_url(archived))

    assert response.context["forms"] == []


def test_archived_request_offers_unarchive_to_an_administrator(area_admin_client, archived):
    response = area_admin_client.get(detail_url(archived))

    assert [move.name for move, _form in response.context["forms"]] == ["unarchive"]


def test_every_step_form_carries_the_version_seen(clerk_a_client, received):
    response = clerk_a_client.get(detail_url(received))

    body = response.content.decode()
    for _move, form in response.context["forms"]:
        assert form["version"].value() == received.version
    assert f'name="version" value="{received.version}"' in body


def test_transferred_request_stays_readable_but_not_writable_for_the_sender(
    clerk_a_client, clerk_b_client, received, clerk_a, wr
):
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")

    sender = clerk_a_client.get(detail_url(received))
    receiver = clerk_b_client.get(detail_url(received))

    assert sender.status_code == 200
    assert sender.context["writable"] is False
    assert sender.context["forms"] == []
    assert receiver.context["writable"] is True
    assert receiver.context["forms"]


# --- personal data ----------------------------------------------------------------------------


def test_the_clerk_handling_the_request_sees_the_residents_particulars(clerk_a_client, registered):
    response = clerk_a_client.get(detail_url(registered))

    resident = response.context["resident"]
    assert resident.masked is False
    assert registered.resident_phone in response.content.decode()
    assert registered.resident_address in response.content.decode()


def test_the_liaison_office_sees_them_masked(liaison_client, registered):
    response = liaison_client.get(detail_url(registered))

    body = response.content.decode()
    resident = response.context["resident"]
    assert resident.masked is True
    assert registered.resident_phone not in body
    assert registered.resident_address not in body
    assert registered.resident_name not in body
    assert f"{registered.resident_phone[:3]}****{registered.resident_phone[-4:]}" in body
    assert reverse("petitions:reveal", args=[registered.pk]) in body


def test_revealing_the_full_record_shows_it_and_is_logged(liaison_client, liaison, registered):
    response = liaison_client.post(reverse("petitions:reveal", args=[registered.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert registered.resident_phone in body
    assert registered.resident_address in body
    log = AuditEntry.objects.filter(action="reveal").get()
    assert (log.subject, log.actor) == (registered, liaison)
    assert log.at is not None
    assert "no-store" in response["Cache-Control"]


def test_the_revealed_record_is_masked_again_on_the_next_visit(liaison_client, registered):
    liaison_client.post(reverse("petitions:reveal", args=[registered.pk]))

    response = liaison_client.get(detail_url(registered))

    assert registered.resident_phone not in response.content.decode()


def test_the_sender_cannot_reveal_after_a_transfer(clerk_a_client, received, clerk_a, wr):
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")

    page = clerk_a_client.get(detail_url(received))
    response = clerk_a_client.post(reverse("petitions:reveal", args=[received.pk]))

    assert received.resident_phone not in page.content.decode()
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="reveal").exists()


# --- attachments ------------------------------------------------------------------------------


def test_attachment_is_served_to_users_who_may_read_the_request(
    clerk_a_client, liaison_client, clerk_b_client, received, clerk_a
):
    item = attachment_add(received, actor=clerk_a, upload=pdf_upload("回复函.pdf"))
    url = reverse("petitions:attachment", args=[received.pk, item.pk])

    response = clerk_a_client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert liaison_client.get(url).status_code == 200
    assert clerk_b_client.get(url).status_code == 404


def test_attachment_of_another_request_is_not_found(clerk_a_client, received, registered, clerk_a):
    item = attachment_add(received, actor=clerk_a, upload=pdf_upload())

    url = reverse("petitions:attachment", args=[registered.pk, item.pk])

    assert clerk_a_client.get(url).status_code == 404


def test_attachments_are_listed_on_the_page(clerk_a_client, received, clerk_a):
    attachment_add(received, actor=clerk_a, upload=pdf_upload("回复函.pdf"))

    response = clerk_a_client.get(detail_url(received))

    assert "回复函.pdf" in response.content.decode()
    assert EventKind.ATTACHMENT in [e.entry.action for e in response.context["timeline"]]


def test_anonymous_cannot_download_an_attachment(client, received, clerk_a):
    item = attachment_add(received, actor=clerk_a, upload=pdf_upload())
    url = reverse("petitions:attachment", args=[received.pk, item.pk])

    assert_redirects_to_login(client.get(url), url)


# --- registering ------------------------------------------------------------------------------


def test_register_form_offers_only_workrooms_in_scope(clerk_a_client, wr):
    response = clerk_a_client.get(REGISTER)

    assert response.status_code == 200
    assert set(response.context["form"].fields["workroom"].queryset) == {wr.a, wr.a1}


def test_registering_creates_the_request_through_the_workflow(clerk_a_client, clerk_a, wr):
    response = clerk_a_client.post(
        REGISTER, register_data(wr.a, resident_is_party_member="on", anonymous_publicly="on")
    )

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(petition)
    assert petition.state == State.REGISTERED
    assert petition.workroom == wr.a
    assert petition.registered_by == clerk_a
    assert petition.resident_phone == "13912345678"
    assert petition.resident_is_party_member is True
    assert petition.anonymous_publicly is True
    assert list(petition.history.values_list("action", flat=True)) == [EventKind.REGISTER]


def test_a_representative_may_register(representative_client, wr):
    response = representative_client.post(REGISTER, register_data(wr.a1))

    assert response.status_code == 302
    assert Petition.objects.get().workroom == wr.a1


def test_a_user_without_a_role_may_not_register(wr):
    client = client_for(UserFactory())

    assert client.get(REGISTER).status_code == 403
    assert client.post(REGISTER, register_data(wr.a)).status_code == 403
    assert not Petition.objects.exists()


def test_registering_at_a_workroom_out_of_scope_is_refused(clerk_a_client, wr):
    response = clerk_a_client.post(REGISTER, register_data(wr.b))

    assert response.status_code == 200
    assert "workroom" in response.context["form"].errors
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", ""),
        ("content", "   "),
        ("resident_name", ""),
        ("channel", "carrier_pigeon"),
        ("category", "weather"),
        ("resident_phone", "12345"),
    ],
)
def test_registering_with_bad_input_keeps_the_form(clerk_a_client, wr, field, value):
    response = clerk_a_client.post(REGISTER, register_data(wr.a, **{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"]["content"].value() is not None
    assert not Petition.objects.exists()


def test_register_prefills_workroom_and_channel_from_the_link(clerk_a_client, wr):
    response = clerk_a_client.get(REGISTER, {"workroom": wr.a1.pk, "channel": Channel.MEETING})

    form = response.context["form"]
    assert form["workroom"].value() == wr.a1.pk
    assert form["channel"].value() == Channel.MEETING


def test_register_preselects_the_only_workroom(wr):
    clerk = UserFactory()
    RoleFactory(user=clerk, area=wr.b.area)

    response = client_for(clerk).get(REGISTER)

    assert response.context["form"]["workroom"].value() == wr.b.pk


def test_register_ignores_a_prefilled_workroom_out_of_scope(clerk_a_client, wr):
    response = clerk_a_client.get(REGISTER, {"workroom": wr.b.pk, "channel": "nonsense"})

    form = response.context["form"]
    assert form["workroom"].value() is None
    # An unknown channel is ignored: the form offers the usual one, a visit.
    assert form["channel"].value() == "visit"


def test_register_records_the_duty_shift_of_that_workroom(clerk_a_client, wr):
    shift = DutyShiftFactory(workroom=wr.a, date=timezone.localdate() - timedelta(days=2))
    old = DutyShiftFactory(workroom=wr.a, date=timezone.localdate() - timedelta(days=90))

    page = clerk_a_client.get(REGISTER, {"workroom": wr.a.pk})
    response = clerk_a_client.post(REGISTER, register_data(wr.a, duty_shift=shift.pk))

    assert list(page.context["form"].fields["duty_shift"].queryset) == [shift]
    assert old not in page.context["form"].fields["duty_shift"].queryset
    assert response.status_code == 302
    assert Petition.objects.get().duty_shift == shift


def test_register_refuses_a_shift_of_another_workroom(clerk_a_client, wr):
    shift = DutyShiftFactory(workroom=wr.a1, date=timezone.localdate())

    response = clerk_a_client.post(REGISTER, register_data(wr.a, duty_shift=shift.pk))

    assert "duty_shift" in response.context["form"].errors
    assert not Petition.objects.exists()


def test_register_refuses_a_shift_out_of_scope(clerk_a_client, wr):
    shift = DutyShiftFactory(workroom=wr.b, date=timezone.localdate())

    response = clerk_a_client.post(REGISTER, register_data(wr.a, duty_shift=shift.pk))

    assert "duty_shift" in response.context["form"].errors


# --- the receiving representative -------------------------------------------------------------


def test_receive_form_offers_the_workrooms_current_representatives(clerk_a_client, registered, wr):
    here = AssignmentFactory(workroom=wr.a).representative
    AssignmentFactory(
        workroom=wr.a, end_date=timezone.localdate() - timedelta(days=1)
    )  # left the workroom
    AssignmentFactory(workroom=wr.b)
    RepresentativeFactory(area=wr.a.area)  # registered here, not stationed here

    response = clerk_a_client.get(detail_url(registered))

    form = dict((m.name, f) for m, f in response.context["forms"])["receive"]
    assert list(form.fields["receiving_representative"].queryset) == [here]


def test_receive_form_offers_handlers_with_a_role_at_the_workroom(
    clerk_a_client, registered, clerk_a, clerk_b, liaison, representative, wr
):
    community_clerk = UserFactory(username="clerk_a1")
    RoleFactory(user=community_clerk, area=wr.a1.area)

    response = clerk_a_client.get(detail_url(registered))

    form = dict((m.name, f) for m, f in response.context["forms"])["receive"]
    assert set(form.fields["handler"].queryset) == {clerk_a, liaison, representative}
    assert form["handler"].value() == clerk_a.pk


def test_detail_takes_the_same_number_of_queries_for_a_short_and_a_long_history(
    django_assert_max_num_queries, clerk_a_client, received, handler
):
    with django_assert_max_num_queries(30) as short:
        clerk_a_client.get(detail_url(received))
    for number in range(20):
        workflow.add_note(received, actor=handler, note=f"第{number}次跟进。")

    with django_assert_max_num_queries(len(short.captured_queries)):
        response = clerk_a_client.get(detail_url(received))

    assert len(response.context["timeline"]) == 22
