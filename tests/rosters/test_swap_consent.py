"""A swap asked of a colleague without an account (many representatives have none): the liaison
officer records the consent they gave in person, the swap goes on to approval, and its page
names who asked throughout. The request form offers only the chosen colleague's duties."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.errors import DomainError
from rosters import swaps
from rosters.models import SwapStatus
from rosters.swaps import swap_accept, swap_actions, swap_approve, swap_history, swap_request
from tests.helpers import client_for
from tests.rosters.factories import (
    AssignmentFactory,
    DutyFactory,
    DutyShiftFactory,
    RepresentativeFactory,
    SwapRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_account(wr, areas):
    person = RepresentativeFactory(name="无账号代表", area=areas.a, user=None)
    AssignmentFactory(representative=person, workroom=wr.a)
    return person


@pytest.fixture
def my_duty(wr, me, tomorrow):
    return DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=me)


@pytest.fixture
def asked_of_nobody_online(my_duty, without_account, representative):
    return swap_request(my_duty, counterpart=without_account, actor=representative)


def test_the_officer_records_consent_given_in_person_and_then_approves(
    asked_of_nobody_online, my_duty, without_account, officer
):
    swap = asked_of_nobody_online

    swaps.swap_accept_in_person(swap, actor=officer, note="电话确认")
    assert swap.status == SwapStatus.ACCEPTED
    swap_approve(swap, actor=officer)

    my_duty.refresh_from_db()
    assert my_duty.representative == without_account
    steps = [(item.entry.action, item.entry.actor) for item in swap_history(swap)]
    assert steps[1:] == [("accept_in_person", officer), ("approve", officer)]
    assert swap_history(swap)[1].entry.note == "电话确认"


def test_nobody_else_records_a_colleagues_consent(asked_of_nobody_online, representative, clerk_b):
    for somebody in (representative, clerk_b):
        with translation.override("en"), pytest.raises(DomainError, match="liaison officer"):
            swaps.swap_accept_in_person(asked_of_nobody_online, actor=somebody)

    assert asked_of_nobody_online.status == SwapStatus.REQUESTED


def test_consent_in_person_is_offered_to_the_officer_only(
    asked_of_nobody_online, officer, representative
):
    assert "accept_in_person" in swap_actions(asked_of_nobody_online, officer)
    assert "accept_in_person" not in swap_actions(asked_of_nobody_online, representative)


def test_consent_in_person_is_checked_like_an_answer(
    asked_of_nobody_online, without_account, officer, wr
):
    # Meanwhile the colleague took another duty at the same time: consent cannot make two.
    DutyFactory(shift=DutyShiftFactory(workroom=wr.b), representative=without_account)
    clash = DutyFactory(
        shift=DutyShiftFactory(
            workroom=wr.a1,
            date=asked_of_nobody_online.duty.shift.date,
            start_time=asked_of_nobody_online.duty.shift.start_time,
            end_time=asked_of_nobody_online.duty.shift.end_time,
        ),
        representative=without_account,
    )

    with pytest.raises(DomainError):
        swaps.swap_accept_in_person(asked_of_nobody_online, actor=officer)

    asked_of_nobody_online.refresh_from_db()
    assert asked_of_nobody_online.status == SwapStatus.REQUESTED
    assert clash.representative == without_account


# --- the pages ---------------------------------------------------------------------------------


def test_the_officer_records_consent_through_the_page(
    asked_of_nobody_online, officer, representative_client
):
    url = reverse("rosters:swap_accept_in_person", args=[asked_of_nobody_online.pk])

    assert representative_client.post(url).status_code == 403
    response = client_for(officer).post(url, {"consent-note": "当面同意"})

    assert response.status_code == 302
    asked_of_nobody_online.refresh_from_db()
    assert asked_of_nobody_online.status == SwapStatus.ACCEPTED
    assert swap_history(asked_of_nobody_online)[-1].entry.note == "当面同意"


def test_the_officer_finds_it_waiting_in_the_inbox(asked_of_nobody_online, officer):
    inbox = client_for(officer).get(reverse("rosters:swap_inbox"))

    assert list(inbox.context["to_decide"]) == [asked_of_nobody_online]


def test_an_approved_handover_names_who_asked(wr, without_account, me, officer, tomorrow):
    # Asked on behalf of a representative without an account (as the demo does): once the duty
    # has changed hands, the page must still say who gave it away.
    duty = DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=without_account
    )
    swap = SwapRequestFactory(duty=duty, counterpart=me, requested_by=None)
    swap_accept(swap, actor=me.user)
    swap_approve(swap, actor=officer)

    page = client_for(officer).get(reverse("rosters:swap_detail", args=[swap.pk]))

    assert page.context["requester"] == "无账号代表"
    assert "无账号代表" in page.content.decode()


def test_the_exchange_list_holds_only_the_chosen_colleagues_duties(
    representative_client, my_duty, peer, without_account, wr, tomorrow
):
    theirs = DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=peer)
    DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=without_account
    )
    url = reverse("rosters:swap_request", args=[my_duty.pk])

    page = representative_client.get(url, {"counterpart": peer.pk})

    assert list(page.context["form"].fields["counterpart_duty"].queryset) == [theirs]


def test_another_colleagues_duty_cannot_be_posted_in_exchange(
    representative_client, my_duty, peer, without_account, wr, tomorrow
):
    other = DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=without_account
    )

    response = representative_client.post(
        reverse("rosters:swap_request", args=[my_duty.pk]),
        {"counterpart": peer.pk, "counterpart_duty": other.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("counterpart_duty")
