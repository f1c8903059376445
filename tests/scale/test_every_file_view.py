"""Every view that serves an uploaded file works with the files in a bucket: in scope the bytes
come back, out of scope 404, and an object gone from the bucket is 404 rather than an error."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from activities.models import ActivityPhoto, WishStatus
from tests.activities.factories import (
    ActivityFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    WishFactory,
)
from tests.factories import ChecklistEntryFactory, png_bytes
from tests.petitions.factories import pdf_bytes
from tests.representatives.factories import AssignmentFactory, RepresentativeFactory
from tests.scale.conftest import BUCKET

pytestmark = pytest.mark.usefixtures("bucket")


@dataclass
class Served:
    url: str
    field: object  # the FieldFile holding the object
    content: bytes


def evidence_photo(wr, clerk_a):
    entry = ChecklistEntryFactory(workroom=wr.a)
    entry.photo.save("evidence.png", ContentFile(png_bytes()), save=True)
    return Served(
        reverse("checklist_evidence", args=[wr.a.pk, entry.item_id]), entry.photo, png_bytes()
    )


def activity_photo(wr, clerk_a):
    activity = ActivityFactory(workroom=wr.a, created_by=clerk_a)
    photo = ActivityPhoto(activity=activity, uploaded_by=clerk_a)
    photo.image.save("photo.png", ContentFile(png_bytes()), save=False)
    photo.save()
    url = reverse("activities:photo", args=[activity.pk, photo.pk, "full"])
    return Served(url, photo.image, png_bytes())


def wish_photo(wr, clerk_a):
    wish = WishFactory(workroom=wr.a, recorded_by=clerk_a, status=WishStatus.FULFILLED)
    wish.fulfilled_photo.save("wish.png", ContentFile(png_bytes()), save=True)
    return Served(
        reverse("activities:wish_photo", args=[wish.pk]), wish.fulfilled_photo, png_bytes()
    )


def research_attachment(wr, clerk_a):
    topic = ResearchTopicFactory(area=wr.a.area)
    report = ResearchReportFactory(
        topic=topic, representative=RepresentativeFactory(area=wr.a.area)
    )
    report.attachment.save("report.pdf", ContentFile(pdf_bytes()), save=True)
    url = reverse("activities:research_attachment", args=[report.pk])
    return Served(url, report.attachment, pdf_bytes())


VIEWS = [evidence_photo, activity_photo, wish_photo, research_attachment]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("make", VIEWS, ids=lambda make: make.__name__)
def test_a_file_in_the_bucket_is_served_in_scope_only(
    make, wr, clerk_a, clerk_a_client, clerk_b_client
):
    served = make(wr, clerk_a)

    response = clerk_a_client.get(served.url)

    assert response.status_code == 200
    assert body(response) == served.content
    assert clerk_b_client.get(served.url).status_code == 404


@pytest.mark.parametrize("make", VIEWS, ids=lambda make: make.__name__)
def test_a_file_gone_from_the_bucket_is_not_found(make, wr, clerk_a, clerk_a_client, bucket):
    served = make(wr, clerk_a)
    bucket.delete_object(Bucket=BUCKET, Key=served.field.name)

    assert clerk_a_client.get(served.url).status_code == 404


def test_a_stationed_representatives_photo_is_public_from_the_bucket(client, wr):
    representative = RepresentativeFactory(area=wr.a.area)
    representative.photo.save("photo.png", ContentFile(png_bytes()), save=True)
    AssignmentFactory(representative=representative, workroom=wr.a)

    response = client.get(reverse("public:representative_photo", args=[representative.pk]))

    assert response.status_code == 200
    assert body(response) == png_bytes()
