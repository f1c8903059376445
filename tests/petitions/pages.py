"""Helpers shared by the request pages' tests (lists, detail, steps, export)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.urls import reverse

from petitions.models import Petition

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args) -> datetime:
    """An aware datetime in Beijing time: ``beijing(2026, 3, 2, 9, 30)``."""
    return datetime(*args, tzinfo=BEIJING)


@contextmanager
def at(moment: datetime):
    """Run workflow steps as if it were ``moment`` (freezegun is not installed): the workflow
    reads the clock only through ``django.utils.timezone.now``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def detail_url(petition) -> str:
    return reverse("petitions:detail", args=[petition.pk])


def step_url(name: str, petition) -> str:
    return reverse(f"petitions:{name}", args=[petition.pk])


def post_step(client, name: str, petition, version=None, **data):
    """POST a step form as the page would: with the version the user saw."""
    data.setdefault("version", version if version is not None else current(petition).version)
    return client.post(step_url(name, petition), data)


def current(petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


def listed(response) -> list:
    return list(response.context["page"].object_list)
