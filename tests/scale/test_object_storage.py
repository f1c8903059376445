"""Uploads in an S3 bucket, as users notice them: what a clerk attaches comes back byte for
byte, to those in scope only; the bucket answers nobody without a signature; a rendered report
lands in the bucket and downloads; nothing is written to the local media folder."""

import os
import urllib.error
import urllib.request
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from core.storage import describe, embedded_uri, is_local
from petitions.attachments import attachment_add
from petitions.models import Attachment, State
from public.door_notice import _photo
from reports.models import ReportKind
from reports.services import generate_now
from tests.factories import png_bytes
from tests.petitions.factories import make_petition, pdf_bytes, upload
from tests.representatives.factories import RepresentativeFactory
from tests.scale.conftest import BUCKET, files_under, objects

pytestmark = pytest.mark.usefixtures("bucket", "celery_in_process")


@pytest.fixture
def received(wr, clerk_a, representative):
    return make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=representative)


def big_pdf() -> bytes:
    # Larger than the storage's in-memory spool (5 MB): the download goes through a temporary
    # file, as a long scan would.
    return pdf_bytes() + os.urandom(6 * 1024 * 1024)


def attach_through_the_page(client, petition, content: bytes, name: str = "回复函.pdf"):
    response = client.post(
        reverse("petitions:attach", args=[petition.pk]),
        {"version": petition.version, "file": upload(name, content, "application/pdf")},
    )
    assert response.status_code == 302, response.content[:500]
    return Attachment.objects.filter(petition=petition).latest("pk")


def download(client, url) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def test_the_uploads_storage_is_the_bucket():
    assert not is_local(default_storage)
    assert describe() == f"s3://{BUCKET}"


def test_a_clerk_downloads_the_attachment_they_uploaded_byte_for_byte(
    clerk_a_client, received, bucket, media_root
):
    content = big_pdf()

    item = attach_through_the_page(clerk_a_client, received, content)
    status, body = download(
        clerk_a_client, reverse("petitions:attachment", args=[received.pk, item.pk])
    )

    assert status == 200
    assert body == content
    assert objects(bucket) == {item.file.name: content}
    assert files_under(media_root) == []


def test_a_clerk_of_another_subdistrict_is_told_the_attachment_does_not_exist(
    clerk_a_client, clerk_b_client, received
):
    item = attach_through_the_page(clerk_a_client, received, pdf_bytes())
    url = reverse("petitions:attachment", args=[received.pk, item.pk])

    assert clerk_b_client.get(url).status_code == 404
    assert clerk_a_client.get(url).status_code == 200


def test_the_bucket_refuses_a_download_without_a_signature(clerk_a, received, bucket, s3_endpoint):
    item = attachment_add(received, actor=clerk_a, upload=upload("回复函.pdf", pdf_bytes()))
    # The same request for an object made public on purpose succeeds: the refusal below is the
    # object's privacy, not an address that leads nowhere.
    bucket.put_object(Bucket=BUCKET, Key="public-probe.txt", Body=b"open", ACL="public-read")
    with urllib.request.urlopen(f"{s3_endpoint}/{BUCKET}/public-probe.txt", timeout=5) as open_:
        assert open_.read() == b"open"

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}/{BUCKET}/{item.file.name}", timeout=5)

    assert refused.value.code == 403


def test_a_signed_address_if_ever_made_lasts_a_minute(clerk_a, received):
    item = attachment_add(received, actor=clerk_a, upload=upload("回复函.pdf", pdf_bytes()))

    url = item.file.url

    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=60" in url


def test_a_second_file_of_the_same_name_does_not_replace_the_first(bucket):
    first = default_storage.save("reports/same.pdf", ContentFile(b"%PDF-1 first"))
    second = default_storage.save("reports/same.pdf", ContentFile(b"%PDF-1 second"))

    assert first != second
    assert objects(bucket) == {first: b"%PDF-1 first", second: b"%PDF-1 second"}


def test_a_rendered_report_is_stored_in_the_bucket_and_downloads(
    liaison_client, wr, bucket, media_root
):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 1))

    status, body = download(liaison_client, reverse("reports:download", args=[report.pk]))

    stored = objects(bucket)
    assert list(stored) == [report.file.name]
    assert status == 200
    assert body.startswith(b"%PDF-")
    assert body == stored[report.file.name]
    assert files_under(media_root) == []


def test_rendering_a_report_again_leaves_one_file_in_the_bucket(wr, bucket):
    generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 1))
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 1))

    assert list(objects(bucket)) == [report.file.name]


def test_a_missing_report_file_is_not_found_rather_than_an_error(liaison_client, wr, bucket):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 1))
    bucket.delete_object(Bucket=BUCKET, Key=report.file.name)

    assert liaison_client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_the_door_notice_embeds_a_photo_kept_in_the_bucket(areas):
    representative = RepresentativeFactory(area=areas.a)
    representative.photo.save("photo.png", ContentFile(png_bytes()), save=True)

    uri = _photo(representative)

    assert uri is not None
    assert uri.startswith("data:image/png;base64,")


def test_the_door_notice_leaves_out_a_photo_gone_from_the_bucket(areas, bucket):
    representative = RepresentativeFactory(area=areas.a)
    representative.photo.save("photo.png", ContentFile(png_bytes()), save=True)
    bucket.delete_object(Bucket=BUCKET, Key=representative.photo.name)

    assert embedded_uri(representative.photo) is None
