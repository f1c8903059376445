"""``python manage.py sweep``: what beat's ``core.sweep`` does, once, from the command line (for
an install without beat, or to unstick jobs at once after the broker came back)."""

from typing import Any

from django.core.management.base import BaseCommand

from core.jobs import sweep


class Command(BaseCommand):
    help = "Queue again the jobs whose message was lost and take back those whose worker died."

    def handle(self, *args: Any, **options: Any) -> None:
        for sweeper, count in sweep().items():
            self.stdout.write(f"{sweeper}: {count}")
