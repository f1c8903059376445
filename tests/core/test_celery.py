"""Every task beat runs exists under the name the schedule gives, once the worker has imported
the modules ``CELERY_IMPORTS`` lists (tasks live beside their services, not in tasks.py)."""

from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_found_by_the_worker():
    app.loader.import_default_modules()

    entries = settings.CELERY_BEAT_SCHEDULE.values()
    # Beat sends each through core.periodic, which runs the task named first in its arguments
    # under a lock (tests/scale/test_beat_once.py).
    assert {entry["task"] for entry in entries} == {"core.periodic"}
    scheduled = {entry["args"][0] for entry in entries}

    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
    # The retention tasks (PIPL) are among them.
    assert {"petitions.deidentify_expired", "activities.deidentify_expired_wishes"} <= scheduled


def test_tasks_the_services_queue_are_registered_by_name():
    app.loader.import_default_modules()

    queued = {"petitions.send_petition_notice", "reports.generate_report", "notices.deliver"}
    assert queued <= set(app.tasks)
