"""The request page works the way the step order does: where the request stands (the six steps
with their dates), the next step's form first and open, the rest below; transfer and escalation
only when there is somewhere to send the request."""

import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from petitions.models import State
from tests.factories import AreaFactory, RoleFactory, UserFactory, WorkroomFactory
from tests.helpers import client_for
from tests.petitions.factories import make_petition
from tests.petitions.pages import detail_url
from workrooms.models import AreaKind

pytestmark = pytest.mark.django_db


def steps(response):
    return [(s.label, s.status) for s in response.context["progress"]]


def test_the_six_steps_show_what_is_done_and_what_comes_next(clerk_a_client, handled):
    response = clerk_a_client.get(detail_url(handled))

    assert [status for _label, status in steps(response)] == [
        "done",
        "done",
        "done",
        "current",
        "todo",
        "todo",
    ]
    dates = [s.at for s in response.context["progress"]]
    assert dates[:3] == [handled.registered_at, handled.received_at, handled.handled_at]
    body = response.content.decode()
    shown = date_format(timezone.localtime(handled.handled_at), "DATETIME_FORMAT")
    assert shown in body
    assert 'aria-current="step"' in body


@pytest.mark.parametrize(
    ("state", "next_move"),
    [
        (State.REGISTERED, "receive"),
        (State.RECEIVED, "handle"),
        (State.HANDLED, "reply"),
        (State.REPLIED, "feedback"),
        (State.FEEDBACK, "archive"),
    ],
)
def test_the_next_steps_form_comes_first_and_open(clerk_a_client, petition_in, state, next_move):
    petition = petition_in(state)

    body = clerk_a_client.get(detail_url(petition)).content.decode()

    next_step = body.index('id="next-step"')
    first_form = re.search(
        r'<details class="card"( open)?>\s*<summary><strong>([^<]+)', body[next_step:]
    )
    assert first_form.group(1) == " open"
    action = re.search(r'<form method="post" action="([^"]+)"', body[next_step:]).group(1)
    assert action.endswith(f"/{next_move.replace('_', '-')}/")
    # Above the request's details and the resident's particulars.
    assert next_step < body.index('class="fields"')


def test_other_actions_are_below_and_closed(clerk_a_client, received):
    body = clerk_a_client.get(detail_url(received)).content.decode()

    others = body[body.index('id="other-actions"') :]
    assert '<details class="card" open>' not in others.split("</section>")[0]
    assert "/note/" in others


def test_no_transfer_or_escalation_without_a_target(db):
    lonely = AreaFactory(name="孤岛区", kind=AreaKind.DISTRICT, code="T-L")
    workroom = WorkroomFactory(area=lonely, name="孤岛区党代表工作室")
    clerk = UserFactory()
    RoleFactory(user=clerk, kind="clerk", area=lonely)
    petition = make_petition(State.RECEIVED, workroom=workroom, actor=clerk)

    response = client_for(clerk).get(detail_url(petition))

    offered = [move.name for move, _form in response.context["forms"]]
    assert "transfer" not in offered
    assert "escalate" not in offered
    assert "handle" in offered


def test_transfer_and_escalation_are_offered_when_there_is_a_target(clerk_a_client, received):
    response = clerk_a_client.get(detail_url(received))

    offered = [move.name for move, _form in response.context["forms"]]
    assert {"transfer", "escalate"} <= set(offered)
