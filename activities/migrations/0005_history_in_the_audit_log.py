"""Wishes, course orders and research reports made before the audit log: their history is
rebuilt from their own fields (who and when each step was taken, as far as they recorded it)."""

from django.db import migrations


def _entries(AuditEntry, content_type, pk, steps):
    return [
        AuditEntry(
            content_type=content_type,
            object_id=pk,
            action=action,
            actor_id=actor_id,
            at=at,
            from_state=from_state,
            to_state=to_state,
            note=note or "",
        )
        for action, actor_id, at, from_state, to_state, note in steps
        if at is not None
    ]


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("core", "AuditEntry")
    Wish = apps.get_model("activities", "Wish")
    CourseOrder = apps.get_model("activities", "CourseOrder")
    ResearchReport = apps.get_model("activities", "ResearchReport")

    def kind(model):
        return ContentType.objects.get_or_create(app_label="activities", model=model)[0]

    entries = []
    wish_type = kind("wish")
    for wish in Wish.objects.select_related("claimed_by").order_by("pk").iterator(2000):
        claimant = wish.claimed_by.user_id if wish.claimed_by_id else None
        entries += _entries(
            AuditEntry,
            wish_type,
            wish.pk,
            [
                ("record", wish.recorded_by_id, wish.recorded_at, "", "open", ""),
                ("claim", claimant, wish.claimed_at, "open", "claimed", ""),
                ("fulfil", claimant, wish.fulfilled_at, "claimed", "fulfilled", wish.fulfilled_how),
                ("confirm", wish.confirmed_by_id, wish.confirmed_at, "fulfilled", "confirmed", ""),
            ],
        )
    order_type = kind("courseorder")
    for order in CourseOrder.objects.order_by("pk").iterator(2000):
        if order.status in ("confirmed", "declined"):
            action = "confirm" if order.status == "confirmed" else "decline"
            entries += _entries(
                AuditEntry,
                order_type,
                order.pk,
                [(action, order.decided_by_id, order.decided_at, "requested", order.status, "")],
            )
    report_type = kind("researchreport")
    for report in ResearchReport.objects.order_by("pk").iterator(2000):
        entries += _entries(
            AuditEntry,
            report_type,
            report.pk,
            [
                ("forward", report.forwarded_by_id, report.forwarded_at, "submitted", "forwarded", ""),
                ("reply", None, report.replied_at, "forwarded", "replied", report.reply_text),
            ],
        )
    AuditEntry.objects.bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_audit_log"),
        ("activities", "0004_course_order_version"),
        ("representatives", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
