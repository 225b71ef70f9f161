"""The table of the "throttle" cache, where the API counts each client's requests when there
is no Redis (settings.CACHES). Created here, whatever the settings of the day, so that
every database that is migrated has it."""

from django.core.management import call_command
from django.db import migrations

TABLE = "api_throttle_cache"


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    operations = [migrations.RunPython(create_table, drop_table)]
