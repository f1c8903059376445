"""Registering and editing a representative, and their photo: by staff of their area only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from representatives.models import Level, Representative, WorkField
from tests.factories import png_upload
from tests.representatives.factories import stationed
from tests.representatives.pages import detail_url

pytestmark = pytest.mark.django_db


def form_data(area, **overrides):
    data = {
        "name": "新代表",
        "gender": "F",
        "level_set": [str(Level.CITY.value), str(Level.DISTRICT.value)],
        "area": area.pk,
        "phone": "13700001111",
        "work_field": WorkField.EDUCATION,
        "work_unit": "实验小学",
        "post": "校长",
        "term": "第十四次党代会",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_clerk_registers_a_representative(clerk_a_client, areas):
    response = clerk_a_client.post(reverse("representatives:create"), form_data(areas.a1))

    rep = Representative.objects.get(name="新代表")
    assert response.status_code == 302
    assert response["Location"] == detail_url(rep)
    assert rep.levels == Level.CITY.bit | Level.DISTRICT.bit
    assert rep.highest_level == Level.CITY
    assert rep.area == areas.a1
    assert rep.phone == "13700001111"


def test_registering_needs_at_least_one_level(clerk_a_client, areas):
    response = clerk_a_client.post(
        reverse("representatives:create"), form_data(areas.a, level_set=[])
    )

    assert response.status_code == 200
    assert "level_set" in response.context["form"].errors
    assert not Representative.objects.exists()


def test_registering_refuses_a_bad_or_taken_phone(clerk_a_client, areas, rep_a):
    url = reverse("representatives:create")

    bad = clerk_a_client.post(url, form_data(areas.a, phone="12345"))
    taken = clerk_a_client.post(url, form_data(areas.a, phone="138 1234 5678"))

    assert "phone" in bad.context["form"].errors
    assert "phone" in taken.context["form"].errors
    assert Representative.objects.count() == 1


def test_a_clerk_cannot_register_in_a_sibling_area(clerk_a_client, areas):
    response = clerk_a_client.post(reverse("representatives:create"), form_data(areas.b))

    assert "area" in response.context["form"].errors
    assert not Representative.objects.exists()


def test_a_representative_may_not_register_anyone(representative_client, areas):
    url = reverse("representatives:create")

    assert representative_client.get(url).status_code == 403
    assert representative_client.post(url, form_data(areas.a)).status_code == 403


def test_clerk_edits_a_record(clerk_a_client, rep_a, areas):
    url = reverse("representatives:edit", args=[rep_a.pk])
    assert clerk_a_client.get(url).status_code == 200

    response = clerk_a_client.post(
        url,
        form_data(areas.a, name="甲代表", phone="13812345678", level_set=["5", "4"]),
    )

    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert rep_a.level_label == "国、省党代表"
    assert rep_a.work_unit == "实验小学"


def test_liaison_office_edits_records_of_its_district(liaison_client, rep_a, areas):
    url = reverse("representatives:edit", args=[rep_a.pk])

    response = liaison_client.post(url, form_data(areas.a, name="甲代表", phone="13812345678"))

    assert response.status_code == 302


def test_edit_out_of_scope_is_404(clerk_b_client, rep_a):
    assert clerk_b_client.get(reverse("representatives:edit", args=[rep_a.pk])).status_code == 404


def test_edit_by_a_representative_is_403(representative_client, rep_a):
    url = reverse("representatives:edit", args=[rep_a.pk])
    assert representative_client.get(url).status_code == 403


def test_staff_where_someone_serves_may_not_edit_a_record_registered_above(
    clerk_b_client, wr, areas
):
    rep = stationed(wr.b, area=areas.d)

    assert clerk_b_client.get(reverse("representatives:edit", args=[rep.pk])).status_code == 403


def test_photo_is_stored_and_served_only_in_scope(clerk_a_client, clerk_b_client, rep_a, areas):
    url = reverse("representatives:edit", args=[rep_a.pk])
    data = form_data(areas.a, name="甲代表", phone="13812345678", photo=png_upload("me.png"))

    assert clerk_a_client.post(url, data).status_code == 302

    photo = reverse("representatives:photo", args=[rep_a.pk])
    response = clerk_a_client.get(photo)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
    assert clerk_b_client.get(photo).status_code == 404


def test_a_renamed_pdf_is_not_accepted_as_photo(clerk_a_client, rep_a, areas):
    fake = SimpleUploadedFile("me.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    url = reverse("representatives:edit", args=[rep_a.pk])

    response = clerk_a_client.post(
        url, form_data(areas.a, name="甲代表", phone="13812345678", photo=fake)
    )

    assert "photo" in response.context["form"].errors


def test_no_photo_is_404(clerk_a_client, rep_a):
    assert clerk_a_client.get(reverse("representatives:photo", args=[rep_a.pk])).status_code == 404
