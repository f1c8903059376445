"""Review: a request marked as spam must leave every count, the liaison office's home included."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions import workflow
from petitions.models import Petition, Triage
from petitions.online import mark_spam
from portal.queues import office_queue
from public import codes
from tests.public.helpers import request_data

pytestmark = pytest.mark.django_db


def _raise(client, workroom) -> Petition:
    response = client.post(reverse("public:request", args=[workroom.pk]), request_data())
    html = response.content.decode()
    start = html.index('class="tracking-code"')
    code = html[html.index(">", start) + 1 : html.index("<", start + 1)].strip()
    return Petition.with_spam.get(submission__code_digest=codes.digest(code))


def test_a_spam_request_is_not_counted_overdue_on_the_liaison_offices_home(
    client, wr, clerk_a, liaison
):
    today = timezone.localdate()
    petition = _raise(client, wr.a)
    petition = workflow.receive(
        petition, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=clerk_a
    )
    Petition.objects.filter(pk=petition.pk).update(deadline=today - timedelta(days=3))
    petition.refresh_from_db()
    assert [w.pk for w in office_queue(liaison, today=today)["overdue_by_workroom"]] == [wr.a.pk]

    mark_spam(petition, actor=clerk_a, reason="广告")

    assert office_queue(liaison, today=today)["overdue_by_workroom"] == []
