from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a complete, versioned dump of the portal's data (pg_dump on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=settings.BACKUP_DIR, help="Folder for the dump.")

    def handle(self, *args, output, **options):
        try:
            dump = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written: {dump}"))
