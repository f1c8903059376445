"""Housekeeping jobs that belong to no app's service (Celery beat runs them)."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Daily housekeeping: expired sign-in sessions would otherwise pile up in the database."""
    call_command("clearsessions")
