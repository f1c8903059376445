"""Requests' events and the reveal log move into the one audit log (core.AuditEntry)."""

from django.db import migrations

# The attachment event's action is the move's name now.
RENAMED = {"attachment": "attach"}


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("core", "AuditEntry")
    PetitionEvent = apps.get_model("petitions", "PetitionEvent")
    PersonalDataReveal = apps.get_model("petitions", "PersonalDataReveal")
    petition_type, _created = ContentType.objects.get_or_create(
        app_label="petitions", model="petition"
    )
    batch = []
    for event in PetitionEvent.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            AuditEntry(
                content_type=petition_type,
                object_id=event.petition_id,
                action=RENAMED.get(event.kind, event.kind),
                actor_id=event.actor_id,
                at=event.at,
                from_state=event.from_state,
                to_state=event.to_state,
                note=event.note,
                data=event.data,
            )
        )
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    for reveal in PersonalDataReveal.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            AuditEntry(
                content_type=petition_type,
                object_id=reveal.petition_id,
                action="reveal",
                actor_id=reveal.user_id,
                at=reveal.at,
            )
        )
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_audit_log"),
        ("petitions", "0003_petition_activity"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="PersonalDataReveal"),
        migrations.DeleteModel(name="PetitionEvent"),
    ]
