"""No export lets a resident's text become a live formula (OWASP "CSV injection").

Each Excel download is fed ``=HYPERLINK(...)`` through a free-text field it writes, fetched
through its real URL by a user who may export, and every cell carrying it must be plain text
("'=HYPERLINK(...)"), not a formula. A new export joins by adding one ``Export`` to ``EXPORTS``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import WorkroomFactory
from tests.petitions.factories import PetitionFactory
from tests.representatives.factories import stationed

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://x","y")'


@dataclass(frozen=True)
class Export:
    """``plant(fixture)`` stores data carrying ``PAYLOAD`` and returns the export's URL;
    ``client`` names the fixture of a client signed in as a user who may export it."""

    name: str
    client: str
    plant: Callable[[Callable[[str], object]], str]


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
    WorkroomFactory(area=areas.a, name=PAYLOAD)
    return reverse("reports:rollup_excel", args=[areas.d.pk])


EXPORTS = [
    Export("requests", "clerk_a_client", _requests),
    Export("representatives", "clerk_a_client", _representatives),
    Export("district roll-up", "liaison_client", _district_rollup),
    # To add when activities/ is converted to core.xlsx: activities, micro-wishes, course
    # orders, research reports, liaison talks, a representative's record (履职档案).
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
