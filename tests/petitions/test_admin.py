"""The admin: deadline rules are edited there; requests are only looked at, personal data masked."""

from django.urls import reverse

from core.models import AuditEntry
from petitions.models import DeadlinePolicy, Triage
from petitions.personal_data import reveal


def test_the_administrator_changes_a_deadline_rule(admin_client):
    rule = DeadlinePolicy.objects.get(triage=Triage.TIME_LIMITED)
    url = reverse("admin:petitions_deadlinepolicy_change", args=[rule.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"triage": Triage.TIME_LIMITED, "working_days": 7})
    assert response.status_code == 302
    assert DeadlinePolicy.objects.get(pk=rule.pk).working_days == 7


def test_requests_are_read_only_and_masked_in_the_admin(admin_client, received):
    changelist = admin_client.get(reverse("admin:petitions_petition_changelist"))
    assert changelist.status_code == 200
    assert received.title in changelist.content.decode()

    url = reverse("admin:petitions_petition_change", args=[received.pk])
    page = admin_client.get(url).content.decode()
    assert received.resident_phone not in page
    assert f"{received.resident_phone[:3]}****{received.resident_phone[-4:]}" in page
    assert received.resident_name not in page

    assert admin_client.get(reverse("admin:petitions_petition_add")).status_code == 403
    version = received.version
    admin_client.post(url, {"title": "改过的标题"})
    received.refresh_from_db()
    assert received.title != "改过的标题"
    assert received.version == version


def test_reveals_are_listed_in_the_audit_log_and_cannot_be_edited(
    admin_client, admin_user, received
):
    reveal(received, user=admin_user)
    entry = AuditEntry.objects.get(action="reveal")

    response = admin_client.get(
        reverse("admin:core_auditentry_changelist"), {"action__exact": "reveal"}
    )

    assert response.status_code == 200
    assert admin_user.username in response.content.decode()
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    admin_client.post(change, {"note": "改写"})
    assert AuditEntry.objects.get(pk=entry.pk).note == ""
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
