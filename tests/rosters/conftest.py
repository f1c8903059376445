"""Roster fixtures on top of the shared world (tests/conftest.py).

``me`` is the representative record of the shared ``representative`` user (area A), stationed
at wr.a; ``peer`` is a second signed-in representative there (``peer_client``); ``officer`` is
clerk_a as liaison officer of wr.a. Dates are relative to today so "past", "today" and
"future" stay true whenever the tests run.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import RoleKind
from tests.factories import RoleFactory, UserFactory
from tests.helpers import client_for
from tests.rosters.factories import AssignmentFactory, RepresentativeFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def tomorrow(today):
    return today + timedelta(days=1)


@pytest.fixture
def yesterday(today):
    return today - timedelta(days=1)


@pytest.fixture
def me(representative, wr, areas):
    person = RepresentativeFactory(name="党代表甲", area=areas.a, user=representative)
    AssignmentFactory(representative=person, workroom=wr.a)
    return person


@pytest.fixture
def peer_user(areas):
    user = UserFactory(username="peer", full_name="党代表乙")
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.a)
    return user


@pytest.fixture
def peer(peer_user, wr, areas):
    person = RepresentativeFactory(name="党代表乙", area=areas.a, user=peer_user)
    AssignmentFactory(representative=person, workroom=wr.a)
    return person


@pytest.fixture
def peer_client(peer_user):
    return client_for(peer_user)


@pytest.fixture
def officer(clerk_a, wr):
    """clerk_a, liaison officer (联络员) of wr.a."""
    wr.a.liaison_officers.add(clerk_a)
    return clerk_a
