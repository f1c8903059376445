from django.db import migrations

# (code, name, may register requests)
TYPES = [
    ("lecture", "宣讲", False),
    ("micro_lecture", "微宣讲", False),
    ("micro_party_lesson", "微党课", False),
    ("course_delivery", "送课", False),
    ("study_visit", "研学", False),
    ("household_visit", "走访", True),
    ("forum", "座谈/民情恳谈会", True),
    ("deliberation", "微议事", True),
    ("volunteering", "志愿服务", False),
    ("inspection", "调研视察", True),
    ("talk", "个别谈话", False),
    ("meet_and_greet", "见面会", True),
]


def forwards(apps, schema_editor):
    activity_type = apps.get_model("activities", "ActivityType")
    for position, (code, name, produces) in enumerate(TYPES, start=1):
        activity_type.objects.get_or_create(
            code=code,
            defaults={"name": name, "position": position, "produces_requests": produces},
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
