"""The transition kit itself (``core.transitions``), shown on the micro-wish machine: the table
decides what is offered, the check refuses in a fixed order with the edge's own words, the claim
is one conditional UPDATE, and every move leaves one audit entry."""

import pytest
from django.utils import translation

from activities.models import Wish, WishStatus
from activities.services.wishes import MACHINE as WISHES
from core.errors import Conflict, DomainError
from core.models import AuditEntry
from petitions.models import State
from petitions.moves import MACHINE as PETITIONS
from tests.activities.factories import WishFactory
from tests.petitions.factories import make_petition
from tests.representatives.factories import stationed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def wish(wr, clerk_a):
    return WishFactory(workroom=wr.a, recorded_by=clerk_a)


@pytest.fixture
def me(representative, wr):
    return stationed(wr.a, name="党代表甲", user=representative)


@pytest.fixture
def received(wr, clerk_a):
    return make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a)


def test_moves_made_only_inside_another_are_never_offered(received, area_admin):
    # "return" (feedback → receive) exists in the table but no page offers it as a button.
    assert "return" in PETITIONS.edges
    assert not PETITIONS.edges["return"].manual
    replied_offer = {e.name for e in PETITIONS.allowed(received, area_admin)}
    assert "return" not in replied_offer


def test_the_table_offers_what_the_state_and_the_user_allow(wish, representative, me, clerk_a):
    assert [e.name for e in WISHES.allowed(wish, representative)] == ["claim"]
    assert WISHES.allowed(wish, clerk_a) == []


def test_a_stale_version_is_a_conflict_before_anything_else(wish, clerk_a, representative, me):
    seen = wish.version
    WISHES.move(Wish.objects.get(pk=wish.pk), "claim", actor=representative)
    fresh = Wish.objects.get(pk=wish.pk)

    # Even a user who may not make the move at all is told first that the page is stale.
    with pytest.raises(Conflict):
        WISHES.check(fresh, clerk_a, "confirm", version=seen)


def test_a_state_the_move_cannot_start_from_gives_the_edges_own_words(wish, clerk_a):
    with pytest.raises(DomainError, match="Only a fulfilled wish can be confirmed"):
        WISHES.check(wish, clerk_a, "confirm")


def test_a_user_the_move_is_not_for_is_refused_with_its_who_message(wish, clerk_a):
    with pytest.raises(DomainError, match="Only a representative"):
        WISHES.check(wish, clerk_a, "claim")


def test_a_move_claims_bumps_the_version_and_logs_once(wish, representative, me):
    WISHES.move(wish, "claim", actor=representative, changes={"claimed_by": me})

    fresh = Wish.objects.get(pk=wish.pk)
    assert (fresh.status, fresh.version, fresh.claimed_by) == (WishStatus.CLAIMED, 2, me)
    assert (wish.status, wish.version) == (WishStatus.CLAIMED, 2)
    entry = AuditEntry.objects.for_object(wish).get(action="claim")
    assert (entry.actor, entry.from_state, entry.to_state) == (
        representative,
        WishStatus.OPEN,
        WishStatus.CLAIMED,
    )


def test_whatever_then_raises_rolls_the_whole_move_back(wish, representative, me):
    def refuse():
        raise DomainError("no")

    with pytest.raises(DomainError):
        WISHES.move(wish, "claim", actor=representative, then=refuse)

    fresh = Wish.objects.get(pk=wish.pk)
    assert (fresh.status, fresh.version) == (WishStatus.OPEN, 1)
    assert not AuditEntry.objects.for_object(wish).filter(action="claim").exists()


def test_a_loser_without_a_known_winner_is_told_someone_else_changed_it(wish, representative):
    stale = Wish.objects.get(pk=wish.pk)
    # Changed behind the kit's back (an admin edit): no audit entry names anyone.
    Wish.objects.filter(pk=wish.pk).update(version=5)

    with pytest.raises(Conflict, match="changed by someone else"):
        WISHES.claim(stale, WISHES["claim"], actor=representative, changes={})


def test_the_petition_machine_names_its_noun_in_state_refusals(received, area_admin):
    received.state = State.REGISTERED  # a page rendered before reception
    with pytest.raises(DomainError, match="while the request is"):
        PETITIONS.check(received, area_admin, "handle")
