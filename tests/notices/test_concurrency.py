"""Two workers at once (PostgreSQL, real parallel transactions): the same delivery is posted
once; the same event told twice at once reaches each person and robot once."""

import pytest
from django.core import mail
from django.utils import timezone

from notices import delivery as deliveries
from notices.models import (
    Channel,
    Delivery,
    Notice,
    NoticeKind,
    NoticePreference,
    Notification,
    RobotKind,
    RobotWebhook,
)
from tests.races import needs_postgres, race

pytestmark = [
    needs_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def test_two_workers_delivering_the_same_delivery_post_it_once(robot_server, wr):
    robot = RobotWebhook.objects.create(
        name="群", kind=RobotKind.WECOM, workroom=wr.a, url=robot_server.url()
    )
    notice = Notice.objects.create(
        key="k",
        kind=NoticeKind.ASSIGNED,
        title="诉求已交您办理",
        url="/requests/1/",
        created_at=timezone.now(),
    )
    pk = Delivery.objects.create(
        notice=notice, channel=Channel.WECOM, robot=robot, created_at=timezone.now()
    ).pk
    # The robot answers slowly: the second worker comes while the first is still posting.
    robot_server.delay = 0.3

    results = race(lambda: deliveries.attempt(pk), lambda: deliveries.attempt(pk))

    assert sorted(results) == [deliveries.SENT, deliveries.SKIPPED], results
    assert len(robot_server.posts) == 1
    assert Delivery.objects.get(pk=pk).attempts == 1


def test_the_same_event_told_twice_at_once_reaches_everyone_once(robot_server, wr, tell, clerk_a):
    RobotWebhook.objects.create(
        name="群", kind=RobotKind.WECOM, workroom=wr.a, url=robot_server.url()
    )
    NoticePreference.objects.create(user=clerk_a, email=True)

    results = race(lambda: tell([clerk_a], key="k"), lambda: tell([clerk_a], key="k"))

    assert all(isinstance(r, Notice) for r in results), results
    assert Notification.objects.filter(recipient=clerk_a).count() == 1
    assert Delivery.objects.count() == 2  # one e-mail, one robot post
    assert len(robot_server.posts) == 1
    assert len(mail.outbox) == 1
