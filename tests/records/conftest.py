"""Record fixtures on top of the shared world (tests/conftest.py), as in the activities tests:
``me`` is the representative record of the shared ``representative`` user (area A), stationed
at wr.a; ``peer`` is a second signed-in representative stationed there.
"""

import pytest

from accounts.models import RoleKind
from tests.factories import RoleFactory, UserFactory
from tests.representatives.factories import stationed


@pytest.fixture
def me(representative, wr):
    return stationed(wr.a, name="党代表甲", user=representative)


@pytest.fixture
def peer(areas, wr):
    user = UserFactory(username="peer", full_name="党代表乙")
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.a)
    return stationed(wr.a, name="党代表乙", user=user)
