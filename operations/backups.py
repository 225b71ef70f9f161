"""Complete, versioned dumps of the portal's data, and their restore.

PostgreSQL: `pg_dump --format=custom` of the whole database (schema, data, sequences),
restored with `pg_restore --clean`. Any other database: Django's XML serialisation of
every table but those Django rebuilds itself (content types, permissions) and sessions,
restored into an emptied database of the same schema.

Each dump has a manifest beside it (`<dump>.json`): the format version, the date, the
database engine and the migrations the data belongs to. A restore refuses a dump whose
migrations differ from the code's (for a serialised dump) or that is not a portal dump.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

FORMAT_VERSION = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]  # rebuilt by migrate, or ephemeral


class BackupError(Exception):
    pass


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def postgres_arguments() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump and pg_restore, and the password in the environment."""
    db = connection.settings_dict
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    environment = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    return arguments, environment


def run(command: list[str], environment: dict):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is missing: install the PostgreSQL client tools (postgresql-client).")
    result = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    vendor = connection.vendor
    if vendor == "postgresql":
        dump = directory / f"inserm-portal-{stamp}.pgdump"
        arguments, environment = postgres_arguments()
        run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *arguments],
            environment,
        )
    else:
        # XML rather than JSON: Django's JSON rounds times to the millisecond, XML keeps them whole.
        dump = directory / f"inserm-portal-{stamp}.xml"
        exclusions = [f"--exclude={app}" for app in EXCLUDED]
        call_command("dumpdata", "--natural-foreign", "--format=xml", *exclusions, output=str(dump))
    manifest = {
        "format": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "migrations": applied_migrations(),
    }
    manifest_path(dump).write_text(json.dumps(manifest, indent=2))
    return dump


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".manifest.json")


def restore(dump: Path):
    if not dump.exists():
        raise BackupError(f"No such file: {dump}")
    try:
        manifest = json.loads(manifest_path(dump).read_text())
    except (OSError, ValueError):
        raise BackupError(
            f"{dump} has no readable manifest ({manifest_path(dump).name}): not a portal backup."
        ) from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')} is not one this version reads ({FORMAT_VERSION}).")
    if manifest["database"] == "postgresql":
        if connection.vendor != "postgresql":
            raise BackupError("This is a PostgreSQL dump: restore it into PostgreSQL (DATABASE_URL).")
        connection.close()  # the restore drops and recreates tables: hold no lock on them
        arguments, environment = postgres_arguments()
        run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", *arguments, str(dump)],
            environment,
        )
        return manifest
    if manifest["migrations"] != applied_migrations():
        raise BackupError(
            "This backup was made with other migrations than this database's: "
            "restore it with the portal version that made it, then upgrade."
        )
    call_command("flush", interactive=False, verbosity=0)
    # The dump holds the history as it was: loading links must not add history entries.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(dump), verbosity=0)
    return manifest
