"""Two representatives claiming the same wish at the same moment (real parallel transactions on
PostgreSQL): exactly one becomes the claimant, the other is told it is taken."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from activities.models import ActivityType, Wish, WishStatus
from activities.services import wishes as services
from core.errors import DomainError
from tests.activities.factories import WishFactory


@pytest.fixture(autouse=True)
def _english_messages():
    # These tests read the refusal messages; English keeps them independent of the catalogue.
    with translation.override("en"):
        yield


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real parallel transactions need PostgreSQL"
)


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_blocker):
    """A transactional test ends by emptying every table, the data migrations' rows (activity
    types, building standards ...) included: put them back for the tests that run after."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        if contents and not ActivityType.objects.exists():
            connection.creation.deserialize_db_from_string(contents)


def race(*calls):
    """Run ``calls`` in parallel threads, each on its own connection, released together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # the outcome is what the test asserts
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_claims_at_once_one_wins(wr, clerk_a, representative, me, peer_user, peer):
    wish = WishFactory(workroom=wr.a, recorded_by=clerk_a)

    def claim(user):
        # Each thread reads its own copy, as two browsers would.
        return lambda: services.wish_claim(Wish.objects.get(pk=wish.pk), actor=user)

    results = race(claim(representative), claim(peer_user))

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    fresh = Wish.objects.get(pk=wish.pk)
    assert fresh.status == WishStatus.CLAIMED
    assert fresh.version == 2
    assert fresh.claimed_by in (me, peer)
