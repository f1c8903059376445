from django.db import migrations

from workrooms.standards import install_ready_standards


def forwards(apps, schema_editor):
    install_ready_standards(
        apps.get_model("workrooms", "ChecklistStandard"),
        apps.get_model("workrooms", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("workrooms", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
