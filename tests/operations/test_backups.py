"""Backup, wipe, restore gives back every row of every portal table, identical
(pg_dump and pg_restore on PostgreSQL, Django's serialisation on SQLite); a backup that is
truncated, damaged, not the one its manifest describes or not a portal backup at all is
refused with a message, and every row stays exactly as it was."""

import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from core import page_cache
from operations.backups import manifest_path, sha256
from partners.models import Agreement
from units.models import ResearchUnit

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only

POSTGRESQL = connection.vendor == "postgresql"
PORTAL_TABLES = ("units_", "partners_", "workspace_", "auth_user", "auth_group")
# Permission ids are Django's to choose when it rebuilds them: compared by natural key.
BY_NATURAL_KEY = {"auth_group_permissions"}


def every_row() -> dict[str, list]:
    tables = sorted(
        t for t in connection.introspection.table_names() if t.startswith(PORTAL_TABLES) and t not in BY_NATURAL_KEY
    )
    # The ids of many-to-many link rows are the database's to choose: compared without them.
    links = {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    rows = {
        "roles": sorted(
            Group.objects.values_list("name", "permissions__content_type__app_label", "permissions__codename")
        )
    }
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            fetched = cursor.fetchall()
            rows[table] = sorted((row[1:] if table in links else row for row in fetched), key=repr)
    return rows


def make_portal():
    unit = MandateFactory(unit__code="U1", unit__internal_notes="Note « interne »").unit
    partner = PartnerFactory(parent=PartnerFactory())
    agreement = AgreementFactory(partners=[partner], amount_eur=1234.5, stage=Agreement.Stage.DRAFT, signed_on=None)
    agreement.units.add(unit)
    UserFactory(username="editor", group="Editors")
    return unit, agreement


def backup_into(directory):
    call_command("backup", output=directory)
    [dump] = [path for path in directory.iterdir() if not path.name.endswith(".manifest.json")]
    return dump


@pytest.fixture
def dump(reference_data, tmp_path):
    """A backup of a small portal whose data changed afterwards: a restore that went
    through, even in part, shows in the rows."""
    unit, agreement = make_portal()
    dump = backup_into(tmp_path / "backup")
    ResearchUnit.objects.filter(pk=unit.pk).update(name="Renamed after the backup")
    MandateFactory(unit__code="U2")
    agreement.delete()
    return dump


def truncate(path, at: float = 0.5):
    """The file cut at a fraction of its length."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * at)])


def corrupt(path, at: float = 0.5):
    """Sixteen bytes flipped at a fraction of the file: the same size, other content."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    data[start : start + 16] = bytes(byte ^ 0xFF for byte in data[start : start + 16])
    path.write_bytes(bytes(data))


def in_data(path) -> float:
    """The middle of the dump's data, as a fraction of the file. A pg_dump archive begins
    with its table of contents (most of a small archive), read by `pg_restore --list`; its
    data blocks come last, each a zlib stream (0x78 0x9c), read only by a restore. An XML
    dump is all data."""
    data = path.read_bytes()
    start = data.find(b"\x78\x9c") if POSTGRESQL else 0
    assert start > 0 or not POSTGRESQL
    return (start + len(data)) / 2 / len(data)


def sign(path, **changes):
    """Make the manifest describe the file as it now is (as if the damage came before the
    manifest was written), so that reading the dump is what must refuse it."""
    manifest = json.loads(manifest_path(path).read_text())
    manifest.update(size=path.stat().st_size, sha256=sha256(path), **changes)
    manifest_path(path).write_text(json.dumps(manifest))


def scratch_databases() -> list[str]:
    if not POSTGRESQL:
        return []
    with connection.cursor() as cursor:
        scratch = connection.settings_dict["NAME"][:40] + "_restore_"  # see operations/backups.py
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [scratch])
        return [name for (name,) in cursor.fetchall()]


def assert_refused(dump, message: str):
    """restore refuses the dump with `message`, and every row is as it was."""
    before = every_row()
    assert before["units_researchunit"]
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("restore", str(dump), yes=True)
    assert str(refusal.value).endswith("Nothing was changed.")
    assert every_row() == before
    assert scratch_databases() == []


def test_backup_wipe_restore_gives_back_every_row(reference_data, tmp_path):
    make_portal()
    before = every_row()
    assert before["units_researchunit"] and before["partners_historicalagreement"]

    dump = backup_into(tmp_path)
    call_command("flush", interactive=False, verbosity=0)
    assert every_row()["units_researchunit"] == []

    call_command("restore", str(dump), yes=True)

    assert every_row() == before


def test_backup_records_the_size_and_checksum_of_its_dump(reference_data, tmp_path):
    dump = backup_into(tmp_path)
    manifest = json.loads(manifest_path(dump).read_text())
    assert manifest["format"] == 2
    assert manifest["size"] == dump.stat().st_size
    assert manifest["sha256"] == sha256(dump)
    assert re.fullmatch("[0-9a-f]{64}", manifest["sha256"])


def test_a_valid_backup_replaces_changed_data_identically_and_refreshes_cached_pages(reference_data, tmp_path):
    unit, agreement = make_portal()
    before = every_row()
    dump = backup_into(tmp_path)
    ResearchUnit.objects.filter(pk=unit.pk).update(name="Renamed after the backup")
    MandateFactory(unit__code="U2")
    agreement.delete()
    assert every_row() != before
    generation = page_cache.generation()

    call_command("restore", str(dump), yes=True)

    assert every_row() == before
    assert page_cache.generation() != generation
    # Ids go on from the restored ones (sequences restored or reset with the rows).
    assert MandateFactory(unit__code="U3").unit.pk > unit.pk


def test_a_truncated_backup_is_refused_and_changes_nothing(dump):
    truncate(dump)
    assert_refused(dump, "is incomplete or not the one the manifest describes")


def test_a_corrupted_backup_of_the_same_size_is_refused_and_changes_nothing(dump):
    size = dump.stat().st_size
    corrupt(dump)
    assert dump.stat().st_size == size
    assert_refused(dump, "does not match its manifest's SHA-256 checksum")


def test_a_backup_that_is_not_the_one_its_manifest_describes_is_refused_and_changes_nothing(dump, tmp_path):
    kept = dump.read_bytes()
    # Another backup, of the data as they are now, beside the first one's manifest.
    dump.write_bytes(backup_into(tmp_path / "other").read_bytes())
    assert_refused(dump, "not the one the manifest describes")
    # The same bytes in another order: the same size, so the checksum must tell.
    dump.write_bytes(kept[len(kept) // 2 :] + kept[: len(kept) // 2])
    assert_refused(dump, "does not match its manifest's SHA-256 checksum: .* not the one the manifest describes")


@pytest.mark.parametrize(
    ("damage", "refusal"),
    [
        (lambda dump: truncate(dump, at=0.2), "is not a readable pg_dump archive"),
        (lambda dump: corrupt(dump, at=0), "is not a readable pg_dump archive"),
        (lambda dump: truncate(dump, at=in_data(dump)), "cannot be restored \\(tried in a scratch database\\)"),
        (lambda dump: corrupt(dump, at=in_data(dump)), "cannot be restored \\(tried in a scratch database\\)"),
    ],
    # (A pg_dump archive's table of contents corrupted elsewhere than in its header may well
    # restore without an error: the checksum is what refuses it, tests above.)
    ids=["truncated-in-contents", "corrupted-header", "truncated-in-data", "corrupted-in-data"],
)
def test_a_damaged_backup_whose_manifest_matches_it_is_refused_when_read_and_changes_nothing(dump, damage, refusal):
    damage(dump)
    sign(dump)
    assert_refused(dump, refusal if POSTGRESQL else "cannot be read: ")


def test_a_backup_without_a_readable_manifest_of_this_format_is_refused_and_changes_nothing(dump):
    manifest = manifest_path(dump)
    kept = manifest.read_text()
    manifest.write_text(kept[:20])
    assert_refused(dump, "has no readable manifest .*: not a portal backup")
    manifest.write_text(json.dumps({**json.loads(kept), "format": 1}))
    assert_refused(dump, "Backup format 1 is not one this version reads \\(2\\)")
    manifest.unlink()
    assert_refused(dump, "has no readable manifest .*: not a portal backup")


def test_restore_refuses_a_file_that_is_not_a_portal_backup(dump, tmp_path):
    stray = tmp_path / "notes.json"
    stray.write_text("[]")
    assert_refused(stray, "not a portal backup")
    assert_refused(tmp_path / "missing.pgdump", "No such file")
    # Even with a manifest that describes it, copied from a real backup.
    manifest_path(stray).write_text(manifest_path(dump).read_text())
    sign(stray)
    assert_refused(stray, "is not a readable pg_dump archive" if POSTGRESQL else "cannot be read: ")


@pytest.mark.skipif(POSTGRESQL, reason="the serialised restore (SQLite and any database but PostgreSQL)")
def test_a_backup_that_fails_while_loading_is_rolled_back_entirely(dump):
    # It reads to the end, but its unit names a site that is nowhere: the database
    # refuses it at the end of the load, after every table was emptied and refilled.
    xml = dump.read_text()
    dangling = re.sub(
        r'(<object model="units.researchunit".*?<field name="site" rel="ManyToOneRel" to="units.site">)\d+',
        r"\g<1>999999",
        xml,
        count=1,
        flags=re.DOTALL,
    )
    assert dangling != xml
    dump.write_text(dangling)
    sign(dump)
    assert_refused(dump, "(?s)could not be loaded, the restore was rolled back: .*999999")


@pytest.mark.skipif(not POSTGRESQL, reason="pg_restore into the live database")
def test_a_restore_that_fails_in_the_live_database_is_rolled_back_entirely(dump):
    # The backup is sound (the scratch database takes it), but the live database holds a
    # view on a table the restore must drop: pg_restore fails midway, after other drops.
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIEW unit_names AS SELECT name FROM units_researchunit")
    try:
        assert_refused(dump, "(?s)The restore failed and was rolled back: .*unit_names")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP VIEW unit_names")
