from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (workrooms-YYYYmmdd-HHMMSS.tar.gz) of the database and the uploaded "
        "files, with a manifest of row counts and SHA-256 hashes; `restore` reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="DIR", type=Path, help="where to write it (default: BACKUP_DIR)"
        )
        parser.add_argument(
            "--keep",
            metavar="N",
            type=int,
            help="then delete the oldest archives there beyond N (default: BACKUP_KEEP; 0 keeps all)",
        )

    def handle(self, *args, output=None, keep=None, **options):
        if keep is not None and keep < 0:
            raise CommandError("--keep must be 0 (keep all) or more.")
        try:
            archive = backup_create(output_dir=output, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成 / Backup written: {archive.path} "
                f"({filesizeformat(archive.size)}, {archive.rows} rows, "
                f"{archive.media_files} files, {archive.seconds:.1f} s)"
            )
        )
