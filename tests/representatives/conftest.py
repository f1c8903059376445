"""Registry fixtures on top of the shared world (tests/conftest.py).

``rep_a`` is registered in subdistrict A and stationed at wr.a; ``rep_b`` likewise in B.
"""

import pytest

from representatives.models import Level
from tests.representatives.factories import stationed


@pytest.fixture
def rep_a(wr):
    return stationed(wr.a, name="甲代表", phone="13812345678", levels=Level.CITY.bit)


@pytest.fixture
def rep_b(wr):
    return stationed(wr.b, name="乙代表", phone="13987654321")
