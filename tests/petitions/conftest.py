"""Request fixtures on top of the shared world (tests/conftest.py).

Every request lives at wr.a (subdistrict A) and is registered and moved by clerk_a; the
responsible handler named at reception is ``handler`` (the shared representative user, who
holds a representative role on area A). ``petition_in`` builds one in any state through the
real workflow functions; the ``registered`` … ``archived`` fixtures are the six states ready-made.
Celery runs in-process here whatever the broker, so a queued notice is sent when its
transaction's on-commit callbacks run (``django_capture_on_commit_callbacks(execute=True)``).
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from petitions.models import State
from tests.petitions.factories import make_petition


@pytest.fixture(autouse=True)
def _celery_in_process(monkeypatch):
    # With REDIS_URL set the tasks would go to the broker and no test would see the mail.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def handler(representative):
    """The responsible handler named at reception: the representative of area A."""
    return representative


@pytest.fixture
def petition_in(wr, clerk_a, handler):
    """``petition_in(State.HANDLED)``: a request at wr.a carried to that state by clerk_a."""

    def build(state=State.REGISTERED, **fields):
        fields.setdefault("workroom", wr.a)
        fields.setdefault("actor", clerk_a)
        fields.setdefault("handler", handler)
        return make_petition(state, **fields)

    return build


@pytest.fixture
def registered(petition_in):
    return petition_in(State.REGISTERED)


@pytest.fixture
def received(petition_in):
    return petition_in(State.RECEIVED)


@pytest.fixture
def handled(petition_in):
    return petition_in(State.HANDLED)


@pytest.fixture
def replied(petition_in):
    return petition_in(State.REPLIED)


@pytest.fixture
def fed_back(petition_in):
    """Return visit done (satisfied, solved): ready to archive."""
    return petition_in(State.FEEDBACK)


@pytest.fixture
def archived(petition_in):
    return petition_in(State.ARCHIVED)


@pytest.fixture
def liaison_officer(clerk_a, wr):
    """clerk_a as liaison officer (联络员) of wr.a: told of deadlines with the handler."""
    wr.a.liaison_officers.add(clerk_a)
    return clerk_a


@pytest.fixture
def at(monkeypatch):
    """``at(date(2026, 2, 13))``: from now on the clock reads 10:00 (Beijing time) that day, for
    the workflow (reception dates, deadlines) and everything else that asks ``timezone.now``."""

    def set_clock(day: date, hour: int = 10):
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, hour))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_clock
