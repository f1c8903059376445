"""Recording a checklist item (六有): status, evidence (a note or a checked photo), date; who may."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import ChecklistEntryFactory, png_bytes, png_upload, standard
from tests.workrooms.pages import detail_url, entry_url, six_items
from workrooms.models import ChecklistEntry, ChecklistStatus

pytestmark = pytest.mark.django_db


def files_under(root):
    return [p for p in root.rglob("*") if p.is_file()]


def entry_data(**changes):
    data = {
        "status": ChecklistStatus.MET,
        "note": "门牌与公示牌已上墙。",
        "checked_on": str(timezone.localdate()),
    }
    data.update(changes)
    return data


def test_checklist_entry_form_opens_with_todays_date(clerk_a_client, wr):
    response = clerk_a_client.get(entry_url(wr.a, six_items()[0]))

    assert response.status_code == 200
    assert response.context["form"].initial["checked_on"] == timezone.localdate()


def test_clerk_records_a_checklist_entry(clerk_a, clerk_a_client, wr):
    item = six_items()[0]
    checked_on = timezone.localdate() - timedelta(days=3)

    response = clerk_a_client.post(entry_url(wr.a1, item), entry_data(checked_on=str(checked_on)))

    assert response.status_code == 302
    assert response["Location"] == detail_url(wr.a1)
    entry = ChecklistEntry.objects.get(workroom=wr.a1, item=item)
    assert entry.status == ChecklistStatus.MET
    assert entry.note == "门牌与公示牌已上墙。"
    assert entry.checked_on == checked_on
    assert entry.checked_by == clerk_a


def test_liaison_office_records_a_checklist_entry_when_inspecting(liaison, liaison_client, wr):
    item = six_items()[1]

    response = liaison_client.post(entry_url(wr.b, item), entry_data())

    assert response.status_code == 302
    assert ChecklistEntry.objects.get(workroom=wr.b, item=item).checked_by == liaison


def test_recording_an_item_again_updates_the_same_entry(clerk_a_client, wr):
    item = six_items()[0]
    ChecklistEntryFactory(workroom=wr.a, item=item, status=ChecklistStatus.PARTLY)

    clerk_a_client.post(entry_url(wr.a, item), entry_data(note="已整改。"))

    entry = ChecklistEntry.objects.get(workroom=wr.a, item=item)
    assert (entry.status, entry.note) == (ChecklistStatus.MET, "已整改。")


def test_recorded_entries_count_on_the_workroom_page(clerk_a_client, wr):
    first, second = six_items()[:2]
    clerk_a_client.post(entry_url(wr.a, first), entry_data())
    clerk_a_client.post(entry_url(wr.a, second), entry_data())

    response = clerk_a_client.get(detail_url(wr.a))

    assert "2/6" in response.content.decode()


def test_checklist_entry_refuses_a_future_date(clerk_a_client, wr):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = clerk_a_client.post(
        entry_url(wr.a, six_items()[0]), entry_data(checked_on=str(tomorrow))
    )

    assert response.status_code == 200
    assert response.context["form"].errors["checked_on"]
    assert not ChecklistEntry.objects.exists()


@pytest.mark.parametrize("status", [ChecklistStatus.MET, ChecklistStatus.PARTLY])
def test_checklist_entry_refuses_met_or_partly_without_evidence(clerk_a_client, wr, status):
    response = clerk_a_client.post(
        entry_url(wr.a, six_items()[0]), entry_data(status=status, note="")
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "no_evidence")
    assert not ChecklistEntry.objects.exists()


def test_checklist_entry_not_met_needs_no_evidence(clerk_a_client, wr):
    response = clerk_a_client.post(
        entry_url(wr.a, six_items()[0]), entry_data(status=ChecklistStatus.NOT_MET, note="")
    )

    assert response.status_code == 302
    assert ChecklistEntry.objects.get().status == ChecklistStatus.NOT_MET


def test_checklist_entry_accepts_a_photo_as_the_only_evidence(clerk_a_client, wr, media_root):
    item = six_items()[0]

    response = clerk_a_client.post(entry_url(wr.a, item), entry_data(note="", photo=png_upload()))

    assert response.status_code == 302
    entry = ChecklistEntry.objects.get()
    assert entry.photo.name.startswith(f"evidence/{wr.a.pk}/{item.pk}/")
    stored = media_root / entry.photo.name
    assert stored.read_bytes() == png_bytes()


def test_checklist_entry_refuses_a_non_image_renamed_jpg(clerk_a_client, wr, media_root):
    fake = SimpleUploadedFile(
        "evidence.jpg", b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n", content_type="image/jpeg"
    )

    response = clerk_a_client.post(entry_url(wr.a, six_items()[0]), entry_data(photo=fake))

    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not ChecklistEntry.objects.exists()
    assert files_under(media_root) == []


def test_checklist_entry_refuses_a_real_image_in_another_format(clerk_a_client, wr, media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("evidence.gif", buffer.getvalue(), content_type="image/gif")

    response = clerk_a_client.post(entry_url(wr.a, six_items()[0]), entry_data(photo=gif))

    assert response.status_code == 200
    assert response.context["form"].has_error("photo", "bad_format")
    assert files_under(media_root) == []


def test_checklist_entry_refuses_a_photo_over_the_size_limit(
    clerk_a_client, wr, media_root, settings
):
    settings.UPLOAD_MAX_IMAGE_BYTES = 20

    response = clerk_a_client.post(entry_url(wr.a, six_items()[0]), entry_data(photo=png_upload()))

    assert response.status_code == 200
    assert response.context["form"].has_error("photo", "too_large")
    assert files_under(media_root) == []


def test_replacing_the_photo_deletes_the_old_file_after_commit(
    clerk_a_client, wr, media_root, django_capture_on_commit_callbacks
):
    item = six_items()[0]
    clerk_a_client.post(entry_url(wr.a, item), entry_data(photo=png_upload("first.png")))
    old = media_root / ChecklistEntry.objects.get().photo.name
    assert old.exists()

    with django_capture_on_commit_callbacks(execute=True):
        clerk_a_client.post(entry_url(wr.a, item), entry_data(photo=png_upload("second.png")))

    new = media_root / ChecklistEntry.objects.get().photo.name
    assert new.exists()
    assert not old.exists()


def test_checklist_entry_for_an_item_of_another_standard_is_404(clerk_a_client, wr):
    other_item = standard("五有").items.first()

    assert clerk_a_client.get(entry_url(wr.a, other_item)).status_code == 404


def test_checklist_entry_for_a_workroom_without_standard_is_404(clerk_a_client, wr):
    item = six_items()[0]
    wr.a.standard = None
    wr.a.save()

    assert clerk_a_client.get(entry_url(wr.a, item)).status_code == 404


def test_clerk_cannot_record_an_entry_for_sibling_subdistrict_workroom(clerk_b_client, wr):
    url = entry_url(wr.a, six_items()[0])

    assert clerk_b_client.get(url).status_code == 404
    assert clerk_b_client.post(url, entry_data()).status_code == 404
    assert not ChecklistEntry.objects.exists()


def test_representative_cannot_record_a_checklist_entry(representative_client, wr):
    url = entry_url(wr.a, six_items()[0])

    assert representative_client.get(url).status_code == 403
    assert representative_client.post(url, entry_data()).status_code == 403
    assert not ChecklistEntry.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_checklist_entry_refuses_other_methods(clerk_a_client, wr, method):
    response = getattr(clerk_a_client, method)(entry_url(wr.a, six_items()[0]))

    assert response.status_code == 405
