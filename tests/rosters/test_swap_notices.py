"""Swaps tell people in their inbox: the representative asked; the liaison officers once the
other accepted; the asker (and the other, when a liaison officer decided) once it is decided.
Each event reaches each person once, however often the move is tried."""

from datetime import timedelta

import pytest

from core.errors import DomainError
from notices.models import Delivery, NoticeKind, Notification, RobotKind, RobotWebhook
from rosters.swaps import swap_accept, swap_approve, swap_decline, swap_reject, swap_request
from tests.rosters.factories import DutyFactory, DutyShiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def my_duty(wr, me, tomorrow):
    return DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=me)


@pytest.fixture
def asked(my_duty, peer):
    return swap_request(my_duty, counterpart=peer, actor=my_duty.representative.user, reason="出差")


def told(kind):
    return sorted(
        Notification.objects.filter(notice__kind=kind).values_list("recipient__username", flat=True)
    )


def test_the_representative_asked_is_told_once(asked, my_duty, peer, peer_user):
    with pytest.raises(DomainError):
        swap_request(my_duty, counterpart=peer, actor=my_duty.representative.user)

    assert told(NoticeKind.SWAP_ASKED) == [peer_user.username]
    notification = Notification.objects.get(recipient=peer_user)
    assert "党代表" in notification.title  # who asks
    assert "出差" in notification.body
    assert notification.notice.url == f"/rosters/swaps/{asked.pk}/"


def test_the_liaison_officers_are_told_once_it_is_accepted(asked, peer_user, officer):
    swap_accept(asked, actor=peer_user)
    with pytest.raises(DomainError):
        swap_accept(asked, actor=peer_user)

    assert told(NoticeKind.SWAP_ACCEPTED) == [officer.username]


def test_an_approval_tells_both_representatives_once(asked, peer_user, officer, representative):
    swap_accept(asked, actor=peer_user)
    swap_approve(asked, actor=officer)
    with pytest.raises(DomainError):
        swap_approve(asked, actor=officer)

    assert told(NoticeKind.SWAP_DECIDED) == sorted([peer_user.username, representative.username])
    # Written while the duty was still the asker's: the asker is named, not the taker.
    title = Notification.objects.get(recipient=representative).title
    assert title.index("党代表") < title.index("党代表乙")


def test_a_rejection_tells_both(asked, peer_user, officer, representative):
    swap_accept(asked, actor=peer_user)
    swap_reject(asked, actor=officer, note="人手不足")

    assert told(NoticeKind.SWAP_DECIDED) == sorted([peer_user.username, representative.username])


def test_a_decline_tells_the_asker(asked, peer_user, representative):
    swap_decline(asked, actor=peer_user)

    assert told(NoticeKind.SWAP_DECIDED) == [representative.username]


def test_a_failed_approval_tells_nobody(asked, peer_user, officer, my_duty):
    swap_accept(asked, actor=peer_user)
    # The duty is moved by hand meanwhile: the approval is refused and rolled back.
    my_duty.shift.date -= timedelta(days=3)
    my_duty.shift.save()

    with pytest.raises(DomainError):
        swap_approve(asked, actor=officer)

    assert told(NoticeKind.SWAP_DECIDED) == []


def test_decisions_reach_the_workrooms_robot_but_requests_do_not(
    wr, my_duty, peer, peer_user, officer
):
    RobotWebhook.objects.create(
        name="群", kind=RobotKind.WECOM, workroom=wr.a, url="https://example.cn/hook"
    )
    swap = swap_request(my_duty, counterpart=peer, actor=my_duty.representative.user)
    swap_accept(swap, actor=peer_user)

    kinds = sorted(
        Delivery.objects.filter(robot__isnull=False).values_list("notice__kind", flat=True)
    )
    assert kinds == [NoticeKind.SWAP_ACCEPTED]
