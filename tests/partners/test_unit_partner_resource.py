"""Units' partners in spreadsheets (partners/resources.py UnitPartnerResource): a relation
is named by unit (code, any spelling), partner, role and start; its periods are checked
(UnitPartner.clean) against the stored ones as the whole file leaves them."""

import datetime as dt

import pytest
import tablib
from import_export.formats.base_formats import CSV

from partners.models import UnitPartner
from partners.resources import UnitPartnerResource

from ..factories import PartnerFactory, ResearchUnitFactory, UnitPartnerFactory

pytestmark = pytest.mark.django_db

HEADERS = ["unit", "partner", "role", "start", "end"]


@pytest.fixture
def supervision():
    """Lyon 1 supervising UMR-S 1052 since 2020, with no end."""
    unit = ResearchUnitFactory(code="UMR-S 1052")
    partner = PartnerFactory(slug="lyon-1")
    return UnitPartnerFactory(unit=unit, partner=partner, start=dt.date(2020, 1, 1))


def periods():
    return sorted(UnitPartner.objects.values_list("unit__code", "partner__slug", "role", "start", "end"))


def import_file(*lines, **kwargs):
    return UnitPartnerResource().import_data(tablib.Dataset(*lines, headers=HEADERS), **kwargs)


NEXT_PERIOD = [
    ["UMR-S 1052", "lyon-1", "supervisor", "2024-01-01", ""],  # new
    ["UMR-S 1052", "lyon-1", "supervisor", "2020-01-01", "2023-12-31"],  # the stored period, ended
]


@pytest.mark.parametrize("order", [1, -1], ids=["new period first", "ended period first"])
def test_a_file_may_end_a_period_and_start_the_next_in_either_order(supervision, order):
    result = import_file(*NEXT_PERIOD[::order], rollback_on_validation_errors=True)

    assert not result.has_errors() and not result.invalid_rows, [row.error_dict for row in result.invalid_rows]
    assert (result.totals["new"], result.totals["update"]) == (1, 1)
    assert periods() == [
        ("UMR-S 1052", "lyon-1", "supervisor", dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        ("UMR-S 1052", "lyon-1", "supervisor", dt.date(2024, 1, 1), None),
    ]
    supervision.refresh_from_db()
    assert supervision.history.count() == 2  # created, then ended by the import


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirmation"])
def test_two_rows_over_the_same_days_are_both_refused_and_nothing_is_written(supervision, dry_run):
    result = import_file(
        ["UMR-S 1052", "lyon-1", "host", "2021-01-01", "2022-12-31"],
        ["UMR-S 1052", "lyon-1", "host", "2022-06-01", ""],
        dry_run=dry_run,
        rollback_on_validation_errors=True,
    )

    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(1, ["start"]), (2, ["start"])]
    assert "two periods of one relation cannot overlap" in result.invalid_rows[1].error_dict["start"][0]
    assert len(periods()) == 1


def test_an_export_with_codes_and_dates_spelled_otherwise_changes_nothing(supervision):
    dataset = UnitPartnerResource().export(UnitPartner.objects.all())
    assert dataset.dict == [
        {"unit": "UMR-S 1052", "partner": "lyon-1", "role": "supervisor", "start": "2020-01-01", "end": ""}
    ]
    respelled = tablib.Dataset(["umr_s1052", "lyon-1", "supervisor", "01/01/2020", ""], headers=HEADERS)

    result = UnitPartnerResource().import_data(respelled)

    assert (result.totals["skip"], result.totals["new"], result.totals["update"]) == (1, 0, 0)
    assert supervision.history.count() == 1


def test_a_file_without_the_start_column_is_refused_as_a_whole(supervision):
    dataset = tablib.Dataset(["UMR-S 1052", "lyon-1", "supervisor"], headers=["unit", "partner", "role"])
    result = UnitPartnerResource().import_data(dataset)
    assert "the key column start is missing" in str(result.base_errors[0].error)


# --- through the admin -------------------------------------------------------------------------


@pytest.fixture
def editor_client(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word
    return editor_client


def upload(client, content):
    from io import BytesIO  # noqa: PLC0415

    upload = BytesIO(content.encode("utf-8"))
    upload.name = "partners-of-units.csv"
    return client.post("/admin/partners/unitpartner/import/", {"format": 0, "import_file": upload})


def test_the_admin_previews_a_file_of_units_partners_then_imports_it(editor_client, supervision):
    content = tablib.Dataset(*NEXT_PERIOD, headers=HEADERS).export("csv")
    preview = upload(editor_client, content)
    assert preview.context["result"].totals["new"] == 1
    assert len(periods()) == 1  # the preview writes nothing

    done = editor_client.post(
        "/admin/partners/unitpartner/process_import/", preview.context["confirm_form"].initial, follow=True
    )

    assert "Import finished: 1 new, 1 changed, 0 unchanged." in done.content.decode()
    new = UnitPartner.objects.get(start=dt.date(2024, 1, 1))
    assert new.history.first().history_user.username == "editor"


def test_the_admin_preview_names_a_bad_rows_column_and_reason(editor_client, supervision):
    content = tablib.Dataset(
        *NEXT_PERIOD, ["UMR-S 1052", "lyon-1", "host", "2030-01-01", "2029-12-31"], headers=HEADERS
    ).export("csv")
    preview = upload(editor_client, content)
    page = preview.content.decode()
    assert "confirm_form" not in preview.context
    [invalid] = preview.context["result"].invalid_rows
    assert (invalid.number, list(invalid.error_dict)) == (3, ["end"])
    assert "A relation cannot end before it starts." in page
    assert len(periods()) == 1


def test_the_admin_exports_units_partners(editor_client, supervision):
    url = "/admin/partners/unitpartner/export/"
    form = editor_client.get(url).context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("unitpartnerresource_")}
    response = editor_client.post(url, {"format": 0, **selected})
    dataset = CSV().create_dataset(response.content.decode("utf-8-sig"))
    assert dataset.headers == HEADERS
    assert list(dataset[0]) == ["UMR-S 1052", "lyon-1", "supervisor", "2020-01-01", ""]
