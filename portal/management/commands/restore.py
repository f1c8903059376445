from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a `backup` archive, after "
        "checking every hash and the database engine. Stop the web server and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="a workrooms-*.tar.gz written by backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the current data"
        )

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            database = settings.DATABASES["default"]["NAME"]
            answer = input(
                f"This replaces the database {database} and every file in {settings.MEDIA_ROOT} "
                f"with the contents of {archive}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = backup_restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成 / Restored {archive} (made {manifest['created']}): "
                f"{sum(manifest['rows'].values())} rows in {len(manifest['rows'])} tables and "
                f"{len(manifest['files']) - 1} files, all checked. "
                "Run `python manage.py migrate` if this version of the app is newer."
            )
        )
