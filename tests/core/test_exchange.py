"""Spreadsheet import and export in the admin: natural keys, round trips in every format,
all-or-nothing imports with an error per row and column."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import tablib
from import_export.formats.base_formats import CSV, JSON, XLSX

from partners.models import Agreement, Partner, PartnerName, UnitPartner
from partners.resources import AgreementResource, PartnerNameResource, PartnerResource, UnitPartnerResource
from units.models import Mandate, ResearchUnit, Site, Succession, UnitName
from units.resources import ResearchUnitResource, SiteResource, SuccessionResource, UnitNameResource

from ..factories import (
    AgreementFactory,
    MandateFactory,
    PartnerFactory,
    ResearchUnitFactory,
    SiteFactory,
    UnitPartnerFactory,
    category,
)

FORMATS = [CSV, XLSX, JSON]
# In the order imports need them (each file names records of the files before it), with
# their part of snapshot().
RESOURCES = {
    PartnerResource: "partners",
    SiteResource: "sites",
    ResearchUnitResource: "units",
    AgreementResource: "agreements",
    UnitPartnerResource: "unit_partners",
    SuccessionResource: "successions",
    PartnerNameResource: "partner_names",
    UnitNameResource: "unit_names",
}
HISTORY_KEPT = (Site, ResearchUnit, Mandate, Partner, Agreement, UnitPartner, Succession, PartnerName, UnitName)


@pytest.fixture
def records(db):
    """A little of everything an export must carry: accents, commas, quotes, text that
    looks like a formula, empty and full optional fields, one and two terms, links to
    records further down the file (parent, predecessor), a site's institution, units'
    partners (two periods of one relation, one open), successions (a merger of two
    units, a closure) and other names (a partner's former name, dated, and a unit's
    acronym, undated), which the records' search documents hold."""
    lyon = SiteFactory(
        slug="hcl", name="Hospices civils, Lyon", latitude=Decimal("45.74200"), longitude=Decimal("4.883")
    )
    nord = SiteFactory(slug="campus-nord", name="Campus « Nord »", kind=Site.Kind.CAMPUS, region="hauts-de-france")
    # The successor is created first, so it comes first in the file (ordered by id).
    successor = ResearchUnitFactory(code="U1300", site=lyon, acronym="SUCC", rnsr_number="202301300A")
    old = ResearchUnitFactory(
        code="UMR-S 1100",
        structure_type=ResearchUnit.StructureType.MIXED_UNIT,
        name='Laboratoire "Genèse", immunologie',
        site=lyon,
        director_is_puph=True,
        hospital_staff_count=12,
        themes="=1+1, immunologie",
        hceres_wave="B",
        is_published=False,
        internal_notes="Note interne\nsur deux lignes",
    )
    MandateFactory(unit=old, number=1, start=dt.date(2015, 1, 1), end=dt.date(2018, 12, 31))
    MandateFactory(unit=old, number=2, start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    MandateFactory(unit=successor, number=1, start=dt.date(2023, 1, 1))
    merged = ResearchUnitFactory(code="U1200", site=nord)
    MandateFactory(unit=merged, number=1, start=dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))
    closed = ResearchUnitFactory(code="U1250", site=nord)
    MandateFactory(unit=closed, number=1, start=dt.date(2016, 1, 1), end=dt.date(2019, 12, 31))
    for predecessor in (old, merged):
        Succession.objects.create(predecessor=predecessor, successor=successor, kind="merger", on=dt.date(2023, 1, 1))
    Succession.objects.create(predecessor=closed, kind="closure", on=dt.date(2019, 12, 31))
    child = PartnerFactory(slug="faculte", name="Faculté de médecine", city="Lille", region="hauts-de-france")
    parent = PartnerFactory(
        slug="universite-lille",
        name="Université de Lille",
        acronym="ULille",
        ror_id="02kzqn938",
        website="https://www.univ-lille.fr/",
        description="-2 campus",
    )
    child.parent = parent
    child.save()
    nord.institution = parent
    nord.save()
    UnitPartnerFactory(unit=old, partner=parent, start=dt.date(2015, 1, 1), end=dt.date(2022, 12, 31))
    UnitPartnerFactory(unit=successor, partner=parent, start=dt.date(2023, 1, 1))
    UnitPartnerFactory(unit=successor, partner=child, role="host", start=dt.date(2023, 1, 1))
    network = PartnerFactory(
        slug="science-europe",
        name="Science Europe",
        category=category("european-networks"),
        kind=Partner.Kind.NETWORK,
        country="BE",
        founded_on=dt.date(2011, 10, 1),
        inserm_role="Vice-présidence pour les RPO",
        is_published=False,
    )
    abroad = PartnerFactory(
        slug="karolinska",
        name="Karolinska Institutet",
        category=category("european-networks"),
        kind=Partner.Kind.RESEARCH_BODY,
        country="SE",
        network=network,
        network_role=Partner.NetworkRole.RPO,
        is_published=False,
    )
    AgreementFactory(
        reference="CONV-2024-001",
        partners=[parent, abroad],
        stage=Agreement.Stage.TERMINATED,
        end=dt.date(2025, 6, 30),
        terminated_on=dt.date(2025, 3, 31),
        amount_eur=Decimal("125000.50"),
        objectives="Axe 1 ; axe 2",
    ).units.set([old, successor])
    AgreementFactory(
        reference="DRAFT-1", partners=[child], stage=Agreement.Stage.DRAFT, signed_on=None, is_public=False
    )
    for start, end in ((dt.date(2015, 1, 1), dt.date(2016, 12, 31)), (dt.date(2018, 1, 1), dt.date(2022, 12, 31))):
        UnitPartnerFactory(unit=old, partner=abroad, role="associate", start=start, end=end)
    PartnerName.objects.create(
        partner=parent, name="Université Lille 2 – Droit et santé", start=dt.date(1969, 1, 1), end=dt.date(2017, 12, 31)
    )
    UnitName.objects.create(unit=successor, name="CRI-Lyon", kind=UnitName.Kind.ACRONYM)


def snapshot():
    """Every field of every exchanged record, keyed and linked by natural keys."""

    def own_fields(record, *skip):
        skip = {"id", "version", "created_at", "updated_at", "code_key", *skip}
        values = {}
        for field in record._meta.concrete_fields:
            if field.name in skip:
                continue
            value = getattr(record, field.name)
            values[field.name] = getattr(value, "pk", value) if not field.is_relation else None
        return values

    return {
        "sites": {
            site.slug: {**own_fields(site), "institution": site.institution.slug if site.institution else None}
            for site in Site.objects.select_related("institution")
        },
        "units": {
            unit.code: {
                **own_fields(unit),
                "site": unit.site.slug,
                "terms": [(m.number, m.start, m.end) for m in unit.mandates.order_by("number")],
            }
            for unit in ResearchUnit.objects.select_related("site")
        },
        "partners": {
            partner.slug: {
                **own_fields(partner),
                "country": str(partner.country),
                "category": partner.category.slug,
                "parent": partner.parent.slug if partner.parent else None,
            }
            for partner in Partner.objects.select_related("category", "parent")
        },
        "agreements": {
            agreement.reference: {
                **own_fields(agreement),
                "partners": sorted(agreement.partners.values_list("slug", flat=True)),
                "units": sorted(agreement.units.values_list("code", flat=True)),
            }
            for agreement in Agreement.objects.all()
        },
        "unit_partners": {
            (relation.unit.code, relation.partner.slug, relation.role, relation.start): relation.end
            for relation in UnitPartner.objects.select_related("unit", "partner")
        },
        "successions": {
            (row.predecessor.code, row.successor.code if row.successor else None): (row.kind, row.on)
            for row in Succession.objects.select_related("predecessor", "successor")
        },
        # Their records' search documents (other_names and its folded copies) are among the fields above.
        "partner_names": {
            (name.partner.slug, name.name, name.kind): (name.start, name.end)
            for name in PartnerName.objects.select_related("partner")
        },
        "unit_names": {
            (name.unit.code, name.name, name.kind): (name.start, name.end)
            for name in UnitName.objects.select_related("unit")
        },
    }


def export_file(resource_class, file_format):
    dataset = resource_class().export(resource_class._meta.model.objects.order_by("pk"))
    return file_format().export_data(dataset)


def read_file(content, file_format):
    return file_format().create_dataset(content)


def wipe():
    PartnerName.objects.all().delete()
    UnitName.objects.all().delete()
    Agreement.objects.all().delete()
    UnitPartner.objects.all().delete()
    Succession.objects.all().delete()
    Mandate.objects.all().delete()
    ResearchUnit.objects.all().delete()
    Site.objects.all().delete()  # before the partners, their institutions
    Partner.objects.update(parent=None, network=None, network_role="")
    Partner.objects.all().delete()


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.__name__)
def test_export_wipe_import_gives_back_every_field(records, file_format):
    before = snapshot()
    files = {resource: export_file(resource, file_format) for resource in RESOURCES}
    wipe()
    assert all(records == {} for records in snapshot().values())
    assert all(before[part] for part in RESOURCES.values())  # the fixture has some of each
    assert "droit et sante" in before["partners"]["universite-lille"]["other_names"]  # folded, searched
    assert "cri" in before["units"]["U1300"]["other_names"]

    for resource in RESOURCES:
        result = resource().import_data(read_file(files[resource], file_format))
        assert not result.has_errors() and not result.has_validation_errors(), resource
        assert result.totals["new"] == len(before[RESOURCES[resource]])

    assert snapshot() == before


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.__name__)
def test_importing_an_unchanged_export_changes_nothing(records, file_format):
    before = snapshot()
    versions = {model: sorted(model.objects.values_list("version", flat=True)) for model in (Site, Partner)}
    history = {model: model.history.count() for model in HISTORY_KEPT}
    for resource in RESOURCES:
        result = resource().import_data(read_file(export_file(resource, file_format), file_format))
        totals = result.totals
        assert (totals["new"], totals["update"], totals["error"], totals["invalid"]) == (0, 0, 0, 0)
        assert totals["skip"] == resource._meta.model.objects.count()
    assert snapshot() == before
    assert versions == {model: sorted(model.objects.values_list("version", flat=True)) for model in (Site, Partner)}
    assert history == {model: model.history.count() for model in HISTORY_KEPT}


def test_exports_use_natural_keys_and_plain_values(records):
    units = tablib.Dataset().load(export_file(ResearchUnitResource, CSV).lstrip("\ufeff"), format="csv")
    old = next(row for row in units.dict if row["code"] == "UMR-S 1100")
    assert old["site"] == "hcl"
    assert old["mandates"] == "2015-01-01/2018-12-31; 2019-01-01/2022-12-31"
    assert old["director_is_puph"] == "yes"
    assert old["themes"] == "'=1+1, immunologie"  # never run as a formula by a spreadsheet program
    agreements = tablib.Dataset().load(export_file(AgreementResource, CSV).lstrip("\ufeff"), format="csv")
    signed = next(row for row in agreements.dict if row["reference"] == "CONV-2024-001")
    assert signed["partners"] == "karolinska, universite-lille"
    assert signed["units"] == "U1300, UMR-S 1100"
    assert signed["amount_eur"] == "125000.50"
    assert "id" not in agreements.headers and "version" not in agreements.headers


def test_institutions_relations_and_successions_are_named_by_natural_keys(records):
    def exported(resource):
        return tablib.Dataset().load(export_file(resource, CSV).lstrip("\ufeff"), format="csv").dict

    assert {row["slug"]: row["institution"] for row in exported(SiteResource)} == {
        "hcl": "",
        "campus-nord": "universite-lille",
    }
    assert exported(UnitPartnerResource)[0] == {
        "unit": "UMR-S 1100",
        "partner": "universite-lille",
        "role": "supervisor",
        "start": "2015-01-01",
        "end": "2022-12-31",
    }
    assert [list(row.values()) for row in exported(SuccessionResource)] == [
        ["UMR-S 1100", "U1300", "merger", "2023-01-01"],
        ["U1200", "U1300", "merger", "2023-01-01"],
        ["U1250", "", "closure", "2019-12-31"],  # no successor
    ]


def test_an_edit_in_the_file_updates_that_record_only(records):
    dataset = read_file(export_file(PartnerResource, CSV), CSV)
    rows = dataset.dict
    rows[0]["city"] = "Villeneuve-d'Ascq"
    edited = tablib.Dataset(*[list(row.values()) for row in rows], headers=dataset.headers)
    version = Partner.objects.get(slug=rows[0]["slug"]).version

    result = PartnerResource().import_data(edited)

    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 3)
    partner = Partner.objects.get(slug=rows[0]["slug"])
    assert partner.city == "Villeneuve-d'Ascq"
    assert partner.version == version + 1  # an edit form opened before the import will notice


# --- bad files: one bad row among good ones imports nothing -----------------------------------

GOOD_UNIT = {
    "code": "U1501",
    "name": "Nouvelle unité",
    "structure_type": "research_unit",
    "site": "hcl",
    "director_name": "Jeanne Martin",
    "director_is_puph": "no",
    "is_published": "yes",
    "mandates": "2025-01-01/2028-12-31",
}


def unit_file(*rows):
    headers = list(GOOD_UNIT)
    return tablib.Dataset(*[[row.get(column, "") for column in headers] for row in rows], headers=headers)


BAD_FILES = {
    "unknown site": (
        ResearchUnitResource,
        lambda: unit_file(GOOD_UNIT, {**GOOD_UNIT, "code": "U1502", "site": "no-such-site"}),
        2,
        "site",
        "No site has the slug “no-such-site”.",
    ),
    "bad date": (
        ResearchUnitResource,
        lambda: unit_file(GOOD_UNIT, {**GOOD_UNIT, "code": "U1502", "mandates": "2025-02-30/2028-12-31"}),
        2,
        "mandates",
        "“2025-02-30” is not a date",
    ),
    "third mandate": (
        ResearchUnitResource,
        lambda: unit_file(
            {
                **GOOD_UNIT,
                "code": "U1502",
                "mandates": "2017-01-01/2020-12-31; 2021-01-01/2024-12-31; 2025-01-01/2028-12-31",
            },
            GOOD_UNIT,
        ),
        1,
        "mandates",
        "term 3: A unit may be renewed only once",
    ),
    "two-day term": (
        ResearchUnitResource,
        lambda: unit_file(GOOD_UNIT, {**GOOD_UNIT, "code": "U1502", "mandates": "2025-01-01/2025-01-02"}),
        2,
        "mandates",
        "term 1: A term lasts at least 12 months",
    ),
    "duplicate code": (
        ResearchUnitResource,
        lambda: unit_file(GOOD_UNIT, {**GOOD_UNIT, "code": "u 1501", "name": "Doublon"}),
        2,
        "code",
        "u 1501 is already on row 1 of this file",
    ),
    "bad ROR ID": (
        PartnerResource,
        lambda: tablib.Dataset(
            ["nouvelle-universite", "Nouvelle université", "higher-education", "university", "FR", "05f82e368"],
            ["autre-universite", "Autre université", "higher-education", "university", "FR", "not-a-ror"],
            headers=["slug", "name", "category", "kind", "country", "ror_id"],
        ),
        2,
        "ror_id",
        "A ROR ID is 0, six letters or digits and two check digits",
    ),
    "bad amount": (
        AgreementResource,
        lambda: tablib.Dataset(
            ["NEW-1", "Accord", "collaboration", "draft", "universite-lille", "2025-01-01", "1000"],
            ["NEW-2", "Accord", "collaboration", "draft", "universite-lille", "2025-01-01", "mille euros"],
            headers=["reference", "title", "kind", "stage", "partners", "start", "amount_eur"],
        ),
        2,
        "amount_eur",
        "“mille euros” is not a number.",
    ),
    "unknown partner": (
        AgreementResource,
        lambda: tablib.Dataset(
            ["NEW-1", "Accord", "collaboration", "draft", "universite-lille, nowhere", "2025-01-01"],
            headers=["reference", "title", "kind", "stage", "partners", "start"],
        ),
        1,
        "partners",
        "No partner has the slug “nowhere”.",
    ),
}


SITE_HEADERS = ["slug", "name", "kind", "city", "region", "institution"]
NEW_SITE = ["nouveau-site", "Nouveau site", "faculty", "Lille", "hauts-de-france", "universite-lille"]
RELATION_HEADERS = ["unit", "partner", "role", "start", "end"]
NEW_RELATION = ["U1300", "faculte", "associate", "2024-01-01", ""]
SUCCESSION_HEADERS = ["predecessor", "successor", "kind", "on"]
LATER_CLOSURE = ["U1250", "", "closure", "2020-01-01"]  # an update: closed a day later than recorded


def relation_file(*changes):
    """The new relation, then the same with `changes` (column: value) on a second row."""
    bad = [dict(zip(RELATION_HEADERS, NEW_RELATION, strict=True)) | changes for changes in changes]
    return tablib.Dataset(NEW_RELATION, *[list(row.values()) for row in bad], headers=RELATION_HEADERS)


BAD_FILES |= {
    "unknown institution": (
        SiteResource,
        lambda: tablib.Dataset(NEW_SITE, ["autre-site", *NEW_SITE[1:5], "nowhere"], headers=SITE_HEADERS),
        2,
        "institution",
        "No partner has the slug “nowhere”.",
    ),
    "relation of an unknown unit": (
        UnitPartnerResource,
        lambda: relation_file({"unit": "U 9999"}),
        2,
        "unit",
        "No research unit has the code “U 9999”.",
    ),
    "relation with an unknown partner": (
        UnitPartnerResource,
        lambda: relation_file({"partner": "nowhere"}),
        2,
        "partner",
        "No partner has the slug “nowhere”.",
    ),
    "relation with a bad role": (
        UnitPartnerResource,
        lambda: relation_file({"role": "sponsor"}),
        2,
        "role",
        "Value 'sponsor' is not a valid choice.",
    ),
    "relation ending before it starts": (
        UnitPartnerResource,
        lambda: relation_file({"partner": "universite-lille", "start": "2030-01-01", "end": "2029-12-31"}),
        2,
        "end",
        "A relation cannot end before it starts.",
    ),
    "relation over a stored period": (
        UnitPartnerResource,
        lambda: relation_file({"partner": "universite-lille", "role": "supervisor"}),  # supervises since 2023
        2,
        "start",
        "two periods of one relation cannot overlap",
    ),
    "succession of an unknown unit": (
        SuccessionResource,
        lambda: tablib.Dataset(LATER_CLOSURE, ["U9999", "", "closure", "2030-01-01"], headers=SUCCESSION_HEADERS),
        2,
        "predecessor",
        "No research unit has the code “U9999”.",
    ),
    "succession dated within the last term": (
        SuccessionResource,
        lambda: tablib.Dataset(["U1300", "", "closure", "2024-06-30"], LATER_CLOSURE, headers=SUCCESSION_HEADERS),
        1,
        "on",
        "a unit closes on its last day or after it",
    ),
    "succession of a bad kind": (
        SuccessionResource,
        lambda: tablib.Dataset(LATER_CLOSURE, ["U1300", "", "vanished", "2027-01-01"], headers=SUCCESSION_HEADERS),
        2,
        "kind",
        "Value 'vanished' is not a valid choice.",
    ),
}

NAME_HEADERS = ["partner", "name", "kind", "start", "end"]
NEW_NAME = ["universite-lille", "USTL", "acronym", "1970-01-01", "2017-12-31"]
UNIT_NAME_HEADERS = ["unit", "name", "kind", "start", "end"]
NEW_UNIT_NAME = ["u 1300", "Centre de recherche en infectiologie", "alias", "", ""]

BAD_FILES |= {
    "name of an unknown partner": (
        PartnerNameResource,
        lambda: tablib.Dataset(NEW_NAME, ["nowhere", "USTL", "acronym", "", ""], headers=NAME_HEADERS),
        2,
        "partner",
        "No partner has the slug “nowhere”.",
    ),
    "name of an unknown unit": (
        UnitNameResource,
        lambda: tablib.Dataset(NEW_UNIT_NAME, ["U 9999", "CRI", "acronym", "", ""], headers=UNIT_NAME_HEADERS),
        2,
        "unit",
        "No research unit has the code “U 9999”.",
    ),
    "name of a bad kind": (
        PartnerNameResource,
        lambda: tablib.Dataset(NEW_NAME, ["faculte", "FMed", "nickname", "", ""], headers=NAME_HEADERS),
        2,
        "kind",
        "Value 'nickname' is not a valid choice.",
    ),
    "name used until before it was": (
        UnitNameResource,
        lambda: tablib.Dataset(
            ["U1200", "Ancien nom", "former", "2020-01-01", "2019-12-31"], NEW_UNIT_NAME, headers=UNIT_NAME_HEADERS
        ),
        1,
        "end",
        "A name cannot stop being used before it started.",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirmation"])
def test_one_bad_row_imports_nothing_and_names_row_column_and_reason(records, case, dry_run):
    resource_class, make_file, bad_row, column, reason = BAD_FILES[case]
    before = snapshot()

    result = resource_class().import_data(make_file(), dry_run=dry_run, rollback_on_validation_errors=True)

    assert snapshot() == before
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == bad_row
    assert list(invalid.error_dict) == [column]
    assert reason in " ".join(invalid.error_dict[column])


def test_a_file_with_a_wrong_column_imports_nothing(records):
    before = snapshot()
    dataset = unit_file(GOOD_UNIT)
    dataset.headers = [*dataset.headers[:3], "sitee", *dataset.headers[4:]]

    result = ResearchUnitResource().import_data(dataset)

    assert snapshot() == before
    assert result.has_errors()
    message = str(result.base_errors[0].error)
    assert "unknown column(s) sitee" in message
    assert "The columns are: code, name," in message


def test_a_file_without_its_key_column_imports_nothing(records):
    dataset = tablib.Dataset(
        ["Nouveau site", "chu", "Lyon", "auvergne-rhone-alpes"], headers=["name", "kind", "city", "region"]
    )
    result = SiteResource().import_data(dataset)
    assert result.has_errors()
    assert "the key column slug is missing" in str(result.base_errors[0].error)
    assert not Site.objects.filter(name="Nouveau site").exists()


# --- through the admin -------------------------------------------------------------------------


@pytest.fixture
def editor_client(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word
    return editor_client


def upload(client, url, content, file_format, name):
    formats = [CSV, XLSX, JSON]
    data = content.encode("utf-8") if isinstance(content, str) else content
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(url, {"format": formats.index(file_format), "import_file": upload})


def test_admin_preview_then_confirm_imports_a_file(editor_client, records):
    content = unit_file(GOOD_UNIT).export("csv")
    preview = upload(editor_client, "/admin/units/researchunit/import/", content, CSV, "units.csv")
    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 1
    assert not ResearchUnit.objects.filter(code="U1501").exists()  # the preview writes nothing
    confirm = preview.context["confirm_form"]

    done = editor_client.post("/admin/units/researchunit/process_import/", confirm.initial, follow=True)

    unit = ResearchUnit.objects.get(code="U1501")
    assert [(m.number, m.start, m.end) for m in unit.mandates.all()] == [
        (1, dt.date(2025, 1, 1), dt.date(2028, 12, 31))
    ]
    assert "Import finished: 1 new, 0 changed, 0 unchanged." in done.content.decode()
    assert unit.history.first().history_user.username == "editor"


def test_admin_preview_of_a_bad_file_shows_the_errors_and_offers_no_confirmation(editor_client, records):
    content = unit_file(GOOD_UNIT, {**GOOD_UNIT, "code": "U1502", "site": "no-such-site"}).export("csv")
    preview = upload(editor_client, "/admin/units/researchunit/import/", content, CSV, "units.csv")
    page = preview.content.decode()
    assert "confirm_form" not in preview.context
    assert re.search(r'<th scope="row">2\s*</th>', page)  # the row
    assert "No site has the slug “no-such-site”." in page
    assert not ResearchUnit.objects.filter(code__in=["U1501", "U1502"]).exists()


def test_confirmation_refuses_data_that_went_bad_after_the_preview(editor_client, records):
    content = unit_file(GOOD_UNIT, {**GOOD_UNIT, "code": "U1502", "site": "campus-nord"}).export("csv")
    preview = upload(editor_client, "/admin/units/researchunit/import/", content, CSV, "units.csv")
    confirm = preview.context["confirm_form"]
    Site.objects.filter(slug="campus-nord").update(slug="campus-nord-renamed")  # meanwhile, a colleague...

    done = editor_client.post("/admin/units/researchunit/process_import/", confirm.initial, follow=True)

    assert "Nothing was imported" in done.content.decode()
    assert not ResearchUnit.objects.filter(code__in=["U1501", "U1502"]).exists()


def test_admin_export_of_a_filtered_changelist_has_exactly_those_rows(editor_client, records):
    for file_format in FORMATS:
        url = "/admin/partners/partner/export/?is_published__exact=1"
        form = editor_client.get(url).context["form"]
        selected = {name: "on" for name, field in form.fields.items() if name.startswith("partnerresource_")}
        response = editor_client.post(url, {"format": FORMATS.index(file_format), **selected})
        assert response.status_code == 200
        content = response.content if file_format().is_binary() else response.content.decode("utf-8-sig")
        dataset = read_file(content, file_format)
        assert sorted(dataset["slug"]) == sorted(
            Partner.objects.filter(is_published=True).values_list("slug", flat=True)
        )
        assert sorted(dataset["slug"]) == ["faculte", "universite-lille"]


def test_import_needs_add_and_change_permissions_and_export_needs_view(client, manager, editor, records):
    client.force_login(manager)
    assert client.get("/admin/units/site/import/").status_code == 403
    assert client.get("/admin/units/site/export/").status_code == 200
    client.force_login(editor)
    assert client.get("/admin/units/site/import/").status_code == 200


GARBAGE = {
    "binary as CSV": (b"\x00\xff\xfe garbage \x81", CSV),
    "empty CSV": (b"", CSV),
    "headers only": (b"slug,name\n", CSV),
    "Latin-1 CSV": ("slug,name\ncampus,Épinal\n".encode("latin-1"), CSV),
    "CSV as XLSX": (b"slug,name\ncampus,Lyon\n", XLSX),
    "JSON object": (b'{"slug": "campus"}', JSON),
    "JSON list of numbers": (b"[1, 2, 3]", JSON),
    "broken JSON": (b'[{"slug": ', JSON),
}


@pytest.mark.parametrize("case", GARBAGE, ids=list(GARBAGE))
def test_garbage_files_get_a_message_and_write_nothing(editor_client, records, case):
    content, file_format = GARBAGE[case]
    before = snapshot()
    response = upload(editor_client, "/admin/units/site/import/", content, file_format, "sites.bin")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "cannot be read in the format chosen" in page or "is empty" in page or "No valid data" in page
    assert snapshot() == before


# --- found by review: each of these once imported something wrong ------------------------------


def test_json_objects_are_read_by_key_and_must_share_their_keys(editor_client, records):
    content = b'[{"slug": "hcl", "name": "HCL"}, {"name": "Campus", "slug": "campus-nord"}]'
    response = upload(editor_client, "/admin/units/site/import/", content, JSON, "sites.json")
    assert "cannot be read in the format chosen" in response.content.decode()
    assert Site.objects.get(slug="hcl").name == "Hospices civils, Lyon"


def test_spaces_around_headers_do_not_drop_a_column(records):
    dataset = tablib.Dataset(["hcl", "HCL renamed"], headers=["slug", " name "])
    result = SiteResource().import_data(dataset)
    assert result.totals["update"] == 1
    assert Site.objects.get(slug="hcl").name == "HCL renamed"


def test_a_unit_keeps_at_least_one_term(records):
    dataset = unit_file({**GOOD_UNIT, "code": "UMR-S 1100", "mandates": ""})
    result = ResearchUnitResource().import_data(dataset, rollback_on_validation_errors=True)
    assert "A unit has at least one term" in " ".join(result.invalid_rows[0].error_dict["mandates"])
    assert ResearchUnit.objects.get(code="UMR-S 1100").mandates.count() == 2


def test_the_predecessors_column_is_exported_and_left_alone_on_import(records):
    # Successions are typed and dated: the units' file only lists them, their own file carries them.
    exported = ResearchUnitResource().export()
    assert dict(zip(exported["code"], exported["predecessors"], strict=True)) == {
        "U1300": "UMR-S 1100, U1200",
        "UMR-S 1100": "",
        "U1200": "",
        "U1250": "",
    }
    successions = set(Succession.objects.values_list("predecessor__code", "successor__code"))
    dataset = tablib.Dataset(["UMR-S 1100", "U 1300"], headers=["code", "predecessors"])  # would be a cycle
    result = ResearchUnitResource().import_data(dataset, rollback_on_validation_errors=True)
    assert not result.has_errors() and not result.invalid_rows
    assert set(Succession.objects.values_list("predecessor__code", "successor__code")) == successions


def test_a_cycle_between_new_rows_is_reported_with_its_row(records):
    dataset = tablib.Dataset(
        ["new-a", "A", "higher-education", "university", "FR", "new-b"],
        ["new-b", "B", "higher-education", "university", "FR", "new-a"],
        headers=["slug", "name", "category", "kind", "country", "parent"],
    )
    result = PartnerResource().import_data(dataset)
    assert "Row 1, column parent" in str(result.base_errors[0].error)
    assert not Partner.objects.filter(slug__in=["new-a", "new-b"]).exists()


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.__name__)
def test_windows_line_breaks_and_escaped_apostrophes_survive_a_round_trip(records, file_format):
    Partner.objects.filter(slug="faculte").update(description="Ligne 1\r\nLigne 2", internal_notes="'=SUM(A1)")
    result = PartnerResource().import_data(read_file(export_file(PartnerResource, file_format), file_format))
    assert (result.totals["update"], result.totals["skip"]) == (0, 4)
    assert Partner.objects.get(slug="faculte").internal_notes == "'=SUM(A1)"


def test_blank_rows_are_ignored(records):
    dataset = unit_file(GOOD_UNIT)
    dataset.append([""] * len(dataset.headers))
    result = ResearchUnitResource().import_data(dataset)
    assert not result.has_validation_errors() and result.totals["new"] == 1


@pytest.mark.parametrize("value", ["1,000", "12.5", "douze"])
def test_whole_numbers_are_whole(records, value):
    dataset = unit_file(GOOD_UNIT)
    dataset.append_col([value], header="hospital_staff_count")
    result = ResearchUnitResource().import_data(dataset, rollback_on_validation_errors=True)
    assert "is not a whole number" in " ".join(result.invalid_rows[0].error_dict["hospital_staff_count"])


def test_a_confirmation_sent_twice_imports_once(editor_client, records):
    content = unit_file(GOOD_UNIT).export("csv")
    confirm = upload(editor_client, "/admin/units/researchunit/import/", content, CSV, "units.csv").context[
        "confirm_form"
    ]
    editor_client.post("/admin/units/researchunit/process_import/", confirm.initial)
    again = editor_client.post("/admin/units/researchunit/process_import/", confirm.initial, follow=True)
    assert "no longer available" in again.content.decode()
    forged = editor_client.post(
        "/admin/units/researchunit/process_import/", {**confirm.initial, "format": "7"}, follow=True
    )
    assert forged.status_code == 200
    assert ResearchUnit.objects.filter(code="U1501").count() == 1


def test_a_network_member_listed_before_its_network_is_imported(records):
    """A file sorted by name lists the members (DFG) before Science Europe: the link is set
    once every row is in, and the rule binding a role to a network checked then."""
    dataset = tablib.Dataset(
        ["dfg", "Deutsche Forschungsgemeinschaft", "european-networks", "funding_agency", "DE", "new-network", "rfo"],
        ["new-network", "Science Europe", "european-networks", "network", "BE", "", ""],
        headers=["slug", "name", "category", "kind", "country", "network", "network_role"],
    )
    result = PartnerResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert Partner.objects.get(slug="dfg").network.slug == "new-network"
