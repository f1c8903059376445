"""Celery tasks of requests. They take primary keys, load, call a function, and are safe to run
twice (assignment notices are queued once per step; reminders are guarded by their row)."""

from celery import shared_task

from petitions import notifications


@shared_task(acks_late=True)
def send_petition_notice(petition_id: int, kind: str) -> bool:
    """Queued after a step commits: the handler (or the receiving workroom) is told."""
    return notifications.send_notice(petition_id, kind)


@shared_task(acks_late=True)
def send_deadline_reminders() -> dict:
    """Daily (beat): one reminder per request a working day before its deadline, one when it
    passes; running it again, or twice at once, sends nothing more."""
    return notifications.send_deadline_reminders()
