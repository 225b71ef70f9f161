from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the portal's data with a dump made by `manage.py backup`: the whole backup is checked first, "
        "and the data are replaced all at once or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask: the current data are replaced.")

    def handle(self, *args, dump, yes, **options):
        if not yes and input(f"Replace every record of this portal with {dump}? Type yes: ").strip() != "yes":
            raise CommandError("Nothing restored.")
        try:
            manifest = restore(dump)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {dump} (made {manifest['created']})."))
