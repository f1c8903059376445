"""一事一记 on paper: a request's record as a one-page PDF, and a workroom's archive of a month as
one PDF, with the resident as the reader may see them, every print in the audit log."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import AuditEntry
from petitions.models import Petition, State
from tests.helpers import client_for
from tests.petitions.factories import make_petition, staff_of

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pages_of(response) -> int:
    return len(PdfReader(io.BytesIO(response.content)).pages)


def test_a_request_prints_on_one_page_with_each_step(clerk_a_client, archived):
    response = clerk_a_client.get(reverse("petitions:record_pdf", args=[archived.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    assert archived.reference in text
    assert archived.title in text
    for step in ("登记", "接待", "处理", "回复", "归档"):
        assert step in text
    assert pages_of(response) == 1
    assert archived.history.filter(action="print").count() == 1


def test_the_print_masks_the_resident_for_a_reader_who_may_not_see_them(liaison, archived):
    response = client_for(liaison).get(reverse("petitions:record_pdf", args=[archived.pk]))

    text = text_of(response)
    assert archived.resident_phone not in text
    assert f"{archived.resident_phone[:3]}****" in text


def test_another_districts_request_cannot_be_printed(liaison, foreign_workroom):
    petition = make_petition(
        State.REGISTERED, workroom=foreign_workroom, actor=staff_of(foreign_workroom)
    )
    response = client_for(liaison).get(reverse("petitions:record_pdf", args=[petition.pk]))
    assert response.status_code == 404


def test_a_months_archive_is_one_pdf_of_that_workrooms_requests(clerk_a_client, clerk_a, wr):
    mine = [make_petition(State.ARCHIVED, workroom=wr.a, actor=clerk_a) for _ in range(2)]
    elsewhere = make_petition(State.ARCHIVED, workroom=wr.a1, actor=clerk_a)
    month = f"{timezone.localdate():%Y-%m}"

    response = clerk_a_client.get(
        reverse("petitions:archive_pdf"), {"workroom": wr.a.pk, "month": month}
    )

    assert response.status_code == 200
    text = text_of(response)
    assert all(p.reference in text for p in mine)
    assert elsewhere.reference not in text
    assert pages_of(response) == 2
    entry = AuditEntry.objects.get(action="export")
    assert entry.data["rows"] == 2


@pytest.mark.parametrize("month", ["2999-01", "nonsense"])
def test_a_future_or_malformed_month_is_refused(clerk_a_client, wr, month):
    response = clerk_a_client.get(
        reverse("petitions:archive_pdf"), {"workroom": wr.a.pk, "month": month}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:ledger")


def test_another_subdistricts_archive_is_refused(clerk_a_client, wr):
    month = f"{timezone.localdate():%Y-%m}"
    response = clerk_a_client.get(
        reverse("petitions:archive_pdf"), {"workroom": wr.b.pk, "month": month}
    )

    assert response.status_code == 302


def test_representatives_do_not_print_archives(representative_client, wr):
    response = representative_client.get(
        reverse("petitions:archive_pdf"), {"workroom": wr.a.pk, "month": "2026-01"}
    )

    assert response.status_code == 403


def test_last_months_archive_leaves_out_this_months(clerk_a_client, clerk_a, wr):
    petition = make_petition(State.ARCHIVED, workroom=wr.a, actor=clerk_a)
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")

    response = clerk_a_client.get(
        reverse("petitions:archive_pdf"), {"workroom": wr.a.pk, "month": last_month}
    )

    assert petition.reference not in text_of(response)
    assert Petition.objects.count() == 1
