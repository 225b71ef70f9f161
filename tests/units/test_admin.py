"""The research-unit admin as an editor uses it: add, correct terms, renew, search, export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Agreement
from units import rules
from units.models import Mandate, MandateStatus, ResearchUnit, Site, Succession

from ..admin_helpers import admin_url, changelist, loaded_state, term, unit_form
from ..factories import AgreementFactory, MandateFactory, ResearchUnitFactory, SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms

D = dt.date
ONE_YEAR = dt.timedelta(days=365)
CHANGELIST = reverse("admin:units_researchunit_changelist")
ADD = reverse("admin:units_researchunit_add")


@pytest.fixture
def admin_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word
    return admin_client


def test_adding_a_unit_without_terms_gives_it_a_first_full_term(admin_client):
    response = admin_client.post(ADD, unit_form(site=SiteFactory(), first_term_start="2026-01-01"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = ResearchUnit.objects.get(code="U4321")
    assert [(m.number, m.start, m.end) for m in unit.mandates.all()] == [(1, D(2026, 1, 1), D(2029, 12, 31))]


def test_adding_a_unit_without_a_date_starts_its_term_today(admin_client):
    admin_client.post(ADD, unit_form(site=SiteFactory()))
    assert ResearchUnit.objects.get(code="U4321").mandates.get().start == timezone.localdate()


def test_adding_a_unit_with_its_terms_keeps_them(admin_client):
    terms = [
        term(number=1, start=D(2021, 1, 1), end=D(2024, 12, 31)),
        term(number=2, start=D(2025, 1, 1), end=D(2028, 12, 31)),
    ]
    response = admin_client.post(ADD, unit_form(site=SiteFactory(), terms=terms))

    assert response.status_code == 302
    assert ResearchUnit.objects.get(code="U4321").mandates.count() == 2


def test_a_code_spelt_differently_is_refused_with_a_message(admin_client):
    ResearchUnitFactory(code="U4321")

    response = admin_client.post(ADD, unit_form(site=SiteFactory(), code="u 4321"))

    assert response.status_code == 200
    assert "Unit U4321 already exists: u 4321 is the same code spelt differently." in response.text
    assert ResearchUnit.objects.count() == 1 and not Mandate.objects.exists()


def test_a_refused_new_unit_saves_nothing(admin_client):
    response = admin_client.post(ADD, unit_form(site=SiteFactory(), code="12 34"))

    assert response.status_code == 200
    assert "Enter a code such as U1234" in response.text
    assert not ResearchUnit.objects.exists() and not Mandate.objects.exists()


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            {"number": 2, "start": D(2028, 6, 1), "end": D(2032, 5, 31)},
            "Overlaps term 1, which ends on 31 Dec 2028: a renewal starts the next day, 1 Jan 2029.",
        ),
        ({"number": 2, "start": D(2029, 2, 1), "end": D(2033, 1, 31)}, "Leaves a gap after term 1"),
        (
            {"number": 2, "start": D(2029, 1, 1), "end": D(2028, 1, 1)},
            "A term must end after it starts (it starts on 1 Jan 2029).",
        ),
        (
            {"number": 3, "start": D(2029, 1, 1), "end": D(2032, 12, 31)},
            "so it has at most 2 terms: create a successor unit instead of term 3.",
        ),
        (
            {"number": 2, "start": D(2029, 1, 1), "end": D(2034, 12, 31)},
            "A full term lasts 4 years: starting on 1 Jan 2029, it ends on 31 Dec 2032. "
            "A term ending on another day needs a length reason.",
        ),
        ({"number": 2, "start": D(2029, 1, 1), "end": D(2029, 1, 2)}, "A term lasts at least 12 months"),
    ],
    ids=["overlap", "gap", "end-before-start", "third-term", "longer-without-reason", "too-short"],
)
def test_the_mandate_inline_refuses_broken_terms_with_the_rule(admin_client, second, message):
    first = MandateFactory()
    unit = first.unit
    data = unit_form(unit, terms=[term(first), term(**second)])

    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 200
    assert message in response.text
    assert list(unit.mandates.values_list("number", flat=True)) == [1]


def test_the_inline_checks_terms_against_each_other_not_the_stale_database(admin_client):
    # Shorten term 1 and move term 2 in the same save: valid together.
    first = MandateFactory()
    second = MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    data = unit_form(
        first.unit,
        terms=[
            {**term(first, end=D(2028, 6, 30)), "length_reason": "early_closure"},
            term(second, start=D(2028, 7, 1), end=D(2032, 6, 30)),
        ],
    )

    url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.start == D(2028, 7, 1)


def test_the_inline_moves_both_terms_of_a_unit_at_once(admin_client):
    # Term 1 saved first overlaps term 2 until it moves too: on PostgreSQL the database
    # checks that terms do not overlap at the commit only.
    first = MandateFactory()
    second = MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    data = unit_form(
        first.unit,
        terms=[
            term(first, start=D(2025, 2, 1), end=D(2029, 1, 31)),
            term(second, start=D(2029, 2, 1), end=D(2033, 1, 31)),
        ],
    )

    url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 302
    assert list(first.unit.mandates.values_list("start", "end")) == [
        (D(2025, 2, 1), D(2029, 1, 31)),
        (D(2029, 2, 1), D(2033, 1, 31)),
    ]


def test_the_inline_checks_a_term_against_those_kept_not_those_deleted_in_the_same_save(admin_client):
    # Undo the renewal and end term 1 early, in one save: with term 2 gone there is no gap.
    first = MandateFactory()
    second = MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    shortened = {**term(first, end=D(2027, 12, 31)), "length_reason": "early_closure"}
    data = unit_form(first.unit, terms=[shortened, {**term(second), "DELETE": "on"}])

    url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 302
    assert list(first.unit.mandates.values_list("number", "end")) == [(1, D(2027, 12, 31))]


def test_the_inline_reports_a_sequence_error_on_the_term_that_breaks_it(admin_client):
    first = MandateFactory()
    second = MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    shortened = {**term(first, end=D(2028, 6, 30)), "length_reason": "early_closure"}
    data = unit_form(first.unit, terms=[shortened, term(second)])

    url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    forms = response.context["inline_admin_formsets"][0].formset.forms
    assert "Leaves a gap before term 2, which starts on 1 Jan 2029" in forms[0].errors["end"][0]
    assert "Leaves a gap after term 1, which ends on 30 Jun 2028" in forms[1].errors["start"][0]
    first.refresh_from_db()
    assert first.end == D(2028, 12, 31)


def test_the_inline_refuses_deleting_every_term(admin_client):
    first = MandateFactory()
    data = unit_form(first.unit, terms=[{**term(first), "DELETE": "on"}])

    url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert "A unit keeps at least one term" in response.text
    assert first.unit.mandates.count() == 1


def test_the_standalone_mandate_form_refuses_a_two_day_term(admin_client):
    first = MandateFactory()
    data = {"unit": first.unit.pk, "number": 2, "start": "2029-01-01", "end": "2029-01-02"}

    response = admin_client.post(reverse("admin:units_mandate_add"), data)

    assert response.status_code == 200
    assert "A term lasts at least 12 months" in response.context["adminform"].form.errors["end"][0]
    assert Mandate.objects.count() == 1


def test_the_standalone_mandate_form_shows_the_rule(admin_client):
    first = MandateFactory()
    data = {"unit": first.unit.pk, "number": 2, "start": "2029-03-01", "end": "2033-02-28"}

    response = admin_client.post(reverse("admin:units_mandate_add"), data)

    assert "Leaves a gap after term 1" in response.text
    assert Mandate.objects.count() == 1


def test_renew_action_first_shows_the_new_terms_and_writes_nothing(admin_client):
    renewable = MandateFactory(unit__code="U1001").unit
    final = MandateFactory(unit__code="U1002").unit
    MandateFactory(unit=final, number=2, start=D(2029, 1, 1))

    response = admin_client.post(CHANGELIST, {"action": "renew_mandates", "_selected_action": [renewable.pk, final.pk]})

    assert response.status_code == 200
    assert "Term 2: 1 Jan 2029 – 31 Dec 2032" in response.text
    assert "U1002 is already in its final term" in response.text
    assert "Yes, renew this unit" in response.text
    assert renewable.mandates.count() == 1


def test_renew_action_renews_the_renewable_and_reports_the_others(admin_client):
    renewable = MandateFactory(unit__code="U1001").unit
    final = MandateFactory(unit__code="U1002").unit
    MandateFactory(unit=final, number=2, start=D(2029, 1, 1))

    response = admin_client.post(
        CHANGELIST,
        {"action": "renew_mandates", "_selected_action": [renewable.pk, final.pk], "post": "yes"},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "1 unit renewed." in messages
    assert any(message.startswith("U1002 is already in its final term") for message in messages)
    assert [(m.number, m.start) for m in renewable.mandates.all()] == [(1, D(2025, 1, 1)), (2, D(2029, 1, 1))]
    assert final.mandates.count() == 2


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("U1234", "u 1234"),
        ("U1234", "U1234"),
        ("UMR_S1234", "umr-s 1234"),
        ("UMR-S 1234", "UMR_S1234"),
        ("CIC 1401", "cic1401"),
        # Any spelling of the Inserm number, whatever the code's prefix.
        ("UMR-S 1013", "U1013"),
        ("U1013", "UMR-S 1013"),
        ("U1013", "UMRS1013"),
        ("U1013", "UMR 1013"),
        ("U1013", "Inserm U1013"),
        ("U1013", "Inserm 1013"),
        ("U1013", "unité 1013"),
        ("U1013", "Unité Inserm 1013"),
        ("U1013", "CIC 1013"),
        ("U1013", "1013"),
        ("U1013", "u 1013"),
    ],
)
def test_code_search_ignores_spelling(admin_client, stored, typed):
    # The site and the names say no number: the factories' counters could write the one searched.
    site = SiteFactory(name="Hôpital Cochin", slug="cochin")
    ResearchUnitFactory(code=stored, site=site, name="Immunologie", director_name="Anne Martin")
    ResearchUnitFactory(code="U9999", site=site, name="Génétique", director_name="Paul Durand")
    ResearchUnitFactory(code="UMR-S 1014", site=site, name="Cardiologie", director_name="Léa Petit")

    response = admin_client.get(CHANGELIST, {"q": typed})

    assert [unit.code for unit in response.context["cl"].result_list] == [stored]


def test_status_filter(admin_client):
    ended = MandateFactory(start=D(2015, 1, 1)).unit
    MandateFactory(start=timezone.localdate())

    response = admin_client.get(CHANGELIST, {"status": "ended"})

    assert list(response.context["cl"].result_list) == [ended]


def test_site_filter_takes_a_slug_or_words_of_the_name_or_city(admin_client):
    gerland = SiteFactory(name="Campus de Gerland", city="Lyon")
    elsewhere = SiteFactory(name="Hôpital Nord", city="Marseille")
    in_gerland = ResearchUnitFactory(site=gerland)
    ResearchUnitFactory(site=elsewhere)

    for typed in (gerland.slug, "gerland", "LYON", "campus lyon"):
        response = admin_client.get(CHANGELIST, {"site": typed})
        assert list(response.context["cl"].result_list) == [in_gerland], typed
    response = admin_client.get(CHANGELIST, {"site": "nowhere"})
    assert list(response.context["cl"].result_list) == []


def test_site_filter_is_a_text_box_that_keeps_the_other_filters(admin_client):
    sites = SiteFactory.create_batch(3)

    response = admin_client.get(CHANGELIST, {"site": "lyon", "status": "ended", "p": "2"})

    page = response.content.decode()
    assert 'name="site" value="lyon"' in page
    assert '<input type="hidden" name="status" value="ended">' in page
    assert 'name="p"' not in page  # a new filter starts on the first page
    assert not [site.name for site in sites if site.name in page]  # no list of every site


@pytest.mark.parametrize("typed", ["\x00", "a\x00b", "x" * 5000, "%", "' OR 1=1 --", "  "])
def test_site_filter_survives_garbage(admin_client, typed):
    unit = ResearchUnitFactory()
    # NUL bytes are refused by every admin list, which then shows every row (admin_tools.py).
    response = admin_client.get(CHANGELIST, {"site": typed}, follow=True)
    assert response.status_code == 200
    if not typed.replace("\x00", "").strip():
        assert list(response.context["cl"].result_list) == [unit]


def test_status_filter_ignores_an_unknown_value(admin_client):
    units = [MandateFactory().unit, MandateFactory(start=D(2010, 1, 1)).unit]
    response = admin_client.get(CHANGELIST, {"status": "<script>"})
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == set(units)


def test_publish_and_unpublish_actions(admin_client):
    unit = ResearchUnitFactory(is_published=False)

    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [unit.pk]})
    unit.refresh_from_db()
    assert unit.is_published

    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [unit.pk]})
    unit.refresh_from_db()
    assert not unit.is_published


def test_csv_export_of_the_selection(admin_client):
    chosen = MandateFactory(unit__code="U1001", unit__name="=HYPERLINK(evil)").unit
    MandateFactory(unit__code="U1002")

    response = admin_client.post(CHANGELIST, {"action": "export_as_csv", "_selected_action": [chosen.pk]})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Code", "Name"]
    assert [row[0] for row in rows[1:]] == ["U1001"]
    assert rows[1][1] == "'=HYPERLINK(evil)"  # never run as a formula by a spreadsheet


def test_french_editors_read_the_rules_in_french(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    first = MandateFactory()
    data = unit_form(first.unit, terms=[term(first), term(number=2, start=D(2028, 6, 1), end=D(2032, 5, 31))])

    url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert "Chevauche le mandat 1, qui se termine le 31 décembre 2028" in response.text


def test_the_renew_button_of_a_unit_shows_the_dates_then_renews(admin_client):
    unit = MandateFactory(unit__code="U1001").unit
    change = reverse("admin:units_researchunit_change", args=[unit.pk])
    renew = reverse("admin:units_researchunit_renew", args=[unit.pk])
    assert f'href="{renew}"' in admin_client.get(change).text

    confirmation = admin_client.get(renew)
    assert "Term 2: 1 Jan 2029 – 31 Dec 2032" in confirmation.text
    assert unit.mandates.count() == 1

    response = admin_client.post(renew, {"version": unit.version}, follow=True)
    assert response.redirect_chain[-1][0] == change
    assert [(m.number, m.start, m.end) for m in unit.mandates.all()][1] == (2, D(2029, 1, 1), D(2032, 12, 31))
    assert "Create its successor" in response.text  # now in its final term


def test_renewing_a_final_term_from_its_page_is_refused_and_writes_nothing(admin_client):
    first = MandateFactory(unit__code="U1001")
    MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    first.unit.refresh_from_db()
    response = admin_client.post(
        reverse("admin:units_researchunit_renew", args=[first.unit.pk]), {"version": first.unit.version}, follow=True
    )
    assert any("already in its final term" in str(m) for m in response.context["messages"])
    assert first.unit.mandates.count() == 2


def test_creating_a_successor_links_both_units_and_lists_the_agreements_to_review(admin_client):
    first = MandateFactory(unit__code="U1001", start=D(2021, 1, 1))
    MandateFactory(unit=first.unit, number=2, start=D(2025, 1, 1))
    old = first.unit
    AgreementFactory(title="Cotutelle historique", kind=Agreement.Kind.JOINT_SUPERVISION).units.add(old)
    url = reverse("admin:units_researchunit_successor", args=[old.pk])
    assert admin_client.get(url).context["form"]["first_term_start"].value() == D(2029, 1, 1)

    response = admin_client.post(
        url, {"code": "U2001", "name": old.name, "first_term_start": "2029-01-01"}, follow=True
    )

    new = ResearchUnit.objects.get(code="U2001")
    [link] = Succession.objects.filter(successor=new)
    assert (link.predecessor, link.kind, link.on) == (old, Succession.Kind.SUCCESSION, D(2029, 1, 1))
    assert (new.site, new.structure_type) == (old.site, old.structure_type)
    assert [(m.number, m.start) for m in new.mandates.all()] == [(1, D(2029, 1, 1))]
    assert "Agreements of U1001 to review" in response.text
    assert "Cotutelle historique" in response.text


def test_a_renewable_unit_gets_no_successor(admin_client):
    unit = MandateFactory(unit__code="U1001").unit
    response = admin_client.post(
        reverse("admin:units_researchunit_successor", args=[unit.pk]),
        {"code": "U2001", "name": "X", "first_term_start": "2029-01-01"},
    )
    assert "may still be renewed" in response.text
    assert not ResearchUnit.objects.filter(code="U2001").exists()


@pytest.mark.parametrize("view", ["renew", "successor", "change", "history"])
def test_garbage_unit_ids_answer_404(admin_client, view):
    assert admin_client.get(f"/admin/units/researchunit/abc/{view}/").status_code in (302, 404)
    assert admin_client.get(f"/admin/units/researchunit/999999/{view}/").status_code in (302, 404)


# List filters, each against a record it must leave out.


def test_unit_filters_keep_only_the_matching_units(admin_client):
    today = timezone.localdate()
    chu = SiteFactory(kind=Site.Kind.CHU, region="bretagne")
    campus = SiteFactory(kind=Site.Kind.CAMPUS, region="occitanie")
    here = MandateFactory(
        unit__site=chu, unit__structure_type=ResearchUnit.StructureType.CIC, start=today - ONE_YEAR
    ).unit
    there = MandateFactory(
        unit__site=campus, unit__structure_type=ResearchUnit.StructureType.TEAM, start=D(2010, 1, 1)
    ).unit

    assert changelist(admin_client, ResearchUnit, site__kind__exact="chu") == [here]
    assert changelist(admin_client, ResearchUnit, site__kind__exact="campus") == [there]
    assert changelist(admin_client, ResearchUnit, site__region__exact="occitanie") == [there]
    assert changelist(admin_client, ResearchUnit, structure_type__exact="cic") == [here]
    assert changelist(admin_client, ResearchUnit, status="renewable") == [here]
    assert changelist(admin_client, ResearchUnit, status="ended") == [there]
    # No "site" entry in the filter panel (see the report), but the site's id narrows the list.
    assert changelist(admin_client, ResearchUnit, site__id__exact=str(campus.pk)) == [there]


# The unit changelist shows what an editor needs: code, site, status, current term end.


def test_the_unit_changelist_shows_code_site_status_and_term_end(admin_client):
    start = timezone.localdate() - ONE_YEAR
    unit = MandateFactory(unit__code="U7777", unit__site__name="CHU de Brest", start=start).unit

    response = admin_client.get(admin_url(ResearchUnit, "changelist"))

    columns = response.context["cl"].list_display
    assert {"code", "site", "status", "current_term", "term_end"} <= set(columns), columns
    row = response.text.split("U7777", 1)[1].split("</tr>", 1)[0]
    assert "CHU de Brest" in row
    assert str(MandateStatus.RENEWABLE.label) in row
    assert rules.date_label(rules.term_end(start)) in row
    assert unit.mandates.count() == 1


# The renew action: one message per refused unit, only the renewable renewed.


def test_renew_action_reports_each_refused_unit_and_renews_only_the_renewable(admin_client):
    today = timezone.localdate()
    renewable = MandateFactory(unit__code="U1001", start=today - ONE_YEAR).unit
    final = MandateFactory(unit__code="U1002", start=today - 5 * ONE_YEAR).unit
    MandateFactory(unit=final, number=2, start=final.mandates.get().end + rules.ONE_DAY)
    ended = MandateFactory(unit__code="U1003", start=D(2010, 1, 1)).unit
    upcoming = MandateFactory(unit__code="U1004", start=today + ONE_YEAR).unit
    units = [renewable, final, ended, upcoming]

    response = admin_client.post(
        admin_url(ResearchUnit, "changelist"),
        {"action": "renew_mandates", "_selected_action": [u.pk for u in units], "post": "yes"},
        follow=True,
    )

    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 3
    assert any(e.startswith("U1002 is already in its final term") for e in errors)
    assert any(e.startswith("U1003 ended on") for e in errors)
    assert any(e.startswith("U1004 has not started yet") for e in errors)
    assert "1 unit renewed." in [str(m) for m in response.context["messages"]]
    first = renewable.mandates.get(number=1)
    assert list(renewable.mandates.values_list("number", "start")) == [(1, first.start), (2, first.end + rules.ONE_DAY)]
    assert [u.mandates.count() for u in (final, ended, upcoming)] == [2, 1, 1]
