"""Swaps made before the audit log: their history is rebuilt from the swap's own fields."""

from django.db import migrations


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("core", "AuditEntry")
    SwapRequest = apps.get_model("rosters", "SwapRequest")
    swap_type, _created = ContentType.objects.get_or_create(app_label="rosters", model="swaprequest")
    entries = []
    for swap in SwapRequest.objects.order_by("pk").iterator(chunk_size=1000):
        steps = [("request", swap.requested_by_id, swap.requested_at, "", "requested", swap.reason)]
        if swap.answered_at:
            declined = swap.status == "declined"
            action, to = ("decline", "declined") if declined else ("accept", "accepted")
            steps.append((action, swap.answered_by_id, swap.answered_at, "requested", to, ""))
        if swap.decided_at:
            approved = swap.status == "approved"
            action, to = ("approve", "approved") if approved else ("reject", "rejected")
            steps.append((action, swap.decided_by_id, swap.decided_at, "", to, swap.decision_note))
        if swap.cancelled_at:
            steps.append(("cancel", swap.cancelled_by_id, swap.cancelled_at, "", "cancelled", ""))
        for action, actor_id, at, from_state, to_state, note in steps:
            entries.append(
                AuditEntry(
                    content_type=swap_type,
                    object_id=swap.pk,
                    action=action,
                    actor_id=actor_id,
                    at=at,
                    from_state=from_state,
                    to_state=to_state,
                    note=note or "",
                )
            )
    AuditEntry.objects.bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_audit_log"),
        ("rosters", "0003_swap_version"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
