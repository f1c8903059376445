"""An Excel import reads a bounded workbook: an upload that unpacks to tens of megabytes of blank
rows, or holds more rows than an import reads, is refused with a message before it is parsed to
the end, and nothing is written."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from representatives.models import Representative
from tests.factories import xlsx_bomb

pytestmark = pytest.mark.django_db

IMPORT = reverse("representatives:import")


def _post(client, area, content):
    return client.post(IMPORT, {"area": area.pk, "file": SimpleUploadedFile("名册.xlsx", content)})


def test_a_workbook_that_unpacks_to_megabytes_of_blank_rows_is_refused_at_once(
    clerk_a_client, areas, settings
):
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    content = xlsx_bomb(rows=600_000)  # ~10 MB of sheet XML in a file of 1.5 MB
    assert len(content) < 2 * 1024 * 1024

    started = time.monotonic()
    response = _post(clerk_a_client, areas.a, content)

    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert "超过了导入可读取的5 MB" in response.content.decode()
    assert not Representative.objects.exists()


def test_blank_rows_count_towards_the_row_limit(clerk_a_client, areas, settings):
    settings.XLSX_MAX_ROWS = 1_000
    response = _post(clerk_a_client, areas.a, xlsx_bomb(rows=5_000, header="姓名"))

    assert response.status_code == 400
    assert "工作表超过1000行（空行也计算在内）" in response.content.decode()
    assert not Representative.objects.exists()
