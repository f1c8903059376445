"""请示办: the handler asks a named superior; the superior approves, returns with instructions or
takes the request over. While the question waits the result cannot be recorded, and the wait
counts in the deadline. Asked of the liaison office (``liaison``, on district D) or staff of a
workroom above; the request lives at wr.a (subdistrict A)."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.errors import Conflict, DomainError
from petitions import referrals, workflow
from petitions.models import EventKind, ReferralStatus, State
from tests.factories import RoleFactory, UserFactory
from tests.helpers import assert_redirects_to_login, client_for
from tests.petitions.pages import current, detail_url
from tests.races import needs_postgres, race

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def asked(received, clerk_a, liaison):
    return referrals.refer(received, actor=clerk_a, superior=liaison, question="能否占用绿地？")


def answer_url(referral, name="answer"):
    return reverse(f"petitions:referral_{name}", args=[referral.petition_id, referral.pk])


def test_asking_keeps_the_request_in_handling_with_its_deadline(received, asked, liaison):
    petition = current(received)

    assert (petition.state, petition.deadline) == (State.RECEIVED, received.deadline)
    assert (asked.status, asked.superior) == (ReferralStatus.ASKED, liaison)
    entry = petition.history.get(action=EventKind.REFER)
    assert (entry.note, entry.data["superior_name"]) == ("能否占用绿地？", liaison.display_name)


def test_the_result_waits_for_the_answer(received, asked, clerk_a):
    with pytest.raises(DomainError, match="must wait for"):
        workflow.handle(current(received), actor=clerk_a, result="已处理。")

    assert current(received).state == State.RECEIVED


def test_an_approval_lets_the_handler_record_the_result(received, asked, liaison, clerk_a):
    referrals.answer(asked, actor=liaison, decision="approve", text="同意。")
    workflow.handle(current(received), actor=clerk_a, result="按批复办理完毕。")

    petition = current(received)
    assert petition.state == State.HANDLED
    actions = list(petition.history.values_list("action", flat=True))
    assert actions[-3:] == [EventKind.REFER, EventKind.APPROVE, EventKind.HANDLE]


def test_instructions_need_words(asked, liaison):
    with pytest.raises(DomainError, match="instructions"):
        referrals.answer(asked, actor=liaison, decision="instruct", text=" ")

    asked.refresh_from_db()
    assert asked.status == ReferralStatus.ASKED


def test_taking_over_makes_the_superior_the_handler(received, asked, liaison):
    referrals.answer(asked, actor=liaison, decision="take_over", text="由联络办直接协调。")

    assert current(received).handler == liaison
    assert current(asked.petition).referrals.get().status == ReferralStatus.TAKEN_OVER


def test_only_the_named_superior_answers(asked, clerk_a, clerk_b):
    for user in (clerk_a, clerk_b):
        with pytest.raises(DomainError, match="who was asked"):
            referrals.answer(asked, actor=user, decision="approve", text="")


def test_an_administrator_of_the_area_may_answer_in_their_absence(asked, area_admin):
    referrals.answer(asked, actor=area_admin, decision="approve", text="同意。")

    asked.refresh_from_db()
    assert (asked.status, asked.answered_by) == (ReferralStatus.APPROVED, area_admin)


def test_one_question_at_a_time(received, asked, clerk_a, area_admin):
    with pytest.raises(DomainError, match="already waits"):
        referrals.refer(current(received), actor=clerk_a, superior=area_admin, question="再问？")


def test_the_handler_withdraws_and_may_then_record_the_result(received, asked, clerk_a):
    referrals.withdraw(asked, actor=clerk_a)
    workflow.handle(current(received), actor=clerk_a, result="小事，已自行处理。")

    assert current(received).state == State.HANDLED


def test_a_sibling_subdistrict_clerk_cannot_be_asked(received, clerk_a, clerk_b):
    assert clerk_b not in referrals.superiors_for(received)
    with pytest.raises(DomainError, match="cannot answer for this workroom"):
        referrals.refer(received, actor=clerk_a, superior=clerk_b, question="问？")


def test_the_liaison_office_and_staff_above_can_be_asked(received, liaison, areas):
    district_clerk = UserFactory(full_name="区工作室联络员")
    RoleFactory(user=district_clerk, kind="clerk", area=areas.d)

    assert {liaison, district_clerk} <= set(referrals.superiors_for(received))


def test_sending_the_request_on_waits_for_the_answer_too(received, asked, clerk_a, wr):
    with pytest.raises(DomainError, match="must wait for"):
        workflow.transfer(current(received), actor=clerk_a, to_workroom=wr.b, reason="转办。")


def test_a_second_answer_from_a_stale_page_is_a_conflict(asked, liaison, area_admin):
    stale = type(asked).objects.get(pk=asked.pk)
    referrals.answer(asked, actor=liaison, decision="approve", text="同意。")

    with pytest.raises(Conflict) as refused:
        referrals.answer(stale, actor=area_admin, decision="instruct", text="不同意。")

    assert refused.value.who == liaison.display_name


# --- the pages ------------------------------------------------------------------------------


def test_the_superior_sees_the_question_first_and_answers_it(asked, liaison):
    client = client_for(liaison)
    page = client.get(detail_url(asked.petition))
    body = page.content.decode()
    assert body.index('id="referral"') < body.index('class="fields"')
    assert answer_url(asked) in body

    response = client.post(answer_url(asked), {"decision": "instruct", "text": "先征求居民意见。"})

    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.answer) == (ReferralStatus.INSTRUCTED, "先征求居民意见。")


def test_the_handler_sees_the_wait_instead_of_the_result_form(asked, clerk_a_client):
    response = clerk_a_client.get(detail_url(asked.petition))

    assert "handle" not in [move.name for move, _form in response.context["next_forms"]]
    assert response.context["waiting"] == asked
    assert answer_url(asked) not in response.content.decode()


def test_answering_is_forbidden_to_others_and_hidden_from_other_districts(
    asked, clerk_a_client, foreign_workroom
):
    assert clerk_a_client.post(answer_url(asked), {"decision": "approve"}).status_code == 403
    stranger = UserFactory()
    RoleFactory(user=stranger, kind="liaison_office", area=foreign_workroom.area)
    assert client_for(stranger).post(answer_url(asked), {"decision": "approve"}).status_code == 404


def test_answering_needs_a_post_and_a_sign_in(asked, client, liaison):
    url = answer_url(asked)
    assert client_for(liaison).get(url).status_code == 405
    assert_redirects_to_login(client.post(url, {"decision": "approve"}), url)


def test_the_handler_withdraws_from_the_page(asked, clerk_a_client):
    response = clerk_a_client.post(answer_url(asked, "withdraw"))

    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == ReferralStatus.WITHDRAWN


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migrated_data")
def test_two_answers_at_once_one_wins(received, clerk_a, liaison, area_admin):
    referral = referrals.refer(received, actor=clerk_a, superior=liaison, question="可否？")
    model = type(referral)

    def answer(user, decision):
        return lambda: referrals.answer(
            model.objects.get(pk=referral.pk), actor=user, decision=decision, text="意见"
        )

    results = race(answer(liaison, "approve"), answer(area_admin, "take_over"))

    losers = [r for r in results if isinstance(r, Exception)]
    assert len(losers) == 1 and isinstance(losers[0], Conflict), results
    assert model.objects.get(pk=referral.pk).status in (
        ReferralStatus.APPROVED,
        ReferralStatus.TAKEN_OVER,
    )


# --- who is told ------------------------------------------------------------------------------


def test_the_superior_is_told_a_question_waits(asked, liaison):
    from notices.models import Notification

    told = Notification.objects.filter(recipient=liaison, notice__kind="referred")

    assert told.count() == 1
    assert told.get().notice.url == detail_url(asked.petition)


def test_the_asker_and_the_handler_are_told_the_answer(asked, liaison, clerk_a, handler):
    from notices.models import Notification

    referrals.answer(asked, actor=liaison, decision="approve", text="同意。")

    told = Notification.objects.filter(notice__kind="referral_answered")
    assert {n.recipient for n in told} == {clerk_a, handler}


def test_the_one_asked_cannot_withdraw_the_question(asked, liaison):
    with pytest.raises(DomainError, match="withdraw"):
        referrals.withdraw(asked, actor=liaison)


def test_while_waiting_the_page_offers_neither_result_nor_sending_on(asked, clerk_a_client):
    response = clerk_a_client.get(detail_url(asked.petition))

    offered = {move.name for move, _form in response.context["forms"]}
    assert offered.isdisjoint({"handle", "refer", "transfer", "escalate"})
    assert "note" in offered
