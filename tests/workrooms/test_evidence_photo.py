"""Evidence photos are served only to users who may see the workroom; 404 otherwise."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import ChecklistEntryFactory, png_bytes
from tests.workrooms.pages import photo_url, six_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(wr):
    entry = ChecklistEntryFactory(workroom=wr.a, item=six_items()[0])
    entry.photo.save("evidence.png", ContentFile(png_bytes()))
    return entry


def test_evidence_photo_is_served_to_a_user_in_scope(clerk_a_client, evidence):
    response = clerk_a_client.get(photo_url(evidence.workroom, evidence.item))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


def test_evidence_photo_is_served_to_a_representative_in_scope(representative_client, evidence):
    response = representative_client.get(photo_url(evidence.workroom, evidence.item))

    assert response.status_code == 200


def test_evidence_photo_is_404_out_of_scope(clerk_b_client, evidence):
    assert clerk_b_client.get(photo_url(evidence.workroom, evidence.item)).status_code == 404


def test_evidence_photo_is_404_when_the_entry_has_no_photo(clerk_a_client, wr):
    entry = ChecklistEntryFactory(workroom=wr.a, item=six_items()[0])

    assert clerk_a_client.get(photo_url(wr.a, entry.item)).status_code == 404


def test_evidence_photo_is_404_when_the_file_is_gone(clerk_a_client, evidence, media_root):
    (media_root / evidence.photo.name).unlink()

    assert clerk_a_client.get(photo_url(evidence.workroom, evidence.item)).status_code == 404
