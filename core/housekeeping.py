"""Housekeeping jobs that belong to no app's service (Celery beat runs them)."""

from datetime import timedelta

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from core.models import FormToken


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Daily housekeeping: expired sign-in sessions would otherwise pile up in the database,
    and so would the tokens of creating forms (``core.once``), useless after a day or two."""
    call_command("clearsessions")
    FormToken.objects.filter(created_at__lt=timezone.now() - timedelta(days=2)).delete()
