"""Every Excel export is safe and accounted for.

No export lets a resident's text become a live formula (OWASP "CSV injection"): each download
is fed ``=HYPERLINK(...)`` through a free-text field it writes, fetched through its real URL by
a user who may export, and every cell carrying it must be plain text ("'=HYPERLINK(...)"), not a
formula. And each export is a sensitive read: it leaves one audit entry saying who exported how
many rows of what. A new export joins by adding one ``Export`` to ``EXPORTS``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity, CourseOrder, LiaisonTalk, ResearchReport, Wish
from core.models import AuditEntry
from petitions.models import Petition
from representatives.models import Representative
from tests.activities.factories import (
    ActivityFactory,
    CourseFactory,
    CourseOrderFactory,
    LiaisonTalkFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    WishFactory,
)
from tests.factories import WorkroomFactory
from tests.petitions.factories import PetitionFactory
from tests.representatives.factories import stationed
from workrooms.models import Area

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@dataclass(frozen=True)
class Export:
    """``plant(fixture)`` stores data carrying ``PAYLOAD`` and returns the export's URL;
    ``client`` names the fixture of a client signed in as a user who may export it (the user's
    fixture is the same name without ``_client``); ``model`` and ``rows``: what its audit entry
    says was exported."""

    name: str
    client: str
    plant: Callable[[Callable[[str], object]], str]
    model: type[models.Model]
    rows: int = 1


def _requests(fixture) -> str:
    wr, clerk = fixture("wr"), fixture("clerk_a")
    PetitionFactory(
        workroom=wr.a, registered_by=clerk, resident_name=PAYLOAD, title=PAYLOAD, content=PAYLOAD
    )
    return reverse("petitions:export")


def _representatives(fixture) -> str:
    stationed(fixture("wr").a, name=PAYLOAD, work_unit=PAYLOAD, residence=PAYLOAD)
    return reverse("representatives:export")


def _district_rollup(fixture) -> str:
    areas = fixture("areas")
    fixture("wr")
    WorkroomFactory(area=areas.a, name=PAYLOAD)
    return reverse("reports:rollup_excel", args=[areas.d.pk]) + "?month=2026-01"


def _activities(fixture) -> str:
    ActivityFactory(workroom=fixture("wr").a, title=PAYLOAD, summary=PAYLOAD)
    return reverse("activities:export")


def _wishes(fixture) -> str:
    WishFactory(workroom=fixture("wr").a, content=PAYLOAD, place=PAYLOAD)
    return reverse("activities:wish_export")


def _course_orders(fixture) -> str:
    CourseOrderFactory(course=CourseFactory(workroom=fixture("wr").a), unit=PAYLOAD)
    return reverse("activities:course_orders_export")


def _research_reports(fixture) -> str:
    topic = ResearchTopicFactory(area=fixture("areas").d)
    ResearchReportFactory(topic=topic, title=PAYLOAD)
    return reverse("activities:research_export")


def _talks(fixture) -> str:
    LiaisonTalkFactory(area=fixture("areas").d, summary=PAYLOAD, suggestions=PAYLOAD)
    return reverse("activities:talks_export")


def _record(fixture) -> str:
    workroom = fixture("wr").a
    rep = stationed(workroom)
    today = timezone.localdate()
    ActivityFactory(workroom=workroom, representatives=[rep], date=today, title=PAYLOAD)
    return reverse("records:export", args=[rep.pk]) + f"?year={today.year}"


EXPORTS = [
    Export("requests", "clerk_a_client", _requests, Petition),
    Export("representatives", "clerk_a_client", _representatives, Representative),
    # One row per workroom of the district: its four and the planted one.
    Export("district roll-up", "liaison_client", _district_rollup, Area, rows=5),
    Export("activities", "clerk_a_client", _activities, Activity),
    Export("micro-wishes", "clerk_a_client", _wishes, Wish),
    Export("course orders", "liaison_client", _course_orders, CourseOrder),
    Export("research reports", "liaison_client", _research_reports, ResearchReport),
    Export("liaison talks", "liaison_client", _talks, LiaisonTalk),
    Export("representative's record", "clerk_a_client", _record, Representative),
]


@pytest.mark.parametrize("export", EXPORTS, ids=[e.name for e in EXPORTS])
def test_formula_like_text_is_exported_as_plain_text(request, export):
    url = export.plant(request.getfixturevalue)
    response = request.getfixturevalue(export.client).get(url)

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    planted = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert planted, "the export did not write the planted text"
    for cell in planted:
        assert cell.data_type == "s", f"{cell.coordinate} is a formula"
        assert cell.value == "'" + PAYLOAD


@pytest.mark.parametrize("export", EXPORTS, ids=[e.name for e in EXPORTS])
def test_each_export_leaves_one_audit_entry(request, export):
    url = export.plant(request.getfixturevalue)
    user = request.getfixturevalue(export.client.removesuffix("_client"))

    response = request.getfixturevalue(export.client).get(url)

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == user
    assert entry.content_type.model_class() is export.model
    # Rows whose personal data left in full are named too (PIPL: which records).
    assert {k: v for k, v in entry.data.items() if k != "personal_data_of"} == {
        "rows": export.rows,
        "query": urlsplit(url).query,
    }
    assert len(entry.data.get("personal_data_of", [])) <= export.rows
