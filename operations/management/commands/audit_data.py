from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from operations.audit import CHECKS, audit


class Command(BaseCommand):
    help = (
        "List every record that breaks a rule the database cannot hold (the admin's Data quality page); "
        "exit with status 1 when there is one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="append", choices=[c.code for c in CHECKS], help="Run only this check.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, choices=dict(settings.LANGUAGES))

    def handle(self, *args, check=None, language, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            # Not a traceback about a missing table: a database to migrate first.
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} is not migrated: run manage.py migrate "
                "(make run does it), then audit it."
            )
        translation.activate(language)
        results = [result for result in audit() if not check or result.check.code in check]
        problems = 0
        for result in results:
            if not result.findings:
                continue
            problems += len(result.findings)
            self.stdout.write(self.style.WARNING(f"{result.check.title} [{result.check.code}]: {len(result.findings)}"))
            self.stdout.write(f"  {result.check.advice}")
            for finding in result.findings:
                url = f"  {finding.admin_url}" if finding.admin_url else ""
                self.stdout.write(f"  - {finding.record._meta.verbose_name} {finding.record}: {finding.detail}{url}")
        if problems:
            raise CommandError(f"{problems} record(s) break a rule ({len(results)} checks run).", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"No problem found ({len(results)} checks run)."))
