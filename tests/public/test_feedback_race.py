"""The resident's feedback online and a clerk's return visit at the same moment: exactly one
counts (PostgreSQL, two real transactions); the other is refused and writes nothing."""

import pytest

from core.errors import DomainError
from petitions import workflow
from petitions.models import Petition, Resolution, Satisfaction, State
from public import tracking
from public.models import Submission
from public.submissions import submit_request
from tests.petitions.factories import advance
from tests.races import needs_postgres, race

pytestmark = pytest.mark.usefixtures("restore_migrated_data")


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_resident_feedback_and_a_return_visit_at_once_count_exactly_once(wr, clerk_a):
    data = {
        "resident_name": "王秀英",
        "resident_phone": "13812345678",
        "content": "路灯坏了一个多星期。",
        "title": "路灯坏了",
        "category": "property",
    }
    submission, _code = submit_request(wr.a, data, [])
    advance(submission.petition, State.REPLIED, actor=clerk_a)

    def resident():
        return tracking.give_feedback(
            Submission.objects.get(pk=submission.pk),
            satisfaction=Satisfaction.DISSATISFIED,
            resolution=Resolution.NOT_SOLVED,
            comment="",
        )

    def clerk():
        return workflow.feedback(
            Petition.objects.get(pk=submission.petition_id),
            actor=clerk_a,
            satisfaction=Satisfaction.SATISFIED,
            resolution=Resolution.SOLVED,
        )

    outcomes = race(resident, clerk)

    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(refused) == 1, outcomes
    petition = Petition.objects.get(pk=submission.petition_id)
    feedbacks = petition.history.filter(action__in=["feedback", "resident_feedback"])
    assert feedbacks.count() == 1
    if feedbacks.get().action == "resident_feedback":
        assert (petition.state, petition.returns) == (State.RECEIVED, 1)
    else:
        assert (petition.state, petition.satisfaction) == (State.FEEDBACK, Satisfaction.SATISFIED)
