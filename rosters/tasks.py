from celery import shared_task
from django.utils import timezone

from rosters.generation import generate_month_for_all, next_month


@shared_task
def generate_next_month() -> dict:
    """Monthly: next month's shifts for every active workroom. Idempotent, so a retry or a
    second run creates nothing twice; each workroom in its own transaction."""
    year, month = next_month(timezone.localdate())
    results = generate_month_for_all(year, month)
    return {
        "month": f"{year}-{month:02d}",
        "workrooms": len(results),
        "created": sum(r.created for r in results),
    }
