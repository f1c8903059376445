"""PIPL: every time someone sees residents' or representatives' personal data in full, the
audit log says who, when and which records — a request page, a list page, an export, a
representative's phone; masked views write nothing."""

import pytest
from django.urls import reverse

from core.audit import READ
from core.models import AuditEntry
from petitions.models import Petition
from representatives.models import Representative
from tests.helpers import client_for
from tests.petitions.factories import make_petition
from tests.rosters.factories import AssignmentFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def reads(model, actor):
    return AuditEntry.objects.filter(action=READ, actor=actor, content_type__model=model)


def test_a_clerk_opening_a_request_is_logged_once_per_visit(wr, clerk_a):
    petition = make_petition(workroom=wr.a, actor=clerk_a, resident_phone="13811112222")
    client = client_for(clerk_a)

    client.get(reverse("petitions:detail", args=[petition.pk]))
    client.get(reverse("petitions:detail", args=[petition.pk]))  # a reload

    [entry] = reads("petition", clerk_a)
    assert entry.object_id == petition.pk
    assert entry.data["records"] == [petition.pk]
    # Not in the request's history page: the log is for whoever reviews reads.
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "完整个人信息" not in page.split('class="timeline"')[-1]


def test_a_masked_view_writes_nothing(wr, clerk_a, liaison):
    petition = make_petition(workroom=wr.a, actor=clerk_a, resident_phone="13811112222")

    body = client_for(liaison).get(reverse("petitions:detail", args=[petition.pk]))

    assert "13811112222" not in body.content.decode()
    assert not reads("petition", liaison).exists()


def test_a_list_page_logs_which_requests_it_showed_in_full(wr, clerk_a):
    shown = [make_petition(workroom=wr.a, actor=clerk_a) for _ in range(3)]

    client_for(clerk_a).get(reverse("petitions:list"))

    [entry] = reads("petition", clerk_a)
    assert entry.data["records"] == sorted(p.pk for p in shown)


def test_an_export_logs_the_records_whose_phones_left_in_full(wr, clerk_a):
    exported = [make_petition(workroom=wr.a, actor=clerk_a) for _ in range(2)]

    response = client_for(clerk_a).get(reverse("petitions:export"))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export", actor=clerk_a)
    assert entry.data["personal_data_of"] == sorted(p.pk for p in exported)
    assert Petition.objects.count() == 2


def test_a_clerk_reading_representatives_phones_is_logged(wr, clerk_a):
    rep = RepresentativeFactory(name="覃代表", area=wr.a.area, phone="13700001234")
    AssignmentFactory(representative=rep, workroom=wr.a)
    client = client_for(clerk_a)

    page = client.get(reverse("representatives:detail", args=[rep.pk])).content.decode()

    assert "13700001234" in page
    [entry] = reads("representative", clerk_a)
    assert entry.data["records"] == [rep.pk]
    assert Representative.objects.filter(pk=rep.pk).exists()


def test_a_residents_requests_are_found_by_their_phone_number(wr, clerk_a):
    mine = make_petition(workroom=wr.a, actor=clerk_a, resident_phone="13811112222")
    make_petition(workroom=wr.a, actor=clerk_a, resident_phone="13900003333")

    page = client_for(clerk_a).get(reverse("petitions:list"), {"q": "138 1111 2222"})

    assert [p.pk for p in page.context["page"].object_list] == [mine.pk]
