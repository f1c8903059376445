"""Activities fixtures on top of the shared world (tests/conftest.py) and the registry's.

``me`` is the representative record of the shared ``representative`` user (area A), stationed
at wr.a; ``peer`` is a second signed-in representative stationed there (``peer_client``);
``rep_b`` is stationed at wr.b.
"""

import pytest

from accounts.models import RoleKind
from tests.factories import RoleFactory, UserFactory
from tests.helpers import client_for
from tests.representatives.factories import stationed


@pytest.fixture
def me(representative, wr):
    return stationed(wr.a, name="党代表甲", user=representative)


@pytest.fixture
def peer_user(areas):
    user = UserFactory(username="peer", full_name="党代表乙")
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.a)
    return user


@pytest.fixture
def peer(peer_user, wr):
    return stationed(wr.a, name="党代表乙", user=peer_user)


@pytest.fixture
def peer_client(peer_user):
    return client_for(peer_user)


@pytest.fixture
def rep_b(wr):
    return stationed(wr.b, name="乙街道代表")
