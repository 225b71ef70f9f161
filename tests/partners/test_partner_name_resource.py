"""Partners' other names in spreadsheets (partners/resources.py PartnerNameResource, built on
units/resources.py DatedNameResource): a name is keyed by partner, name and kind, and each
one imported is in its partner's search document as soon as the import is in."""

import datetime as dt
import io

import pytest
import tablib
from import_export.formats.base_formats import CSV

from partners.models import Partner, PartnerName
from partners.resources import PartnerNameResource

from ..factories import PartnerFactory

pytestmark = pytest.mark.django_db

HEADERS = ["partner", "name", "kind", "start", "end"]
DESCARTES = ["universite-paris-cite", "Université Paris Descartes", "former", "1970-01-01", "2019-12-31"]


@pytest.fixture
def university():
    return PartnerFactory(slug="universite-paris-cite", name="Université Paris Cité", city="Paris", is_published=True)


def import_file(*lines, **kwargs):
    return PartnerNameResource().import_data(tablib.Dataset(*lines, headers=HEADERS), **kwargs)


def names():
    return sorted(PartnerName.objects.values_list("partner__slug", "name", "kind", "start", "end"))


def public_list(client, typed) -> list[str]:
    response = client.get("/en/partners/", {"q": typed}, HTTP_ACCEPT_LANGUAGE="en")
    return [partner.name for partner in response.context["object_list"]]


def test_an_imported_former_name_finds_the_partner_in_the_public_list(client, university):
    # A word no record holds is left out of a search ("Paris Descartes" would find it by "Paris").
    assert public_list(client, "Descartes") == []

    result = import_file(DESCARTES)

    assert not result.has_errors() and not result.invalid_rows
    assert names() == [
        ("universite-paris-cite", "Université Paris Descartes", "former", dt.date(1970, 1, 1), dt.date(2019, 12, 31))
    ]
    assert public_list(client, "Descartes") == ["Université Paris Cité"]
    assert public_list(client, "universite paris descartes") == ["Université Paris Cité"]


def test_a_row_naming_a_stored_name_in_another_spelling_updates_it_and_history_tells(university):
    import_file(DESCARTES)
    name = PartnerName.objects.get()

    # Spaces around the name are a spreadsheet's, not the name's: the same name, with a new end.
    result = import_file(["universite-paris-cite", "  Université Paris Descartes ", "former", "1970-01-01", ""])

    assert (result.totals["new"], result.totals["update"]) == (0, 1)
    name.refresh_from_db()
    assert (name.name, name.end) == ("Université Paris Descartes", None)
    assert name.history.count() == 2  # created, then changed by the second file


def test_an_unchanged_row_is_skipped_and_a_name_of_another_kind_is_another_record(university):
    import_file(DESCARTES)

    result = import_file(DESCARTES, ["universite-paris-cite", "Université Paris Descartes", "alias", "", ""])

    assert (result.totals["skip"], result.totals["new"]) == (1, 1)
    assert [kind for _slug, _name, kind, *_dates in names()] == ["alias", "former"]
    assert PartnerName.objects.get(kind="former").history.count() == 1


def test_a_file_naming_one_name_twice_imports_nothing(university):
    result = import_file(DESCARTES, DESCARTES, rollback_on_validation_errors=True)

    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "is already on row 1 of this file" in " ".join(invalid.error_dict["partner"])
    assert names() == []


# --- in the admin ------------------------------------------------------------------------


@pytest.fixture
def editor_client(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word
    return editor_client


def test_an_editor_previews_then_imports_names_in_the_admin(editor_client, university):
    upload = io.BytesIO(tablib.Dataset(DESCARTES, headers=HEADERS).export("csv").encode())
    upload.name = "names.csv"
    preview = editor_client.post("/admin/partners/partnername/import/", {"format": 0, "import_file": upload})
    assert preview.context["result"].totals["new"] == 1
    assert names() == []  # the preview writes nothing

    done = editor_client.post(
        "/admin/partners/partnername/process_import/", preview.context["confirm_form"].initial, follow=True
    )

    assert "Import finished: 1 new, 0 changed, 0 unchanged." in done.text
    assert PartnerName.objects.get().history.get().history_user.username == "editor"
    assert "descartes" in Partner.objects.get(pk=university.pk).other_names


def test_the_admin_exports_names_by_their_partner_s_slug(editor_client, university):
    PartnerName.objects.create(partner=university, name="UPC", kind=PartnerName.Kind.ACRONYM)
    form = editor_client.get("/admin/partners/partnername/export/").context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("partnernameresource_")}

    response = editor_client.post("/admin/partners/partnername/export/", {"format": 0, **selected})

    exported = CSV().create_dataset(response.content.decode("utf-8-sig"))
    assert exported.dict == [
        {"partner": "universite-paris-cite", "name": "UPC", "kind": "acronym", "start": "", "end": ""}
    ]


def test_deleting_names_from_the_admin_list_takes_them_out_of_the_search(admin_client, client, university):
    import_file(DESCARTES)
    name = PartnerName.objects.get()

    admin_client.post(
        "/admin/partners/partnername/", {"action": "delete_selected", "_selected_action": [name.pk], "post": "yes"}
    )

    assert names() == []
    assert Partner.objects.get(pk=university.pk).other_names == ""
    assert public_list(client, "Descartes") == []
