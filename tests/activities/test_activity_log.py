"""The activity log: who may record what, photos with thumbnails, upload validation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from PIL import Image

from activities.models import ActivityPhoto
from activities.services import log as services
from core.errors import DomainError
from tests.activities.factories import ActivityFactory, activity_type
from tests.factories import png_upload
from tests.petitions.factories import pdf_bytes, upload


@pytest.fixture(autouse=True)
def _english_messages():
    # These tests read the refusal messages; English keeps them independent of the catalogue.
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def record(actor, workroom, representatives=(), **fields):
    fields.setdefault("type", activity_type("micro_lecture"))
    fields.setdefault("title", "微宣讲：二十届三中全会精神")
    fields.setdefault("date", timezone.localdate())
    return services.activity_create(
        actor=actor, workroom=workroom, representatives=representatives, **fields
    )


def test_clerk_records_an_activity_with_participants(wr, clerk_a, me, peer):
    activity = record(clerk_a, wr.a, [me, peer], attendees=35)
    assert set(activity.representatives.all()) == {me, peer}
    assert (activity.created_by, activity.attendees) == (clerk_a, 35)


def test_representative_records_an_activity_they_took_part_in(wr, representative, me):
    activity = record(representative, wr.a, [me])
    assert activity.created_by == representative


def test_representative_cannot_record_an_activity_without_them(wr, representative, me, peer):
    with pytest.raises(DomainError, match="took part"):
        record(representative, wr.a, [peer])


def test_clerk_of_another_subdistrict_cannot_record(wr, clerk_b):
    with pytest.raises(PermissionDenied):
        record(clerk_b, wr.a)


def test_deliberation_kind_kept_only_for_deliberation_meetings(wr, clerk_a):
    lecture = record(clerk_a, wr.a, deliberation_kind="pavilion")
    meeting = record(
        clerk_a, wr.a, type=activity_type("deliberation"), deliberation_kind="pavilion"
    )
    assert (lecture.deliberation_kind, meeting.deliberation_kind) == ("", "pavilion")


def test_representative_may_edit_an_activity_they_took_part_in(wr, clerk_a, representative, me):
    activity = ActivityFactory(workroom=wr.a, representatives=[me], created_by=clerk_a)
    services.activity_update(activity, actor=representative, title="改过的标题")
    activity.refresh_from_db()
    assert activity.title == "改过的标题"


def test_other_representative_may_not_edit(wr, clerk_a, peer_user, peer, me):
    activity = ActivityFactory(workroom=wr.a, representatives=[me], created_by=clerk_a)
    with pytest.raises(PermissionDenied):
        services.activity_update(activity, actor=peer_user, title="x")


def test_photo_gets_a_small_jpeg_thumbnail(wr, clerk_a):
    activity = ActivityFactory(workroom=wr.a)
    big = upload("现场.png", _png((1200, 800)), "image/png")
    photo = services.photo_add(activity, actor=clerk_a, image=big, caption="宣讲现场")
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) == 320
    assert photo.caption == "宣讲现场"


def test_non_image_renamed_jpg_is_refused(wr, clerk_a):
    activity = ActivityFactory(workroom=wr.a)
    with pytest.raises(ValidationError):
        services.photo_add(activity, actor=clerk_a, image=upload("现场.jpg", pdf_bytes()))
    assert not ActivityPhoto.objects.exists()


def test_photo_by_someone_who_may_not_edit_is_refused(wr, clerk_b):
    activity = ActivityFactory(workroom=wr.a)
    with pytest.raises(PermissionDenied):
        services.photo_add(activity, actor=clerk_b, image=png_upload())


def _png(size):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()
