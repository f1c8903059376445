from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.months import first_year, last_year, next_month, parse_month
from rosters.generation import generate_month_for_all


class Command(BaseCommand):
    help = (
        "Generate the duty shifts of a month (default: next month) for every active workroom "
        "from its rotation rules. Safe to run again: only what is missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: next month)")

    def handle(self, *args, month=None, **options):
        first = parse_month(month) if month else next_month(timezone.localdate().replace(day=1))
        if first is None:
            raise CommandError(
                f"--month must be YYYY-MM between {first_year()}-01 and {last_year()}-12, "
                "e.g. 2026-12"
            )
        year, number = first.year, first.month
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
