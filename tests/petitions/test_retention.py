"""PIPL: residents' personal data is kept while their matter is handled and for the retention
period after it closed; then the nightly task removes their name, phone and address, and the
request, its steps and the figures stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import Wish
from activities.services.wishes import deidentify_expired_wishes
from core.models import AuditEntry
from core.retention import DEIDENTIFIED_NAME
from petitions.models import Petition, State
from petitions.retention import deidentify_expired
from reports.figures import petition_figures
from tests.activities.factories import WishFactory
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def _archived(wr, clerk, *, days_ago, phone):
    petition = make_petition(State.ARCHIVED, workroom=wr.a, actor=clerk, resident_phone=phone)
    Petition.objects.filter(pk=petition.pk).update(
        archived_at=timezone.now() - timedelta(days=days_ago)
    )
    return Petition.objects.get(pk=petition.pk)


def test_an_old_archived_request_loses_the_residents_data_and_keeps_the_rest(wr, clerk_a, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 3 * 365
    old = _archived(wr, clerk_a, days_ago=3 * 365 + 1, phone="13811112222")
    recent = _archived(wr, clerk_a, days_ago=3 * 365 - 1, phone="13833334444")
    month = timezone.localtime(old.registered_at).date().replace(day=1)
    figures_before = petition_figures(wr.a, month, now=timezone.now())
    steps_before = old.history.count()

    assert deidentify_expired() == 1

    old, recent = Petition.objects.get(pk=old.pk), Petition.objects.get(pk=recent.pk)
    assert (old.resident_name, old.resident_phone, old.resident_address) == (
        DEIDENTIFIED_NAME,
        "",
        "",
    )
    assert old.deidentified_at is not None
    assert old.state == State.ARCHIVED and old.content
    assert recent.resident_phone == "13833334444"
    # The steps are all there, plus one saying what happened, by the system.
    assert old.history.count() == steps_before + 1
    entry = old.history.get(action="deidentify")
    assert entry.actor is None
    assert petition_figures(wr.a, month, now=timezone.now()) == figures_before


def test_running_it_again_changes_nothing(wr, clerk_a):
    _archived(wr, clerk_a, days_ago=4 * 365, phone="13811112222")
    deidentify_expired()

    assert deidentify_expired() == 0
    assert AuditEntry.objects.filter(action="deidentify").count() == 1


def test_an_open_request_is_never_deidentified_however_old(wr, clerk_a):
    petition = make_petition(
        State.RECEIVED, workroom=wr.a, actor=clerk_a, resident_phone="13811112222"
    )
    Petition.objects.filter(pk=petition.pk).update(
        registered_at=timezone.now() - timedelta(days=5 * 365)
    )

    assert deidentify_expired() == 0
    assert Petition.objects.get(pk=petition.pk).resident_phone == "13811112222"


def test_the_retention_period_is_a_setting(wr, clerk_a, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    _archived(wr, clerk_a, days_ago=31, phone="13811112222")

    assert deidentify_expired() == 1


def test_old_fulfilled_wishes_lose_the_residents_data(wr, clerk_a):
    old = WishFactory(
        workroom=wr.a,
        resident_name="李桂兰",
        resident_phone="13987654321",
        status="confirmed",
        confirmed_at=timezone.now() - timedelta(days=4 * 365),
    )
    open_wish = WishFactory(workroom=wr.a, resident_name="王秀英", resident_phone="13900001111")

    assert deidentify_expired_wishes() == 1

    old, open_wish = Wish.objects.get(pk=old.pk), Wish.objects.get(pk=open_wish.pk)
    assert (old.resident_name, old.resident_phone, old.place) == (DEIDENTIFIED_NAME, "", "")
    assert open_wish.resident_phone == "13900001111"
