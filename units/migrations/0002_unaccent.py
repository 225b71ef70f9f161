"""PostgreSQL's unaccent extension, for accent-insensitive search (a no-op on SQLite)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [UnaccentExtension()]
