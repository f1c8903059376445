from django.db import migrations

DEFAULTS = {"on_the_spot": 0, "time_limited": 5, "refer_up": 15}


def forwards(apps, schema_editor):
    policy = apps.get_model("petitions", "DeadlinePolicy")
    for triage, days in DEFAULTS.items():
        policy.objects.get_or_create(triage=triage, defaults={"working_days": days})


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
