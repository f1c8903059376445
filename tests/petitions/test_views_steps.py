"""The workflow moves made from the request page: one POST view per move.

Each happy path goes through the real workflow; refusals change nothing; bad input gets a form
error with the input kept; a request changed meanwhile answers 409 naming who changed it and
keeps what the user typed.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from petitions import workflow
from petitions.models import (
    Attachment,
    EventKind,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
    Transfer,
    Triage,
)
from tests.factories import UserFactory
from tests.petitions.factories import PetitionFactory, advance, pdf_upload, upload
from tests.petitions.pages import at, current, detail_url, post_step, step_url
from tests.rosters.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def unchanged(petition) -> bool:
    fresh = current(petition)
    return (fresh.state, fresh.version) == (petition.state, petition.version)


def event_kinds(petition) -> list[str]:
    return list(current(petition).history.values_list("action", flat=True))


# --- 接待 receive -------------------------------------------------------------------------------


def test_receive_triages_and_names_the_handler(clerk_a_client, registered, handler, wr, liaison):
    representative = AssignmentFactory(workroom=wr.a).representative

    response = post_step(
        clerk_a_client,
        "receive",
        registered,
        triage=Triage.REFER_UP,
        handler=handler.pk,
        receiving_representative=representative.pk,
        superior=liaison.pk,
        question="是否可以占用绿地增设车位？",
        note="涉及规划，需报街道。",
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(registered)
    petition = current(registered)
    assert petition.state == State.RECEIVED
    assert petition.triage == Triage.REFER_UP
    assert petition.handler == handler
    assert petition.receiving_representative == representative
    assert petition.deadline is not None
    # 请示办 asks the named superior at once, in the same submit.
    assert event_kinds(petition)[-2:] == [EventKind.RECEIVE, EventKind.REFER]
    referral = petition.referrals.get()
    assert (referral.superior, referral.question) == (liaison, "是否可以占用绿地增设车位？")


@pytest.mark.parametrize(
    "field, value",
    [("triage", Triage.ON_THE_SPOT), ("triage", "whenever"), ("handler", "")],
)
def test_receive_with_a_forged_or_missing_value_is_a_form_error(
    clerk_a_client, registered, handler, field, value
):
    data = {"triage": Triage.TIME_LIMITED, "handler": handler.pk, field: value}

    response = post_step(clerk_a_client, "receive", registered, **data)

    assert response.status_code == 200
    form = dict((m.name, f) for m, f in response.context["forms"])["receive"]
    assert field in form.errors
    assert unchanged(registered)


def test_receive_refuses_a_handler_without_a_role_at_the_workroom(
    clerk_a_client, registered, clerk_b
):
    response = post_step(
        clerk_a_client, "receive", registered, triage=Triage.TIME_LIMITED, handler=clerk_b.pk
    )

    form = dict((m.name, f) for m, f in response.context["forms"])["receive"]
    assert "handler" in form.errors
    assert unchanged(registered)


def test_receive_refuses_a_representative_of_another_workroom(
    clerk_a_client, registered, handler, wr
):
    elsewhere = AssignmentFactory(workroom=wr.b).representative

    response = post_step(
        clerk_a_client,
        "receive",
        registered,
        triage=Triage.TIME_LIMITED,
        handler=handler.pk,
        receiving_representative=elsewhere.pk,
    )

    form = dict((m.name, f) for m, f in response.context["forms"])["receive"]
    assert "receiving_representative" in form.errors
    assert unchanged(registered)


def test_receive_without_a_version_is_a_form_error(clerk_a_client, registered, handler):
    response = clerk_a_client.post(
        step_url("receive", registered), {"triage": Triage.TIME_LIMITED, "handler": handler.pk}
    )

    assert response.status_code == 200
    assert unchanged(registered)


# --- 当场办 on the spot --------------------------------------------------------------------------


def test_on_the_spot_receives_handles_and_replies_in_one_form(representative_client, registered):
    response = post_step(
        representative_client,
        "on_the_spot",
        registered,
        handling_result="当场查询了社保缴费记录。",
        reply_content="已当面告知缴费年限。",
        reply_method=ReplyMethod.IN_PERSON,
        satisfaction=Satisfaction.SATISFIED,
        resolution=Resolution.SOLVED,
    )

    assert response.status_code == 302
    petition = current(registered)
    # A representative may not archive: the return visit is recorded, a clerk archives.
    assert petition.state == State.FEEDBACK
    assert petition.triage == Triage.ON_THE_SPOT
    assert event_kinds(petition) == [
        EventKind.REGISTER,
        EventKind.RECEIVE,
        EventKind.HANDLE,
        EventKind.REPLY,
        EventKind.FEEDBACK,
    ]


def test_a_clerk_closes_a_satisfied_on_the_spot_answer_in_one_submit(clerk_a_client, registered):
    response = post_step(
        clerk_a_client,
        "on_the_spot",
        registered,
        handling_result="当场查询了社保缴费记录。",
        reply_content="已当面告知缴费年限。",
        reply_method=ReplyMethod.IN_PERSON,
        satisfaction=Satisfaction.BASICALLY,
        resolution=Resolution.SOLVED,
    )

    assert response.status_code == 302
    petition = current(registered)
    assert petition.state == State.ARCHIVED
    assert petition.archived_at is not None
    assert event_kinds(petition)[-2:] == [EventKind.FEEDBACK, EventKind.ARCHIVE]


def test_a_dissatisfied_resident_on_the_spot_sends_it_to_handling(clerk_a_client, registered):
    response = post_step(
        clerk_a_client,
        "on_the_spot",
        registered,
        handling_result="当场解释了政策。",
        reply_content="已当面解释。",
        reply_method=ReplyMethod.IN_PERSON,
        satisfaction=Satisfaction.DISSATISFIED,
        resolution=Resolution.NOT_SOLVED,
    )

    assert response.status_code == 302
    petition = current(registered)
    assert (petition.state, petition.returns) == (State.RECEIVED, 1)
    assert petition.triage == Triage.ON_THE_SPOT
    assert petition.deadline > timezone.localdate()


def test_on_the_spot_needs_both_texts(clerk_a_client, registered):
    response = post_step(
        clerk_a_client,
        "on_the_spot",
        registered,
        handling_result="当场查询了社保缴费记录。",
        reply_content="",
        reply_method=ReplyMethod.IN_PERSON,
    )

    form = dict((m.name, f) for m, f in response.context["forms"])["on_the_spot"]
    assert "reply_content" in form.errors
    assert form["handling_result"].value() == "当场查询了社保缴费记录。"
    assert unchanged(registered)


# --- 处理 handle: notes, attachments, transfers -------------------------------------------------


def test_a_progress_note_is_added(representative_client, received):
    response = post_step(representative_client, "note", received, note="已联系物业公司。")

    assert response.status_code == 302
    assert current(received).history.last().note == "已联系物业公司。"


def test_an_empty_note_is_a_form_error(clerk_a_client, received):
    response = post_step(clerk_a_client, "note", received, note="")

    assert response.status_code == 200
    assert unchanged(received)


def test_a_pdf_is_attached(clerk_a_client, received):
    response = clerk_a_client.post(
        step_url("attach", received),
        {"version": received.version, "file": pdf_upload("回复函.pdf")},
    )

    assert response.status_code == 302
    item = Attachment.objects.get()
    assert (item.petition, item.original_name) == (received, "回复函.pdf")


def test_a_file_that_is_no_document_is_refused_with_a_form_error(clerk_a_client, received):
    response = clerk_a_client.post(
        step_url("attach", received),
        {"version": received.version, "file": upload("照片.jpg", b"MZ\x90\x00 not a photo")},
    )

    assert response.status_code == 200
    form = dict((m.name, f) for m, f in response.context["forms"])["attach"]
    assert "file" in form.errors
    assert not Attachment.objects.exists()
    assert unchanged(received)


def test_transfer_sends_the_request_to_another_workroom_of_the_district(
    clerk_a_client, clerk_b_client, received, wr
):
    response = post_step(
        clerk_a_client, "transfer", received, to_workroom=wr.b.pk, reason="属曲池街道辖区。"
    )

    assert response.status_code == 302
    assert current(received).workroom == wr.b
    assert Transfer.objects.get().from_workroom == wr.a
    # The sender still reads it; the receiver may act on it.
    assert clerk_a_client.get(detail_url(received)).status_code == 200
    assert post_step(clerk_a_client, "note", received, note="补充").status_code == 403
    assert post_step(clerk_b_client, "note", received, note="已接收。").status_code == 302


def test_transfer_to_a_workroom_of_another_district_is_a_form_error(
    clerk_a_client, received, foreign_workroom
):
    response = post_step(
        clerk_a_client, "transfer", received, to_workroom=foreign_workroom.pk, reason="转办"
    )

    assert response.status_code == 200
    assert unchanged(received)


def test_escalate_goes_to_the_workroom_above(clerk_a_client, petition_in, wr):
    petition = petition_in(State.RECEIVED, workroom=wr.a1)

    response = post_step(clerk_a_client, "escalate", petition, reason="涉及多个社区，需街道协调。")

    assert response.status_code == 302
    assert current(petition).workroom == wr.a
    assert Transfer.objects.get().is_escalation is True


def test_a_representative_may_not_transfer(representative_client, received, wr):
    response = post_step(
        representative_client, "transfer", received, to_workroom=wr.b.pk, reason="转办"
    )

    assert response.status_code == 403
    assert unchanged(received)


def test_reassign_names_another_handler(clerk_a_client, received, clerk_a):
    response = post_step(clerk_a_client, "reassign", received, handler=clerk_a.pk, note="换人")

    assert response.status_code == 302
    assert current(received).handler == clerk_a


def test_handle_records_the_result(representative_client, received):
    response = post_step(representative_client, "handle", received, result="物业已修复路灯。")

    assert response.status_code == 302
    petition = current(received)
    assert petition.state == State.HANDLED
    assert petition.handling_result == "物业已修复路灯。"


# --- 回复 reply ---------------------------------------------------------------------------------


def test_reply_records_what_how_and_when(clerk_a_client, petition_in):
    with at(timezone.now() - timedelta(hours=2)):
        handled = petition_in(State.HANDLED)
    when = timezone.localtime(timezone.now() - timedelta(minutes=30)).replace(
        second=0, microsecond=0
    )

    response = post_step(
        clerk_a_client,
        "reply",
        handled,
        content="已电话告知处理结果。",
        method=ReplyMethod.PHONE,
        replied_at=when.strftime("%Y-%m-%dT%H:%M"),
    )

    assert response.status_code == 302
    petition = current(handled)
    assert petition.state == State.REPLIED
    assert petition.reply_method == ReplyMethod.PHONE
    assert petition.replied_at == when


def test_reply_without_a_time_is_now(clerk_a_client, handled):
    post_step(clerk_a_client, "reply", handled, content="已告知。", method=ReplyMethod.SMS)

    assert timezone.now() - current(handled).replied_at < timedelta(minutes=1)


@pytest.mark.parametrize("days", [1, -400])
def test_reply_in_the_future_or_before_reception_is_a_form_error(clerk_a_client, handled, days):
    when = timezone.localtime(timezone.now() + timedelta(days=days))

    response = post_step(
        clerk_a_client,
        "reply",
        handled,
        content="已告知。",
        method=ReplyMethod.PHONE,
        replied_at=when.strftime("%Y-%m-%dT%H:%M"),
    )

    form = dict((m.name, f) for m, f in response.context["forms"])["reply"]
    assert "replied_at" in form.errors
    assert form["content"].value() == "已告知。"
    assert unchanged(handled)


def test_reply_with_an_unknown_method_is_a_form_error(clerk_a_client, handled):
    response = post_step(clerk_a_client, "reply", handled, content="已告知。", method="pigeon")

    assert response.status_code == 200
    assert unchanged(handled)


# --- 反馈 feedback and 归档 archive ---------------------------------------------------------------


def test_a_satisfied_return_visit_is_recorded(clerk_a_client, replied):
    response = post_step(
        clerk_a_client,
        "feedback",
        replied,
        satisfaction=Satisfaction.SATISFIED,
        resolution=Resolution.SOLVED,
    )

    assert response.status_code == 302
    assert current(replied).state == State.FEEDBACK


def test_a_dissatisfied_resident_sends_the_request_back_to_handling(clerk_a_client, replied):
    response = post_step(
        clerk_a_client,
        "feedback",
        replied,
        satisfaction=Satisfaction.DISSATISFIED,
        resolution=Resolution.NOT_SOLVED,
    )

    petition = current(replied)
    assert petition.state == State.RECEIVED
    assert petition.returns == 1
    assert response.status_code == 302
    assert len(messages_of(response)) == 2  # recorded, and sent back to handling


def test_after_a_second_dissatisfaction_a_clerk_is_refused_and_nothing_changes(
    clerk_a_client, liaison_client, replied, clerk_a
):
    unhappy = {"satisfaction": Satisfaction.DISSATISFIED, "resolution": Resolution.NOT_SOLVED}
    workflow.feedback(replied, actor=clerk_a, **unhappy)
    advance(replied, State.REPLIED, actor=clerk_a)
    workflow.feedback(replied, actor=clerk_a, **unhappy)
    petition = current(replied)
    assert petition.needs_liaison_office

    page = clerk_a_client.get(detail_url(petition))
    refused = post_step(clerk_a_client, "handle", petition, result="再次协调。")
    allowed = post_step(liaison_client, "handle", petition, result="党联办协调住建部门。")

    assert "handle" not in [m.name for m, _f in page.context["forms"]]
    assert refused.status_code == 200
    assert messages_of(refused)
    assert current(petition).handling_result == "党联办协调住建部门。"
    assert allowed.status_code == 302


def test_archive_enters_the_ledger(clerk_a_client, fed_back):
    response = post_step(clerk_a_client, "archive", fed_back)

    assert response.status_code == 302
    assert current(fed_back).state == State.ARCHIVED


def test_a_representative_may_not_archive(representative_client, fed_back):
    assert post_step(representative_client, "archive", fed_back).status_code == 403
    assert unchanged(fed_back)


def test_an_administrator_unarchives_with_a_reason(area_admin_client, area_admin, archived):
    response = post_step(area_admin_client, "unarchive", archived, reason="回访记录录错，需更正。")

    assert response.status_code == 302
    petition = current(archived)
    assert petition.state == workflow.MOVES["unarchive"].target
    assert petition.archived_at is None
    event = petition.history.last()
    assert (event.action, event.actor, event.note) == (
        EventKind.UNARCHIVE,
        area_admin,
        "回访记录录错，需更正。",
    )


def test_unarchive_needs_a_reason(area_admin_client, archived):
    response = post_step(area_admin_client, "unarchive", archived, reason="  ")

    assert response.status_code == 200
    form = dict((m.name, f) for m, f in response.context["forms"])["unarchive"]
    assert "reason" in form.errors
    assert unchanged(archived)


@pytest.mark.parametrize("client_name", ["representative_client", "clerk_a_client"])
def test_only_an_administrator_may_unarchive(request, archived, client_name):
    client = request.getfixturevalue(client_name)

    response = post_step(client, "unarchive", archived, reason="想改一下")

    assert response.status_code == 403
    assert unchanged(archived)


def test_a_user_without_a_role_in_scope_gets_404_not_403(received):
    from tests.helpers import client_for

    stranger = client_for(UserFactory())

    assert post_step(stranger, "note", received, note="x").status_code == 404


# --- refusals and conflicts -------------------------------------------------------------------


def test_a_move_the_state_does_not_allow_is_refused_with_a_message(clerk_a_client, received):
    response = post_step(clerk_a_client, "archive", received)

    assert response.status_code == 200
    assert messages_of(response)
    assert unchanged(received)


def test_a_step_on_an_archived_request_is_refused(clerk_a_client, archived):
    response = post_step(clerk_a_client, "note", archived, note="补记")

    assert response.status_code == 200
    assert messages_of(response)
    assert unchanged(archived)


def test_a_request_changed_meanwhile_answers_409_and_keeps_the_input(
    clerk_a_client, liaison, received
):
    seen = received.version
    workflow.add_note(received, actor=liaison, note="党联办已过问。")

    response = post_step(
        clerk_a_client, "handle", received, version=seen, result="物业已修复路灯。"
    )

    assert response.status_code == 409
    assert "联络办" in " ".join(messages_of(response))
    form = dict((m.name, f) for m, f in response.context["forms"])["handle"]
    assert form["result"].value() == "物业已修复路灯。"
    # The form now carries the current version: sending it again is a deliberate choice.
    assert form["version"].value() == str(current(received).version)
    assert "物业已修复路灯。" in response.content.decode()
    assert current(received).state == State.RECEIVED


def test_resending_after_a_conflict_succeeds(clerk_a_client, liaison, received):
    seen = received.version
    workflow.add_note(received, actor=liaison, note="党联办已过问。")
    post_step(clerk_a_client, "handle", received, version=seen, result="物业已修复路灯。")

    response = post_step(clerk_a_client, "handle", received, result="物业已修复路灯。")

    assert response.status_code == 302
    assert current(received).state == State.HANDLED


def test_a_step_someone_else_already_made_keeps_the_input_readable(
    clerk_a_client, liaison, handler, wr, clerk_a
):
    petition = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
    seen = petition.version
    workflow.receive(petition, actor=liaison, triage=Triage.TIME_LIMITED, handler=handler)

    response = post_step(
        clerk_a_client,
        "on_the_spot",
        petition,
        version=seen,
        handling_result="当场答复了政策。",
        reply_content="已当面解释。",
        reply_method=ReplyMethod.IN_PERSON,
        satisfaction=Satisfaction.SATISFIED,
        resolution=Resolution.SOLVED,
    )

    assert response.status_code == 409
    assert response.context["kept"]["handling_result"].value() == "当场答复了政策。"
    assert "当场答复了政策。" in response.content.decode()
    assert current(petition).triage == Triage.TIME_LIMITED
