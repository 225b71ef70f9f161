"""Complete, versioned dumps of the portal's data, and a restore that cannot lose data.

Backup. PostgreSQL: `pg_dump --format=custom` of the whole database (schema, data,
sequences). Any other database: Django's XML serialisation of every table but those
Django rebuilds itself (content types, permissions) and sessions. Beside each dump, a
manifest (`<dump>.manifest.json`): the format version, the date, the database engine, the
migrations the data belong to, and the dump's size and SHA-256 checksum.

Restore checks the whole backup before it touches anything, then replaces the data all at
once, so that whatever fails the data are exactly as before:

1. The manifest is there and readable, of this format, and the dump's size and checksum
   are the ones it records (a truncated, damaged or swapped file stops here).
2. The dump reads to the end. XML: every object is deserialised (each value converted to
   its field's type), none kept. PostgreSQL: `pg_restore --list` reads the table of
   contents, then the dump is restored into a scratch database made for the purpose
   (`<name>_restore_<random>`, dropped afterwards), which reads every data block; the
   database role needs CREATEDB for this.
3. The data are replaced in one transaction. XML: the tables are emptied (sessions too)
   and the dump loaded inside one `transaction.atomic()`; any error rolls it all back.
   PostgreSQL: `pg_restore --clean --single-transaction` into the live database: its
   drops, creates and copies commit together or not at all (PostgreSQL's DDL is
   transactional), even if the process is killed. Servers may keep running; their
   queries wait for the commit.

Why not restore into a fresh database and rename it over the live one: a rename needs
every connection to the live database closed (each server's), and loses the database's
own grants and settings; pg_restore cannot write into another schema either. The single
transaction gives the same all-or-nothing swap with neither.

A serialised dump must come from the same migrations as the database; a PostgreSQL dump
brings its own schema (run `migrate` after restoring an older one).
"""

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import shutil
import subprocess
from pathlib import Path

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from core import page_cache

FORMAT_VERSION = 2  # 2: the manifest records the dump's size and SHA-256
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]  # rebuilt by migrate, or ephemeral
MANIFEST_KEYS = {"format", "created", "database", "migrations", "size", "sha256"}
logger = logging.getLogger(__name__)


class BackupError(Exception):
    pass


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def postgres_arguments() -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL client tools (no database name), and the
    password in the environment."""
    db = connection.settings_dict
    arguments = []
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    environment = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    return arguments, environment


def run(command: list[str], environment: dict, failure: str = "") -> str:
    """The command's output; BackupError with `failure` (or the command's name) and its
    error output if it fails."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is missing: install the PostgreSQL client tools (postgresql-client).")
    result = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"  # a damaged archive can crash it
        raise BackupError(f"{failure or command[0] + ' failed'}: {detail}")
    return result.stdout


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def backup(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    vendor = connection.vendor
    if vendor == "postgresql":
        dump = directory / f"inserm-portal-{stamp}.pgdump"
        arguments, environment = postgres_arguments()
        database = connection.settings_dict["NAME"]
        options = ["--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)]
        run(["pg_dump", *options, *arguments, "--dbname", database], environment)
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
        "size": dump.stat().st_size,
        "sha256": sha256(dump),
    }
    manifest_path(dump).write_text(json.dumps(manifest, indent=2))
    return dump


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".manifest.json")


def restore(dump: Path) -> dict:
    """Replace the portal's data with the dump's, or raise BackupError with the data untouched."""
    manifest = checked_manifest(dump)
    if manifest["database"] == "postgresql":
        restore_postgresql(dump)
    else:
        restore_serialised(dump, manifest)
    page_cache.invalidate()  # a restore sends no save signals
    return manifest


def checked_manifest(dump: Path) -> dict:
    """The dump's manifest, once it is known to describe this very file."""
    if not dump.is_file():
        raise BackupError(f"No such file: {dump}")
    try:
        manifest = json.loads(manifest_path(dump).read_text())
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or "format" not in manifest:
        raise BackupError(f"{dump} has no readable manifest ({manifest_path(dump).name}): not a portal backup.")
    if manifest["format"] != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest['format']} is not one this version reads ({FORMAT_VERSION}).")
    if missing := MANIFEST_KEYS - manifest.keys():
        raise BackupError(f"{manifest_path(dump).name} lacks {', '.join(sorted(missing))}: not a portal backup.")
    size = dump.stat().st_size
    if size != manifest["size"]:
        raise BackupError(
            f"{dump.name} is {size} bytes, its manifest says {manifest['size']}: "
            "the file is incomplete or not the one the manifest describes."
        )
    if sha256(dump) != manifest["sha256"]:
        raise BackupError(
            f"{dump.name} does not match its manifest's SHA-256 checksum: "
            "the file is damaged or not the one the manifest describes."
        )
    return manifest


def restore_postgresql(dump: Path):
    if connection.vendor != "postgresql":
        raise BackupError("This is a PostgreSQL dump: restore it into PostgreSQL (DATABASE_URL).")
    contents = run(["pg_restore", "--list", str(dump)], {}, failure=f"{dump.name} is not a readable pg_dump archive")
    if "TABLE DATA public django_migrations" not in contents:
        raise BackupError(f"{dump.name} holds no portal data: not a portal backup.")
    arguments, environment = postgres_arguments()
    name = connection.settings_dict["NAME"]
    once = ["--single-transaction", "--no-owner", "--no-privileges"]  # all or nothing

    scratch = f"{name[:40]}_restore_{secrets.token_hex(4)}"
    run(
        ["createdb", *arguments, "--template=template0", scratch],
        environment,
        failure="Could not create a scratch database to check the backup in (the database role needs CREATEDB)",
    )
    try:
        run(
            ["pg_restore", *once, *arguments, "--dbname", scratch, str(dump)],
            environment,
            failure=f"{dump.name} cannot be restored (tried in a scratch database)",
        )
    finally:
        try:
            run(["dropdb", *arguments, "--if-exists", "--force", scratch], environment)
        except BackupError:
            logger.warning("Scratch database %s left behind: drop it", scratch, exc_info=True)

    connection.close()  # the restore drops and recreates tables: hold no lock on them
    run(
        ["pg_restore", "--clean", "--if-exists", *once, *arguments, "--dbname", name, str(dump)],
        environment,
        failure="The restore failed and was rolled back",
    )


def restore_serialised(dump: Path, manifest: dict):
    if manifest["migrations"] != applied_migrations():
        raise BackupError(
            "This backup was made with other migrations than this database's: "
            "restore it with the portal version that made it, then upgrade."
        )
    try:
        with dump.open("rb") as stream:
            count = sum(1 for _ in serializers.deserialize("xml", stream, handle_forward_references=True))
    except Exception as error:  # whatever the parser or a field raises
        raise BackupError(f"{dump.name} cannot be read: {error}") from None
    if not count:
        raise BackupError(f"{dump.name} holds no records: not a portal backup.")
    try:
        with transaction.atomic():
            empty_tables()
            # The dump holds the history as it was: loading links must not add history entries.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(dump), verbosity=0)
    except Exception as error:  # whatever loading raises, the transaction has undone it all
        raise BackupError(f"{dump.name} could not be loaded, the restore was rolled back: {error}") from None


def empty_tables():
    """What `flush` does, inside the caller's transaction (flush commits as it goes), and
    leaving the content types and permissions the dump refers to by natural key."""
    kept = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in kept]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))
