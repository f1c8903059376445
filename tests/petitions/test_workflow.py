"""The six steps: every allowed move, every forbidden one, on-the-spot answers, the return after
dissatisfaction, archiving and un-archiving, registering, transfers and escalation."""

import pytest
from django.utils import timezone

from core.errors import DomainError
from petitions import referrals, workflow
from petitions.attachments import attachment_add
from petitions.models import (
    EventKind,
    Petition,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
    Transfer,
    Triage,
)
from petitions.workflow import MOVES, allowed_moves, may_move
from tests.factories import WorkroomFactory
from tests.petitions.factories import PetitionFactory, advance, pdf_upload, staff_of
from tests.rosters.factories import AssignmentFactory, DutyShiftFactory, RepresentativeFactory

STATES = list(State.values)


def make(name, petition, actor, wr, other_handler):
    """Make move ``name`` with valid input, so that only the state (or role) can refuse it."""
    calls = {
        "receive": lambda: workflow.receive(
            petition, actor=actor, triage=Triage.TIME_LIMITED, handler=actor
        ),
        "on_the_spot": lambda: workflow.answer_on_the_spot(
            petition,
            actor=actor,
            handling_result="当场联系物业处理。",
            reply_content="已当面答复。",
            reply_method=ReplyMethod.IN_PERSON,
        ),
        "note": lambda: workflow.add_note(petition, actor=actor, note="已电话联系物业。"),
        "refer": lambda: referrals.refer(
            petition,
            actor=actor,
            superior=referrals.superiors_for(petition).exclude(pk=actor.pk).first(),
            question="能否占用公共绿地？",
        ),
        "attach": lambda: attachment_add(petition, actor=actor, upload=pdf_upload()),
        "transfer": lambda: workflow.transfer(
            petition, actor=actor, to_workroom=wr.b, reason="属曲池街道辖区。"
        ),
        "escalate": lambda: workflow.escalate(petition, actor=actor, reason="涉及多个街道。"),
        "reassign": lambda: workflow.reassign(petition, actor=actor, handler=other_handler),
        "handle": lambda: workflow.handle(petition, actor=actor, result="已维修。"),
        "reply": lambda: workflow.reply(
            petition, actor=actor, content="已告知居民。", method=ReplyMethod.PHONE
        ),
        "feedback": lambda: workflow.feedback(
            petition,
            actor=actor,
            satisfaction=Satisfaction.SATISFIED,
            resolution=Resolution.SOLVED,
        ),
        "archive": lambda: workflow.archive(petition, actor=actor),
        "unarchive": lambda: workflow.unarchive(petition, actor=actor, reason="回访记录有误。"),
    }
    return calls[name]()


# What each move adds to the timeline.
EVENTS = {
    "receive": [EventKind.RECEIVE],
    "on_the_spot": [EventKind.RECEIVE, EventKind.HANDLE, EventKind.REPLY],
    "note": [EventKind.NOTE],
    "refer": [EventKind.REFER],
    "attach": [EventKind.ATTACHMENT],
    "transfer": [EventKind.TRANSFER],
    "escalate": [EventKind.ESCALATE],
    "reassign": [EventKind.REASSIGN],
    "handle": [EventKind.HANDLE],
    "reply": [EventKind.REPLY],
    "feedback": [EventKind.FEEDBACK],
    "archive": [EventKind.ARCHIVE],
    "unarchive": [EventKind.UNARCHIVE],
}

# Marking as spam needs a request raised online, in its own tests (tests/petitions/test_spam.py).
TABLE = {name: move for name, move in MOVES.items() if name not in {"spam", "not_spam"}}
ALLOWED = [
    (name, state) for name, move in TABLE.items() for state in STATES if state in move.sources
]
FORBIDDEN = [
    (name, state) for name, move in TABLE.items() for state in STATES if state not in move.sources
]


def snapshot(petition):
    fresh = Petition.objects.get(pk=petition.pk)
    return fresh.state, fresh.version, fresh.workroom_id, fresh.history.count()


@pytest.fixture
def superior(area_admin, liaison):
    """The district's administrator: every role the table names, so only the state decides.
    (The liaison office is there to be asked when the move is a referral.)"""
    return area_admin


@pytest.mark.parametrize(("name", "state"), ALLOWED)
def test_every_allowed_move_changes_state_version_and_timeline(
    name, state, petition_in, superior, wr, clerk_a
):
    petition = petition_in(state, actor=superior, handler=superior)
    before_events = petition.history.count()
    version = petition.version

    make(name, petition, superior, wr, other_handler=clerk_a)

    fresh = Petition.objects.get(pk=petition.pk)
    target = MOVES[name].target or state
    assert fresh.state == target
    assert fresh.version == version + 1
    assert fresh.updated_by == superior
    new = list(fresh.history.order_by("at", "pk").values_list("action", flat=True)[before_events:])
    assert new == EVENTS[name]


@pytest.mark.parametrize(("name", "state"), FORBIDDEN)
def test_every_forbidden_move_is_refused_and_changes_nothing(
    name, state, petition_in, superior, wr, clerk_a
):
    petition = petition_in(state, actor=superior, handler=superior)
    before = snapshot(petition)

    with pytest.raises(DomainError):
        make(name, petition, superior, wr, other_handler=clerk_a)

    assert snapshot(petition) == before
    assert not Transfer.objects.exists()


def test_the_table_offers_exactly_the_moves_the_functions_accept(petition_in, superior):
    received = petition_in(State.RECEIVED, actor=superior, handler=superior)
    offered = {move.name for move in allowed_moves(received, superior)}
    assert offered == {"note", "refer", "attach", "transfer", "escalate", "reassign", "handle"}


@pytest.mark.parametrize("name", ["note", "attach", "handle", "feedback", "archive", "receive"])
def test_archived_request_cannot_change(name, archived, area_admin, wr, clerk_a):
    before = snapshot(archived)
    with pytest.raises(DomainError):
        make(name, archived, area_admin, wr, other_handler=clerk_a)
    assert snapshot(archived) == before


def test_skipping_a_step_is_refused(registered, clerk_a):
    with pytest.raises(DomainError):
        workflow.reply(registered, actor=clerk_a, content="已答复。", method=ReplyMethod.PHONE)
    assert Petition.objects.get(pk=registered.pk).state == State.REGISTERED


def test_going_back_a_step_is_refused(replied, clerk_a):
    with pytest.raises(DomainError):
        workflow.handle(replied, actor=clerk_a, result="再处理一次。")
    assert Petition.objects.get(pk=replied.pk).state == State.REPLIED


# --- roles ----------------------------------------------------------------------------------


def test_a_representative_may_carry_a_request_but_not_archive_or_transfer(
    petition_in, representative, wr
):
    petition = petition_in(State.FEEDBACK, actor=representative, handler=representative)
    assert petition.state == State.FEEDBACK
    assert not may_move(petition, representative, "archive")
    with pytest.raises(DomainError):
        workflow.archive(petition, actor=representative)
    received = petition_in(State.RECEIVED, actor=representative, handler=representative)
    with pytest.raises(DomainError):
        workflow.transfer(received, actor=representative, to_workroom=wr.b, reason="转办。")


def test_a_clerk_of_another_subdistrict_cannot_act(received, clerk_b):
    before = snapshot(received)
    with pytest.raises(DomainError):
        workflow.handle(received, actor=clerk_b, result="已处理。")
    assert snapshot(received) == before


def test_the_liaison_office_may_act_anywhere_in_its_district(received, liaison):
    workflow.handle(received, actor=liaison, result="党联办协调处理。")
    assert Petition.objects.get(pk=received.pk).state == State.HANDLED


# --- register -------------------------------------------------------------------------------


def test_register_records_who_and_when_and_the_first_event(wr, clerk_a):
    petition = PetitionFactory(workroom=wr.a, registered_by=clerk_a, resident_name="王秀英")
    fresh = Petition.objects.get(pk=petition.pk)
    assert fresh.state == State.REGISTERED
    assert fresh.registered_by == clerk_a
    assert fresh.resident_name == "王秀英"
    event = fresh.history.get()
    assert (event.action, event.actor, event.to_state) == (
        EventKind.REGISTER,
        clerk_a,
        State.REGISTERED,
    )
    assert fresh.reference == f"{timezone.localtime(fresh.registered_at):%Y}-{fresh.pk:06d}"


def test_a_representative_may_register(wr, representative):
    petition = PetitionFactory(workroom=wr.a, registered_by=representative)
    assert petition.registered_by == representative


def test_register_refuses_users_without_a_role_at_the_workroom(wr, clerk_b):
    with pytest.raises(DomainError):
        PetitionFactory(workroom=wr.a, registered_by=clerk_b)
    assert not Petition.objects.exists()


def test_register_refuses_a_user_without_any_role(wr):
    from tests.factories import UserFactory

    with pytest.raises(DomainError):
        PetitionFactory(workroom=wr.a, registered_by=UserFactory())
    assert not Petition.objects.exists()


def test_register_refuses_a_closed_workroom(wr, clerk_a):
    wr.a.is_active = False
    wr.a.save()
    with pytest.raises(DomainError):
        PetitionFactory(workroom=wr.a, registered_by=clerk_a)


def test_register_refuses_fields_it_does_not_own(wr, clerk_a):
    with pytest.raises(TypeError):
        PetitionFactory(workroom=wr.a, registered_by=clerk_a, state=State.ARCHIVED)


@pytest.mark.parametrize("field", ["channel", "category"])
def test_register_refuses_unknown_choices(field, wr, clerk_a):
    with pytest.raises(DomainError):
        PetitionFactory(workroom=wr.a, registered_by=clerk_a, **{field: "nonsense"})


def test_register_refuses_a_duty_shift_of_another_workroom(wr, clerk_a):
    shift = DutyShiftFactory(workroom=wr.b)
    with pytest.raises(DomainError):
        PetitionFactory(workroom=wr.a, registered_by=clerk_a, duty_shift=shift)
    here = DutyShiftFactory(workroom=wr.a)
    assert PetitionFactory(workroom=wr.a, registered_by=clerk_a, duty_shift=here).duty_shift == here


# --- receive --------------------------------------------------------------------------------


def test_receive_records_triage_handler_deadline_and_representative(
    registered, clerk_a, handler, areas, wr
):
    person = RepresentativeFactory(name="赵代表", area=areas.a)
    AssignmentFactory(representative=person, workroom=wr.a)
    workflow.receive(
        registered,
        actor=clerk_a,
        triage=Triage.REFER_UP,
        handler=handler,
        receiving_representative=person,
        note="居民情绪平稳。",
    )
    fresh = Petition.objects.get(pk=registered.pk)
    assert (fresh.triage, fresh.handler, fresh.receiving_representative) == (
        Triage.REFER_UP,
        handler,
        person,
    )
    assert fresh.deadline == workflow.deadline_for(Triage.REFER_UP, start=timezone.localdate())
    event = fresh.history.get(action=EventKind.RECEIVE)
    assert event.data["handler"] == handler.pk
    assert event.data["representative"] == "赵代表"
    assert event.note == "居民情绪平稳。"


def test_receive_refuses_a_handler_without_a_role_at_the_workroom(registered, clerk_a, clerk_b):
    with pytest.raises(DomainError):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=clerk_b)
    assert Petition.objects.get(pk=registered.pk).state == State.REGISTERED


def test_receive_refuses_an_inactive_handler(registered, clerk_a, handler):
    handler.is_active = False
    handler.save()
    with pytest.raises(DomainError):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)


def test_receive_refuses_a_representative_of_another_workroom(registered, clerk_a, areas, wr):
    elsewhere = RepresentativeFactory(name="钱代表", area=areas.b)
    AssignmentFactory(representative=elsewhere, workroom=wr.b)
    with pytest.raises(DomainError):
        workflow.receive(
            registered,
            actor=clerk_a,
            triage=Triage.TIME_LIMITED,
            handler=clerk_a,
            receiving_representative=elsewhere,
        )


@pytest.mark.parametrize("triage", [Triage.ON_THE_SPOT, "whenever"])
def test_receive_refuses_on_the_spot_or_unknown_triage(triage, registered, clerk_a):
    with pytest.raises(DomainError):
        workflow.receive(registered, actor=clerk_a, triage=triage, handler=clerk_a)


# --- on the spot ----------------------------------------------------------------------------


def test_on_the_spot_writes_receive_handle_and_reply_in_order(registered, representative):
    workflow.answer_on_the_spot(
        registered,
        actor=representative,
        handling_result="现场联系社区，明日清理。",
        reply_content="已当面告知居民。",
        reply_method=ReplyMethod.IN_PERSON,
    )
    fresh = Petition.objects.get(pk=registered.pk)
    assert fresh.state == State.REPLIED
    assert fresh.triage == Triage.ON_THE_SPOT
    assert fresh.handler == representative
    assert fresh.deadline == timezone.localdate()
    assert fresh.received_at == fresh.handled_at == fresh.replied_at
    steps = [
        (e.action, e.from_state, e.to_state, e.actor)
        for e in fresh.history.exclude(action=EventKind.REGISTER).order_by("at", "pk")
    ]
    assert steps == [
        (EventKind.RECEIVE, State.REGISTERED, State.RECEIVED, representative),
        (EventKind.HANDLE, State.RECEIVED, State.HANDLED, representative),
        (EventKind.REPLY, State.HANDLED, State.REPLIED, representative),
    ]
    assert fresh.version == registered.version == 2


def test_on_the_spot_needs_what_was_done_and_said(registered, clerk_a):
    with pytest.raises(DomainError):
        workflow.answer_on_the_spot(
            registered,
            actor=clerk_a,
            handling_result=" ",
            reply_content="已答复。",
            reply_method=ReplyMethod.IN_PERSON,
        )
    assert snapshot(registered)[0] == State.REGISTERED


def test_on_the_spot_answer_still_gets_its_return_visit_and_archive(registered, clerk_a):
    workflow.answer_on_the_spot(
        registered,
        actor=clerk_a,
        handling_result="现场解答政策。",
        reply_content="已解答。",
        reply_method=ReplyMethod.IN_PERSON,
    )
    advance(registered, State.ARCHIVED, actor=clerk_a)
    assert Petition.objects.get(pk=registered.pk).state == State.ARCHIVED


# --- the return after dissatisfaction -------------------------------------------------------


def unhappy(petition, actor, **kwargs):
    kwargs.setdefault("satisfaction", Satisfaction.DISSATISFIED)
    kwargs.setdefault("resolution", Resolution.PARTLY)
    return workflow.feedback(petition, actor=actor, **kwargs)


def test_dissatisfied_sends_the_request_back_to_handling_with_a_new_deadline(replied, clerk_a):
    unhappy(replied, clerk_a, note="居民认为路灯仍不亮。")
    fresh = Petition.objects.get(pk=replied.pk)
    assert fresh.state == State.RECEIVED
    assert fresh.returns == 1
    assert not fresh.needs_liaison_office
    assert fresh.satisfaction == Satisfaction.DISSATISFIED
    assert fresh.handled_at is None and fresh.replied_at is None
    assert fresh.deadline == workflow.deadline_for(fresh.triage, start=timezone.localdate())
    last_two = list(fresh.history.order_by("-at", "-pk")[:2])[::-1]
    assert [(e.action, e.from_state, e.to_state) for e in last_two] == [
        (EventKind.FEEDBACK, State.REPLIED, State.FEEDBACK),
        (EventKind.RETURN, State.FEEDBACK, State.RECEIVED),
    ]
    assert last_two[1].data["returns"] == 1


def test_not_solved_also_sends_it_back_even_when_satisfied(replied, clerk_a):
    unhappy(replied, clerk_a, satisfaction=Satisfaction.SATISFIED, resolution=Resolution.NOT_SOLVED)
    assert Petition.objects.get(pk=replied.pk).state == State.RECEIVED


def test_basically_satisfied_and_partly_solved_goes_on_to_archive(replied, clerk_a):
    workflow.feedback(
        replied, actor=clerk_a, satisfaction=Satisfaction.BASICALLY, resolution=Resolution.PARTLY
    )
    assert Petition.objects.get(pk=replied.pk).state == State.FEEDBACK


def test_an_on_the_spot_answer_sent_back_gets_a_time_limited_deadline(registered, clerk_a):
    workflow.answer_on_the_spot(
        registered,
        actor=clerk_a,
        handling_result="现场解答。",
        reply_content="已解答。",
        reply_method=ReplyMethod.IN_PERSON,
    )
    unhappy(registered, clerk_a)
    fresh = Petition.objects.get(pk=registered.pk)
    assert fresh.deadline == workflow.deadline_for(Triage.TIME_LIMITED, start=timezone.localdate())
    assert fresh.deadline > timezone.localdate()


def test_second_dissatisfaction_requires_the_liaison_office(replied, clerk_a, liaison, area_admin):
    unhappy(replied, clerk_a)
    advance(replied, State.REPLIED, actor=clerk_a)
    unhappy(replied, clerk_a)
    fresh = Petition.objects.get(pk=replied.pk)
    assert (fresh.state, fresh.returns, fresh.needs_liaison_office) == (State.RECEIVED, 2, True)

    # A clerk is refused every step from here on, the liaison office is not.
    for state, step in [
        (State.RECEIVED, lambda who: workflow.handle(fresh, actor=who, result="党联办协调。")),
        (
            State.HANDLED,
            lambda who: workflow.reply(fresh, actor=who, content="已答复。", method="phone"),
        ),
        (
            State.REPLIED,
            lambda who: workflow.feedback(
                fresh, actor=who, satisfaction="satisfied", resolution="solved"
            ),
        ),
        (State.FEEDBACK, lambda who: workflow.archive(fresh, actor=who)),
    ]:
        assert fresh.state == state
        before = snapshot(fresh)
        with pytest.raises(DomainError):
            step(clerk_a)
        assert snapshot(fresh) == before
        step(liaison)
    assert Petition.objects.get(pk=fresh.pk).state == State.ARCHIVED


def test_after_the_second_return_a_clerk_may_still_add_notes(replied, clerk_a):
    for _round in range(2):
        unhappy(replied, clerk_a)
        if _round == 0:
            advance(replied, State.REPLIED, actor=clerk_a)
    workflow.add_note(replied, actor=clerk_a, note="已向党联办报告。")
    assert not may_move(replied, clerk_a, "handle")
    assert not may_move(replied, clerk_a, "transfer")


# --- archive and unarchive -----------------------------------------------------------------


def test_archive_stamps_the_date_and_locks_the_request(fed_back, clerk_a):
    workflow.archive(fed_back, actor=clerk_a, note="入台账。")
    fresh = Petition.objects.get(pk=fed_back.pk)
    assert fresh.state == State.ARCHIVED and fresh.archived_at is not None
    assert allowed_moves(fresh, clerk_a) == []


@pytest.mark.parametrize("who", ["clerk_a", "liaison", "representative"])
def test_only_an_administrator_may_unarchive(who, archived, request):
    user = request.getfixturevalue(who)
    before = snapshot(archived)
    with pytest.raises(DomainError):
        workflow.unarchive(archived, actor=user, reason="记录有误。")
    assert snapshot(archived) == before


def test_unarchive_needs_a_reason(archived, area_admin):
    before = snapshot(archived)
    with pytest.raises(DomainError):
        workflow.unarchive(archived, actor=area_admin, reason="  ")
    assert snapshot(archived) == before


def test_unarchive_is_audited_and_reopens_the_return_visit(archived, area_admin, clerk_a):
    workflow.unarchive(archived, actor=area_admin, reason="居民来电表示问题复发。")
    fresh = Petition.objects.get(pk=archived.pk)
    assert fresh.state == State.REPLIED
    assert fresh.archived_at is None
    event = fresh.history.latest("at", "pk")
    assert (event.action, event.actor, event.note) == (
        EventKind.UNARCHIVE,
        area_admin,
        "居民来电表示问题复发。",
    )
    assert (event.from_state, event.to_state) == (State.ARCHIVED, State.REPLIED)
    # The clerk records the new return visit, which may send it back to handling.
    unhappy(fresh, clerk_a)
    assert Petition.objects.get(pk=fresh.pk).state == State.RECEIVED


def test_a_superuser_may_unarchive(archived, admin_user):
    workflow.unarchive(archived, actor=admin_user, reason="更正。")
    assert Petition.objects.get(pk=archived.pk).state == State.REPLIED


# --- steps' own input -----------------------------------------------------------------------


def test_empty_texts_are_refused(received, handled, clerk_a):
    with pytest.raises(DomainError):
        workflow.add_note(received, actor=clerk_a, note=" ")
    with pytest.raises(DomainError):
        workflow.handle(received, actor=clerk_a, result="")
    with pytest.raises(DomainError):
        workflow.reply(handled, actor=clerk_a, content="", method=ReplyMethod.PHONE)
    with pytest.raises(DomainError):
        workflow.reply(handled, actor=clerk_a, content="已答复。", method="pigeon")


def test_a_reply_cannot_be_in_the_future_or_before_reception(handled, clerk_a):
    from datetime import timedelta

    with pytest.raises(DomainError):
        workflow.reply(
            handled,
            actor=clerk_a,
            content="已答复。",
            method=ReplyMethod.PHONE,
            replied_at=timezone.now() + timedelta(hours=1),
        )
    with pytest.raises(DomainError):
        workflow.reply(
            handled,
            actor=clerk_a,
            content="已答复。",
            method=ReplyMethod.PHONE,
            replied_at=handled.received_at - timedelta(minutes=5),
        )


def test_a_reply_keeps_when_the_resident_was_told(handled, clerk_a):
    told = timezone.now()
    workflow.reply(
        handled, actor=clerk_a, content="已答复。", method=ReplyMethod.SMS, replied_at=told
    )
    fresh = Petition.objects.get(pk=handled.pk)
    assert fresh.replied_at == told
    assert fresh.history.get(action=EventKind.REPLY).data["replied_at"] == told.isoformat()


def test_feedback_refuses_unknown_answers(replied, clerk_a):
    with pytest.raises(DomainError):
        workflow.feedback(replied, actor=clerk_a, satisfaction="meh", resolution=Resolution.SOLVED)


def test_reassign_names_a_new_handler_with_a_role_here(received, clerk_a, clerk_b, handler):
    with pytest.raises(DomainError):
        workflow.reassign(received, actor=clerk_a, handler=clerk_b)
    with pytest.raises(DomainError):
        workflow.reassign(received, actor=clerk_a, handler=handler)  # already theirs
    workflow.reassign(received, actor=clerk_a, handler=clerk_a, note="改由联络员跟进。")
    fresh = Petition.objects.get(pk=received.pk)
    assert fresh.handler == clerk_a
    assert fresh.history.get(action=EventKind.REASSIGN).data["handler"] == clerk_a.pk


# --- transfers and escalation ---------------------------------------------------------------


def test_escalation_goes_to_the_nearest_workroom_up_the_tree(petition_in, wr, area_admin):
    in_community = petition_in(State.RECEIVED, workroom=wr.a1, actor=area_admin)
    assert list(workflow.transfer_targets(in_community, escalation=True)) == [wr.a]
    workflow.escalate(in_community, actor=area_admin, reason="社区解决不了。")
    assert Petition.objects.get(pk=in_community.pk).workroom == wr.a
    workflow.escalate(in_community, actor=area_admin, reason="街道层面需协调。")
    assert Petition.objects.get(pk=in_community.pk).workroom == wr.d
    # The district workroom is the top: nowhere further to go.
    with pytest.raises(DomainError):
        workflow.escalate(in_community, actor=area_admin, reason="再上报。")
    transfers = list(Transfer.objects.values_list("from_workroom", "to_workroom", "is_escalation"))
    assert transfers == [(wr.a1.pk, wr.a.pk, True), (wr.a.pk, wr.d.pk, True)]


def test_escalation_skips_a_level_without_an_open_workroom(petition_in, wr, area_admin):
    in_community = petition_in(State.REGISTERED, workroom=wr.a1, actor=area_admin)
    wr.a.is_active = False
    wr.a.save()
    assert list(workflow.transfer_targets(in_community, escalation=True)) == [wr.d]


def test_escalation_cannot_name_a_workroom_that_is_not_the_next_one_up(received, area_admin, wr):
    with pytest.raises(DomainError):
        workflow.transfer(
            received, actor=area_admin, to_workroom=wr.b, reason="上报。", escalation=True
        )


def test_a_transfer_stays_within_the_district(received, clerk_a, wr, foreign_workroom):
    targets = set(workflow.transfer_targets(received, escalation=False))
    assert targets == {wr.d, wr.a1, wr.b}
    with pytest.raises(DomainError):
        workflow.transfer(received, actor=clerk_a, to_workroom=foreign_workroom, reason="转办。")
    with pytest.raises(DomainError):
        workflow.transfer(received, actor=clerk_a, to_workroom=wr.a, reason="转办。")
    closed = WorkroomFactory(area=wr.b.area, name="已关闭工作室", is_active=False)
    with pytest.raises(DomainError):
        workflow.transfer(received, actor=clerk_a, to_workroom=closed, reason="转办。")
    with pytest.raises(DomainError):
        workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason=" ")
    assert not Transfer.objects.exists()


def test_after_a_transfer_the_sender_reads_but_cannot_write(received, clerk_a, clerk_b, wr):
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")
    fresh = Petition.objects.get(pk=received.pk)
    assert fresh.workroom == wr.b
    assert fresh.handler is None  # the receiving workroom names its own
    transfer = Transfer.objects.get()
    assert (transfer.from_workroom, transfer.to_workroom, transfer.actor) == (wr.a, wr.b, clerk_a)

    # Read: both; write: only the receiver.
    assert Petition.objects.visible_to(clerk_a).filter(pk=fresh.pk).exists()
    assert Petition.objects.visible_to(clerk_b).filter(pk=fresh.pk).exists()
    assert not Petition.objects.writable_by(clerk_a).filter(pk=fresh.pk).exists()
    assert Petition.objects.writable_by(clerk_b).filter(pk=fresh.pk).exists()

    assert allowed_moves(fresh, clerk_a) == []
    for step in (
        lambda: workflow.add_note(fresh, actor=clerk_a, note="继续跟进。"),
        lambda: workflow.reassign(fresh, actor=clerk_a, handler=clerk_a),
        lambda: workflow.handle(fresh, actor=clerk_a, result="已处理。"),
    ):
        with pytest.raises(DomainError):
            step()

    workflow.reassign(fresh, actor=clerk_b, handler=clerk_b)
    workflow.handle(fresh, actor=clerk_b, result="曲池街道已处理。")
    assert Petition.objects.get(pk=fresh.pk).state == State.HANDLED


def test_a_transferred_request_is_out_of_reach_of_a_third_subdistrict(received, clerk_a, wr, areas):
    from accounts.models import RoleKind
    from tests.factories import AreaFactory, RoleFactory, UserFactory

    c = AreaFactory(parent=areas.d, name="大雁塔街道", code="T-C")
    outsider = UserFactory(username="clerk_c")
    RoleFactory(user=outsider, kind=RoleKind.CLERK, area=c)
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="转办。")
    assert not Petition.objects.visible_to(outsider).filter(pk=received.pk).exists()


def test_transfers_and_escalations_are_staff_moves(received, representative, wr):
    assert not may_move(received, representative, "transfer")
    assert not may_move(received, representative, "escalate")


def test_staff_of_sender_who_is_also_staff_of_the_target_keeps_writing(received, liaison, wr):
    # The district liaison office reaches both workrooms.
    workflow.transfer(received, actor=liaison, to_workroom=wr.b, reason="转办。")
    workflow.add_note(received, actor=liaison, note="已转曲池街道。")
    assert Petition.objects.writable_by(liaison).filter(pk=received.pk).exists()


def test_a_clerk_made_for_another_workroom_via_the_factory_helper(wr):
    # staff_of gives a user with a role reaching the workroom: enough to register there.
    user = staff_of(wr.b)
    assert PetitionFactory(workroom=wr.b, registered_by=user).workroom == wr.b
