import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rosters.generation import generate_month_for_all, next_month


class Command(BaseCommand):
    help = (
        "Generate the duty shifts of a month (default: next month) for every active workroom "
        "from its rotation rules. Safe to run again: only what is missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: next month)")

    def handle(self, *args, month=None, **options):
        if month:
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", month)
            if not match or not 1 <= int(match[2]) <= 12:
                raise CommandError("--month must be YYYY-MM, e.g. 2026-12")
            year, number = int(match[1]), int(match[2])
        else:
            year, number = next_month(timezone.localdate())
        results = generate_month_for_all(year, number)
        for result in results:
            self.stdout.write(f"{result.workroom.name}: {result.summary()}")
        notices = {r.notice for r in results if r.notice}
        for notice in notices:
            self.stdout.write(self.style.WARNING(notice))
        self.stdout.write(
            self.style.SUCCESS(
                f"{year}-{number:02d}: {len(results)} workrooms, "
                f"{sum(r.created for r in results)} shifts created."
            )
        )
