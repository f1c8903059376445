"""Celery tasks of activities. They load by primary key or query, call a function, and are safe
to run twice (research reminders are guarded by their ``ResearchReminder`` row)."""

from celery import shared_task

from activities.services import research as research_services


@shared_task(acks_late=True)
def send_research_reminders() -> dict:
    """Daily (beat): one reminder per research report whose written reply is overdue, per
    deadline; running it again, or twice at once, sends nothing more."""
    return research_services.send_research_reminders()
