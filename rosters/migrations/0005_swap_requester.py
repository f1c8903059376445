import django.db.models.deletion
from django.db import migrations, models


def fill_requester(apps, schema_editor):
    """Who gave each earlier swap's duty away: the representative linked to the account that
    asked; else, while open or refused, the duty's holder (it has not moved); else, for an
    approved exchange, the holder of the duty taken back. An approved plain handover asked
    without an account stays unknown."""
    SwapRequest = apps.get_model("rosters", "SwapRequest")
    Representative = apps.get_model("representatives", "Representative")
    for swap in SwapRequest.objects.filter(requester__isnull=True).select_related(
        "duty", "counterpart_duty"
    ):
        rep_id = None
        if swap.requested_by_id is not None:
            rep_id = (
                Representative.objects.filter(user_id=swap.requested_by_id)
                .values_list("pk", flat=True)
                .first()
            )
        if rep_id is None and swap.status != "approved":
            rep_id = swap.duty.representative_id
        if rep_id is None and swap.counterpart_duty_id is not None:
            rep_id = swap.counterpart_duty.representative_id
        if rep_id is not None:
            SwapRequest.objects.filter(pk=swap.pk).update(requester_id=rep_id)


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0001_initial"),
        ("rosters", "0004_swap_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="swaprequest",
            name="requester",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="swaps_out",
                to="representatives.representative",
                verbose_name="asked by",
            ),
        ),
        migrations.RunPython(fill_requester, migrations.RunPython.noop),
    ]
