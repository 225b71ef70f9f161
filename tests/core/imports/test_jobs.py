"""Large imports run in the background worker (django-tasks' database backend, its real
`db_worker`): the editor follows their progress, confirms a checked file, then sees the
result; nothing is written unless every row is valid, and pages are made stale once."""

import io
import re

import pytest
import tablib
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.imports import jobs
from core.imports.models import ImportJob
from partners.models import Partner
from units.models import ResearchUnit, Site

from ...factories import PartnerFactory, SiteFactory, UserFactory

HEADERS = ["slug", "name", "kind", "city", "region"]


@pytest.fixture
def editor_client(reference_data, editor_client, settings):
    """Committed data (the worker's transactions are real ones), files of more than five
    rows in the background."""
    settings.IMPORT_BACKGROUND_ROWS = 5
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


def sites_csv(count, **changes):
    rows = [[f"site-{n}", f"Site {n}", "chu", "Lyon", "auvergne-rhone-alpes"] for n in range(count)]
    for number, row in changes.items():
        rows[int(number)] = row
    return tablib.Dataset(*rows, headers=HEADERS).export("csv")


def upload(client, content, name="sites.csv"):
    file = io.BytesIO(content.encode())
    file.name = name
    return client.post("/admin/units/site/import/", {"format": 0, "import_file": file})


def work():
    """What `make run` and `make serve` keep running: the worker, here until the queue is empty."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)


def page_of(client, job):
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_large_file_is_checked_then_imported_in_the_background_with_its_progress_shown(
    editor_client, editor, monkeypatch
):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 4)
    SiteFactory(slug="site-0", name="Old name", kind="chu", city="Lyon", region="auvergne-rhone-alpes")

    response = upload(editor_client, sites_csv(12))

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    waiting = page_of(editor_client, job)
    assert "Waiting for the background worker" in waiting
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', waiting)

    with CaptureQueriesContext(connection) as queries:
        work()
    progress = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "imports_importjob" SET "rows_done"')]
    assert len(progress) == 3  # rows 4, 8 and 12 of 12, each committed as the check went

    job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total) == ("checked", 12, 12)
    checked = page_of(editor_client, job)
    assert "Every row is valid. Importing this file makes 11 new records and changes 1 (0 unchanged)." in checked
    assert 'name="confirm"' in checked and "http-equiv" not in checked
    assert Site.objects.count() == 1  # the check writes nothing

    assert editor_client.post(job.get_absolute_url(), {"confirm": "1"}).status_code == 302
    assert "Waiting for the background worker" in page_of(editor_client, job)
    work()

    done = page_of(editor_client, job)
    assert "Import finished: 11 new, 1 changed, 0 unchanged." in done
    assert Site.objects.count() == 12
    changed = Site.objects.get(slug="site-0")
    assert (changed.name, changed.name_key, changed.version) == ("Site 0", "site 0", 2)  # folded, version bumped
    assert changed.history.count() == 2
    assert Site.objects.get(slug="site-11").history.get().history_user == editor
    job.refresh_from_db()
    assert job.state == "done" and job.data == b""  # the file is not kept


def test_the_progress_page_shows_rows_done_and_reloads_itself(editor_client, editor):
    job = ImportJob.objects.create(
        user=editor,
        model="units.site",
        resource="units.resources.SiteResource",
        file_format="csv",
        file_name="sites.csv",
        state=ImportJob.State.CHECKING,
        rows_total=1200,
        rows_done=500,
    )
    page = page_of(editor_client, job)
    assert "Checking: 500 of 1,200 rows." in page
    assert '<progress value="500" max="1200">' in page
    assert '<meta http-equiv="refresh"' in page
    assert "<script>" not in page  # nothing for the Content-Security-Policy to block


def test_a_bad_row_in_a_large_file_imports_nothing_and_is_listed(editor_client):
    bad = ["site-7", "Site 7", "castle", "Lyon", "auvergne-rhone-alpes"]

    upload(editor_client, sites_csv(12, **{"7": bad}))
    work()

    job = ImportJob.objects.get()
    assert job.state == "refused"
    page = page_of(editor_client, job)
    assert re.search(r"<td>8</td><td>kind</td><td>[^<]*castle", page)  # row 8 of the file
    assert "1 error" in page or "One error" in page
    assert 'name="confirm"' not in page
    assert Site.objects.count() == 0


def units_csv(count, site):
    headers = ["code", "name", "structure_type", "site", "director_name", "is_published", "mandates"]
    rows = [
        [f"U{1500 + n}", f"Unité {n}", "research_unit", site, "Jeanne Martin", "yes", "2025-01-01/2028-12-31"]
        for n in range(count)
    ]
    return tablib.Dataset(*rows, headers=headers).export("csv")


def test_data_that_went_bad_after_the_check_imports_nothing(editor_client):
    SiteFactory(slug="hcl")
    file = io.BytesIO(units_csv(12, "hcl").encode())
    file.name = "units.csv"
    editor_client.post("/admin/units/researchunit/import/", {"format": 0, "import_file": file})
    work()
    job = ImportJob.objects.get()
    assert job.state == "checked"
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})
    Site.objects.filter(slug="hcl").update(slug="hcl-renamed")  # meanwhile, a colleague...

    work()

    job.refresh_from_db()
    assert job.state == "refused"
    page = page_of(editor_client, job)
    assert "No site has the slug “hcl”." in page
    assert not ResearchUnit.objects.exists()


def test_pages_are_made_stale_once_per_import_not_once_per_row(editor_client, monkeypatch):
    calls = []
    original = page_cache.invalidate
    monkeypatch.setattr(page_cache, "invalidate", lambda **kwargs: (calls.append(1), original())[1])
    upload(editor_client, sites_csv(30))
    work()
    job = ImportJob.objects.get()
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})
    calls.clear()

    work()

    assert Site.objects.count() == 30
    assert 1 <= len(calls) <= 3  # at the end of the batch and after the commit, not once per row (30)


def test_only_the_editor_who_uploaded_a_file_sees_its_job(editor_client, client):
    upload(editor_client, sites_csv(12))
    job = ImportJob.objects.get()
    other = UserFactory(username="other-editor", group="Editors")
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(job.get_absolute_url(), {"confirm": "1"}).status_code == 404


def test_a_small_file_is_still_previewed_at_once(editor_client):
    response = upload(editor_client, sites_csv(5))
    assert response.status_code == 200 and response.context["result"].totals["new"] == 5
    assert not ImportJob.objects.exists()


def test_partners_are_written_in_bulk_with_their_history_and_links_to_rows_further_down(editor_client, editor):
    headers = ["slug", "name", "category", "kind", "country", "parent"]
    rows = [[f"p-{n}", f"Partenaire {n}", "higher-education", "university", "FR", ""] for n in range(10)]
    rows[0][5] = "p-9"  # a parent further down the file
    rows[5][5] = "p-1"  # and one further up
    file = io.BytesIO(tablib.Dataset(*rows, headers=headers).export("csv").encode())
    file.name = "partners.csv"
    editor_client.post("/admin/partners/partner/import/", {"format": 0, "import_file": file})
    work()
    job = ImportJob.objects.get()
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})

    with CaptureQueriesContext(connection) as queries:
        work()
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "partners_partner"')]

    assert len(inserts) == 1  # ten rows, one statement
    assert "Import finished: 10 new, 0 changed, 0 unchanged." in page_of(editor_client, job)
    partners = {partner.slug: partner for partner in Partner.objects.select_related("parent")}
    assert partners["p-0"].parent.slug == "p-9" and partners["p-5"].parent.slug == "p-1"
    assert partners["p-3"].name_key == "partenaire 3"  # folded for search, as save() does
    assert {record.history_user for record in Partner.history.all()} == {editor}


def test_units_are_written_with_their_terms(editor_client, editor):
    SiteFactory(slug="hcl")
    file = io.BytesIO(units_csv(8, "hcl").encode())
    file.name = "units.csv"
    editor_client.post("/admin/units/researchunit/import/", {"format": 0, "import_file": file})
    work()
    job = ImportJob.objects.get()
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})
    work()

    assert "Import finished: 8 new, 0 changed, 0 unchanged." in page_of(editor_client, job)
    unit = ResearchUnit.objects.get(code="U1503")
    assert [(term.start.isoformat(), term.end.isoformat()) for term in unit.mandates.all()] == [
        ("2025-01-01", "2028-12-31")
    ]
    assert unit.history.get().history_user == editor


def test_a_row_that_fails_as_it_is_written_rolls_the_whole_import_back(editor_client):
    headers = ["slug", "name", "category", "kind", "country", "parent"]
    rows = [[f"p-{n}", f"Partenaire {n}", "higher-education", "university", "FR", ""] for n in range(10)]
    rows[0][5], rows[1][5] = "p-1", "p-0"  # each the other's parent: seen only once both are written
    file = io.BytesIO(tablib.Dataset(*rows, headers=headers).export("csv").encode())
    file.name = "partners.csv"
    editor_client.post("/admin/partners/partner/import/", {"format": 0, "import_file": file})
    work()
    job = ImportJob.objects.get()
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})

    work()

    job.refresh_from_db()
    assert job.state == "failed"
    page = page_of(editor_client, job)
    assert "Nothing was imported: these rows failed when they were written" in page
    assert "Row 2, column parent: A partner cannot be its own parent, even indirectly." in page
    assert not Partner.objects.filter(slug__startswith="p-").exists()


def test_a_checked_file_can_be_cancelled_and_is_not_kept(editor_client):
    upload(editor_client, sites_csv(12))
    work()
    job = ImportJob.objects.get()

    response = editor_client.post(job.get_absolute_url(), {"cancel": "1"}, follow=True)

    assert "Import cancelled: nothing was imported." in response.content.decode()
    job.refresh_from_db()
    assert (job.state, job.data) == ("cancelled", b"")
    assert editor_client.post(job.get_absolute_url(), {"confirm": "1"}).status_code == 302
    work()
    assert Site.objects.count() == 0  # a cancelled file cannot be confirmed afterwards


def check_then_confirm(client, content):
    """A large file checked by the worker, then confirmed by the editor (not yet imported)."""
    upload(client, content)
    work()
    job = ImportJob.objects.get()
    assert job.state == "checked"
    client.post(job.get_absolute_url(), {"confirm": "1"})
    return job


def saved_by_a_colleague(record, **values):
    """A save through the admin: the edit, whose save moves the version on (core/concurrency.py)."""
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


MOVED = "Nothing was imported: the records listed below changed since the check: upload the file again."


def test_a_record_saved_after_the_check_fails_the_import_and_keeps_the_save(editor_client):
    SiteFactory(slug="site-0", name="Old name", kind="chu", city="Lyon", region="auvergne-rhone-alpes")
    edited = SiteFactory(slug="site-3", name="Old name 3", kind="chu", city="Lyon", region="auvergne-rhone-alpes")
    upload(editor_client, sites_csv(12))
    work()
    job = ImportJob.objects.get()
    assert job.state == "checked"
    saved_by_a_colleague(edited, name="Saved by a colleague")  # after the check, before the confirmation
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})

    work()

    job.refresh_from_db()
    assert job.state == "failed"
    page = page_of(editor_client, job)
    assert MOVED in page
    assert "<tr><td>4</td><td></td><td>site-3 changed since the check.</td></tr>" in page
    assert "site-0 changed" not in page
    edited.refresh_from_db()
    assert (edited.name, edited.version) == ("Saved by a colleague", 2)  # the colleague's save is kept
    assert Site.objects.get(slug="site-0").name == "Old name"  # no row of the file written
    assert Site.objects.count() == 2


def test_a_record_deleted_after_the_check_fails_the_import(editor_client):
    SiteFactory(slug="site-0", name="Old name", kind="chu", city="Lyon", region="auvergne-rhone-alpes")
    job = check_then_confirm(editor_client, sites_csv(12))
    Site.objects.get(slug="site-0").delete()

    work()

    job.refresh_from_db()
    assert job.state == "failed"
    page = page_of(editor_client, job)
    assert MOVED in page and "<td>site-0 changed since the check.</td>" in page
    assert not Site.objects.exists()


def test_a_record_created_after_the_check_with_a_key_of_the_file_fails_the_import(editor_client):
    job = check_then_confirm(editor_client, sites_csv(12))
    SiteFactory(slug="site-5", name="Created meanwhile")

    work()

    job.refresh_from_db()
    assert job.state == "failed"
    assert "<tr><td>6</td><td></td><td>site-5 changed since the check.</td></tr>" in page_of(editor_client, job)
    assert list(Site.objects.values_list("name", flat=True)) == ["Created meanwhile"]


def test_a_partner_saved_while_the_confirmed_file_is_checked_again_is_not_overwritten(editor_client, monkeypatch):
    """The window of the bug: the worker reads every record and checks every row with no
    lock (tens of seconds for 50,000 rows), then writes; a save made meanwhile was lost."""
    partner = PartnerFactory(slug="p-2", name="Old name")
    headers = ["slug", "name", "category", "kind", "country", "parent"]
    rows = [[f"p-{n}", f"Partenaire {n}", "higher-education", "university", "FR", ""] for n in range(10)]
    file = io.BytesIO(tablib.Dataset(*rows, headers=headers).export("csv").encode())
    file.name = "partners.csv"
    editor_client.post("/admin/partners/partner/import/", {"format": 0, "import_file": file})
    work()
    job = ImportJob.objects.get()
    editor_client.post(job.get_absolute_url(), {"confirm": "1"})
    report = jobs.report

    def save_during_the_last_row(job, done):
        report(job, done)
        if job.confirmed and done == len(rows):
            saved_by_a_colleague(Partner.objects.get(slug="p-2"), name="Saved by a colleague")

    monkeypatch.setattr(jobs, "report", save_during_the_last_row)

    work()

    job.refresh_from_db()
    assert job.state == "failed"
    page = page_of(editor_client, job)
    assert MOVED in page and "<tr><td>3</td><td></td><td>p-2 changed since the check.</td></tr>" in page
    partner.refresh_from_db()
    assert (partner.name, partner.version) == ("Saved by a colleague", 2)
    assert Partner.objects.filter(slug__startswith="p-").count() == 1
