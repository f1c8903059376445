"""Staff mark a submission from the public as spam or abuse: it leaves the queue, the lists, the
counts and the monthly figures, is kept for the record, and can be put back."""

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Wish
from core.errors import DomainError
from petitions import workflow
from petitions.models import Category, Petition, State, Triage
from reports.figures import petition_figures
from tests.helpers import client_for
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def _online(workroom, title="路灯坏了一周"):
    return workflow.register_online(
        workroom=workroom,
        resident_name="王秀英",
        resident_phone="13812345678",
        anonymous_publicly=True,
        category=Category.PROPERTY,
        title=title,
        content="小区门口的路灯坏了一个多星期。",
        place="东街12号",
    )


def _figures(workroom):
    now = timezone.now()
    return petition_figures(workroom, timezone.localdate().replace(day=1), now=now)


def test_spam_leaves_the_queue_the_lists_and_the_monthly_figures(wr, clerk_a):
    kept = _online(wr.a, title="真实诉求")
    spam = _online(wr.a, title="广告：低价办证")
    assert _figures(wr.a)["registered"] == 2

    client = client_for(clerk_a)
    response = client.post(
        reverse("petitions:spam", args=[spam.pk]),
        {"version": spam.version, "reason": "广告"},
    )

    assert response.status_code == 302
    assert _figures(wr.a)["registered"] == 1
    listing = client.get(reverse("petitions:list")).content.decode()
    assert "真实诉求" in listing
    assert "低价办证" not in listing
    home = client.get(reverse("home")).content.decode()
    assert "低价办证" not in home
    # Kept for the record: on the spam list, and its page still opens.
    assert "低价办证" in client.get(reverse("petitions:spam_list")).content.decode()
    page = client.get(reverse("petitions:detail", args=[spam.pk]))
    assert page.status_code == 200
    assert Petition.with_spam.filter(pk=spam.pk).exists()
    assert Petition.objects.filter(pk=kept.pk).exists()


def test_a_request_marked_as_spam_takes_no_step_until_put_back(wr, clerk_a):
    spam = workflow.mark_spam(_online(wr.a), actor=clerk_a, reason="辱骂")

    with pytest.raises(DomainError):
        workflow.receive(spam, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=clerk_a)

    workflow.not_spam(spam, actor=clerk_a)
    fresh = Petition.objects.get(pk=spam.pk)
    assert fresh.spam_at is None
    assert _figures(wr.a)["registered"] == 1
    workflow.receive(fresh, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=clerk_a)
    assert Petition.objects.get(pk=spam.pk).state == State.RECEIVED
    actions = list(fresh.history.values_list("action", flat=True))
    assert actions[-3:] == ["spam", "not_spam", "receive"]


def test_only_requests_raised_online_can_be_spam(wr, clerk_a):
    registered_by_staff = make_petition(workroom=wr.a, actor=clerk_a)

    with pytest.raises(DomainError):
        workflow.mark_spam(registered_by_staff, actor=clerk_a, reason="广告")
    assert Petition.objects.get(pk=registered_by_staff.pk).spam_at is None


def test_a_reason_is_required(wr, clerk_a):
    petition = _online(wr.a)

    with pytest.raises(DomainError):
        workflow.mark_spam(petition, actor=clerk_a, reason="  ")
    assert Petition.objects.get(pk=petition.pk).spam_at is None


def test_representatives_and_other_subdistricts_cannot_mark_spam(wr, clerk_b, representative):
    petition = _online(wr.a)

    assert (
        client_for(clerk_b)
        .post(reverse("petitions:spam", args=[petition.pk]), {"version": 1, "reason": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(representative)
        .post(reverse("petitions:spam", args=[petition.pk]), {"version": 1, "reason": "x"})
        .status_code
        == 403
    )
    assert Petition.objects.get(pk=petition.pk).spam_at is None
    assert client_for(representative).get(reverse("petitions:spam_list")).status_code == 403


def test_the_spam_list_is_scoped(wr, clerk_a, clerk_b):
    workflow.mark_spam(_online(wr.a, title="甲街道的广告"), actor=clerk_a, reason="广告")

    assert (
        "甲街道的广告"
        not in client_for(clerk_b).get(reverse("petitions:spam_list")).content.decode()
    )


def test_a_wish_marked_as_spam_leaves_the_board(client, wr, clerk_a):
    from activities.services.wishes import wish_mark_spam, wish_record_online

    wish = wish_record_online(
        workroom=wr.a, resident_name="李桂兰", content="代写广告", resident_phone="13987654321"
    )
    staff = client_for(clerk_a)
    board = reverse("activities:wish_board", args=[wr.a.pk])
    assert "代写广告" in staff.get(board).content.decode()

    wish_mark_spam(wish, actor=clerk_a, reason="广告")

    assert "代写广告" not in staff.get(board).content.decode()
    assert not Wish.objects.filter(pk=wish.pk).exists()
    assert Wish.with_spam.filter(pk=wish.pk).exists()
    assert staff.get(reverse("activities:wish", args=[wish.pk])).status_code == 200
    listing = reverse("activities:wishes")
    assert "代写广告" not in staff.get(listing).content.decode()
    assert "代写广告" in staff.get(listing, {"spam": "1"}).content.decode()
