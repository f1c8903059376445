"""Residents' personal data: masked for those not handling the request, revealed only by an
explicit, logged action of someone whose role reaches the request's current workroom."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.models import RoleKind
from core.models import AuditEntry
from petitions import workflow
from petitions.models import (
    Resolution,
    Satisfaction,
    State,
)
from petitions.personal_data import (
    can_see_personal_data,
    mask_address,
    mask_name,
    mask_phone,
    masked,
    personal_data_for,
    reveal,
)
from tests.factories import RoleFactory, UserFactory
from tests.petitions.factories import advance


@pytest.fixture
def other_representative(areas):
    """A representative of area A who neither registered nor handles the request."""
    user = UserFactory(username="rep_other", full_name="另一位代表")
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.a)
    return user


@pytest.fixture
def petition(petition_in):
    return petition_in(
        State.RECEIVED,
        resident_name="王秀英",
        resident_phone="13812345678",
        resident_address="长安街道兴善小区3号楼2单元301室",
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [("王秀英", "王*"), ("欧阳娜娜", "欧*"), ("李", "李*"), ("", ""), ("  ", "")],
)
def test_mask_name_keeps_the_family_name(name, expected):
    assert mask_name(name) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [("13812345678", "138****5678"), ("", ""), ("12345", "*****")],
)
def test_mask_phone_shows_first_three_and_last_four(phone, expected):
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("长安街道兴善小区3号楼2单元301室", "长安街道兴善***"),
        ("陕西省西安市雁塔区小寨路1号", "陕西省西安市***"),
        ("兴善小区3号", "兴善小***"),  # short: at most half is kept
        ("", ""),
    ],
)
def test_mask_address_keeps_the_beginning(address, expected):
    assert mask_address(address) == expected


def test_masked_hides_all_three(petition):
    data = masked(petition)
    assert (data.name, data.phone, data.address) == ("王*", "138****5678", "长安街道兴善***")


def test_the_handler_and_the_clerks_of_the_workroom_see_it_in_full(petition, handler, clerk_a):
    assert can_see_personal_data(handler, petition)
    assert can_see_personal_data(clerk_a, petition)
    assert personal_data_for(clerk_a, petition).phone == "13812345678"


def test_the_receiving_representative_sees_it_in_full(petition_in, clerk_a, areas, wr):
    from tests.rosters.factories import AssignmentFactory, RepresentativeFactory

    user = UserFactory(username="rep_receiving")
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.a)
    person = RepresentativeFactory(name="接待代表", area=areas.a, user=user)
    AssignmentFactory(representative=person, workroom=wr.a)
    registered = petition_in(State.REGISTERED)
    workflow.receive(
        registered,
        actor=clerk_a,
        triage="time_limited",
        handler=clerk_a,
        receiving_representative=person,
    )
    assert can_see_personal_data(user, registered)


def test_others_in_scope_see_it_masked(petition, other_representative, liaison, area_admin):
    for user in (other_representative, liaison, area_admin):
        assert not can_see_personal_data(user, petition)
        assert personal_data_for(user, petition).phone == "138****5678"


def test_out_of_scope_and_anonymous_see_nothing(petition, clerk_b):
    assert not can_see_personal_data(clerk_b, petition)
    assert not can_see_personal_data(AnonymousUser(), petition)


def test_the_liaison_office_sees_it_once_the_request_is_theirs(petition, clerk_a, liaison):
    for _round in range(2):
        advance(petition, State.REPLIED, actor=clerk_a)
        workflow.feedback(
            petition,
            actor=clerk_a,
            satisfaction=Satisfaction.DISSATISFIED,
            resolution=Resolution.NOT_SOLVED,
        )
    assert petition.needs_liaison_office
    assert can_see_personal_data(liaison, petition)


def test_after_a_transfer_the_sender_sees_it_masked_and_the_receiver_in_full(
    petition, clerk_a, clerk_b, handler, wr
):
    workflow.transfer(petition, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")
    assert not can_see_personal_data(clerk_a, petition)
    assert not can_see_personal_data(handler, petition)
    assert can_see_personal_data(clerk_b, petition)


def test_reveal_logs_who_when_and_which_request(petition, other_representative):
    data = reveal(petition, user=other_representative)
    assert (data.name, data.phone, data.address) == (
        "王秀英",
        "13812345678",
        "长安街道兴善小区3号楼2单元301室",
    )
    log = AuditEntry.objects.filter(action="reveal").get()
    assert (log.subject, log.actor) == (petition, other_representative)
    assert log.at is not None


def test_every_reveal_is_logged(petition, liaison):
    reveal(petition, user=liaison)
    reveal(petition, user=liaison)
    assert petition.history.filter(action="reveal", actor=liaison).count() == 2


def test_reveal_refuses_users_outside_the_current_workroom(petition, clerk_a, clerk_b, wr):
    with pytest.raises(PermissionDenied):
        reveal(petition, user=clerk_b)
    with pytest.raises(PermissionDenied):
        reveal(petition, user=AnonymousUser())
    workflow.transfer(petition, actor=clerk_a, to_workroom=wr.b, reason="转办。")
    # The sender still reads the request, but the resident is no longer theirs to look up.
    with pytest.raises(PermissionDenied):
        reveal(petition, user=clerk_a)
    assert not AuditEntry.objects.filter(action="reveal").exists()
    reveal(petition, user=clerk_b)
    assert AuditEntry.objects.filter(action="reveal").get().actor == clerk_b


def test_an_archived_request_can_still_be_revealed(archived, liaison):
    assert reveal(archived, user=liaison).phone == archived.resident_phone
