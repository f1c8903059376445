"""The record outlives mistakes: deleting a request neither takes its history with it nor its
transfers, 请示 and attachments (they refuse the deletion); a user who acted cannot be deleted
(who did what would be lost) and is deactivated instead."""

import pytest
from django.db.models import ProtectedError

from core.models import AuditEntry
from petitions import workflow
from petitions.models import Petition, Transfer
from tests.factories import UserFactory
from tests.helpers import client_for
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


def test_deleting_a_request_does_not_delete_its_history(wr, clerk_a):
    petition = make_petition("received", workroom=wr.a, actor=clerk_a)
    entries = list(AuditEntry.objects.for_object(petition).values_list("pk", flat=True))
    assert entries

    Petition.objects.filter(pk=petition.pk).delete()

    assert AuditEntry.objects.filter(pk__in=entries).count() == len(entries)


def test_a_transferred_request_keeps_its_transfers(wr, clerk_a):
    petition = make_petition(workroom=wr.a, actor=clerk_a)
    workflow.transfer(petition, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")

    with pytest.raises(ProtectedError):
        Petition.objects.filter(pk=petition.pk).delete()

    assert Transfer.objects.filter(petition=petition).count() == 1


def test_a_user_who_acted_cannot_be_deleted_only_deactivated(wr, clerk_a):
    make_petition(workroom=wr.a, actor=clerk_a)

    with pytest.raises(ProtectedError):
        clerk_a.delete()

    clerk_a.is_active = False
    clerk_a.save()
    entry = AuditEntry.objects.filter(actor=clerk_a).first()
    assert entry is not None and entry.actor.display_name == "甲办事员"


def test_a_user_who_never_acted_can_still_be_deleted(db):
    user = UserFactory(username="typo_account")

    user.delete()

    assert not user.__class__.objects.filter(username="typo_account").exists()


def test_the_admin_refuses_to_delete_a_user_who_acted(admin_client, wr, clerk_a):
    make_petition(workroom=wr.a, actor=clerk_a)

    response = admin_client.post(f"/admin/accounts/user/{clerk_a.pk}/delete/", {"post": "yes"})

    assert clerk_a.__class__.objects.filter(pk=clerk_a.pk).exists()
    assert response.status_code in (200, 403)
    assert client_for(clerk_a).get("/").status_code == 200
