"""A resident asks what is held on them (PIPL): an administrator finds it by phone number in
their areas, exports it, corrects it or removes it; every step is in the audit log, and nobody
else can use the page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.audit import READ
from core.models import AuditEntry
from core.retention import DEIDENTIFIED_NAME
from petitions.models import Petition
from tests.activities.factories import WishFactory
from tests.helpers import client_for
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db
URL = reverse("resident_data")
PHONE = "13811112222"


@pytest.fixture
def held(wr, clerk_a, clerk_b, foreign_workroom):
    mine = [
        make_petition(workroom=wr.a, actor=clerk_a, resident_phone=PHONE, resident_name="王秀英"),
        make_petition(workroom=wr.b, actor=clerk_b, resident_phone=PHONE, resident_name="王秀英"),
    ]
    other = make_petition(workroom=wr.a, actor=clerk_a, resident_phone="13900003333")
    wish = WishFactory(workroom=wr.a, resident_phone=PHONE, resident_name="王秀英")
    return mine, other, wish


def test_an_administrator_finds_everything_held_on_a_phone_number(area_admin, held):
    mine, other, wish = held

    page = client_for(area_admin).get(URL, {"phone": "138-1111-2222"})

    assert page.status_code == 200
    body = page.content.decode()
    for petition in mine:
        assert petition.reference in body
    assert other.reference not in body
    assert wish.content in body
    entry = AuditEntry.objects.get(action=READ, actor=area_admin, content_type__model="petition")
    assert entry.data["records"] == sorted(p.pk for p in mine)


def test_the_export_holds_what_is_held(area_admin, held):
    response = client_for(area_admin).get(URL, {"phone": PHONE, "export": "1"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    phones = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert phones == [PHONE] * 3


def test_removing_the_data_on_request_keeps_the_records(area_admin, held):
    mine, other, _wish = held

    response = client_for(area_admin).post(URL, {"phone": PHONE, "reason": "2026-12-02 电话申请"})

    assert response.status_code == 302
    for petition in mine:
        fresh = Petition.objects.get(pk=petition.pk)
        assert (fresh.resident_name, fresh.resident_phone) == (DEIDENTIFIED_NAME, "")
        entry = fresh.history.get(action="deidentify")
        assert entry.actor == area_admin and "电话申请" in entry.data["reason"]
    assert Petition.objects.get(pk=other.pk).resident_phone == "13900003333"


def test_a_reason_is_required(area_admin, held):
    client_for(area_admin).post(URL, {"phone": PHONE, "reason": ""})

    assert Petition.objects.filter(resident_phone=PHONE).count() == 2


def test_correcting_a_name_on_request(area_admin, held):
    mine, _other, _wish = held

    client_for(area_admin).post(
        URL, {"phone": PHONE, "action": "correct", "name": "王秀荣", "reason": "本人来电更正"}
    )

    assert {Petition.objects.get(pk=p.pk).resident_name for p in mine} == {"王秀荣"}
    entry = AuditEntry.objects.filter(action="correct").first()
    assert entry.data == {"fields": ["resident_name"]}
    assert "王秀英" not in str(entry.data) + entry.note


def test_nobody_but_administrators_may_use_it(clerk_a, liaison, representative, client, held):
    for user in (clerk_a, liaison, representative):
        assert client_for(user).get(URL, {"phone": PHONE}).status_code == 403
    assert client.get(URL).status_code == 302
    assert not AuditEntry.objects.filter(action=READ).exists()


def test_another_districts_administrator_finds_nothing(held, foreign_workroom):
    from accounts.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    stranger = UserFactory(username="other_admin")
    RoleFactory(user=stranger, kind=RoleKind.ADMIN, area=foreign_workroom.area)

    body = client_for(stranger).get(URL, {"phone": PHONE}).content.decode()

    assert "王秀英" not in body


# --- the liaison office reviews who saw personal data ----------------------------------------


ACCESS = reverse("personal_data_access")


def test_the_liaison_office_sees_who_read_personal_data_in_its_areas(
    wr, clerk_a, clerk_b, liaison, django_assert_max_num_queries
):
    petition = make_petition(workroom=wr.a, actor=clerk_a, resident_phone=PHONE)
    client_for(clerk_a).get(reverse("petitions:detail", args=[petition.pk]))
    for _ in range(3):
        other = make_petition(workroom=wr.b, actor=clerk_b)
        client_for(clerk_b).get(reverse("petitions:detail", args=[other.pk]))

    office = client_for(liaison)
    with django_assert_max_num_queries(10):
        page = office.get(ACCESS)

    body = page.content.decode()
    assert page.status_code == 200
    assert "甲办事员" in body and "乙办事员" in body
    assert PHONE not in body  # which records, never their contents
    filtered = client_for(liaison).get(ACCESS, {"who": "clerk_a"}).content.decode()
    assert "甲办事员" in filtered and "乙办事员" not in filtered


def test_another_districts_office_does_not_see_these_reads(wr, clerk_a, foreign_workroom):
    from accounts.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    petition = make_petition(workroom=wr.a, actor=clerk_a)
    client_for(clerk_a).get(reverse("petitions:detail", args=[petition.pk]))
    office = UserFactory(username="other_office")
    RoleFactory(user=office, kind=RoleKind.LIAISON_OFFICE, area=foreign_workroom.area)

    assert "甲办事员" not in client_for(office).get(ACCESS).content.decode()


def test_clerks_and_representatives_cannot_review(clerk_a, representative):
    assert client_for(clerk_a).get(ACCESS).status_code == 403
    assert client_for(representative).get(ACCESS).status_code == 403


def test_a_nul_byte_in_the_person_filter_is_not_a_server_error(liaison):
    assert client_for(liaison).get(ACCESS, {"who": "a\x00b"}).status_code == 200
