"""The data-quality audit: `manage.py audit_data` and the admin's Data quality page name
each kind of problem when one is planted, and find nothing in the demo data."""

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from operations.audit import CHECKS, audit
from partners.models import Agreement, Partner, UnitPartner
from tests.factories import (
    AgreementFactory,
    MandateFactory,
    PartnerFactory,
    ResearchUnitFactory,
    SiteFactory,
    UnitPartnerFactory,
    UserFactory,
)
from units.models import Mandate, ResearchUnit, Succession

pytestmark = pytest.mark.django_db


def found(code: str) -> list:
    """The records the check `code` lists today."""
    (result,) = [result for result in audit() if result.check.code == code]
    return [finding.record for finding in result.findings]


def run_audit(*args) -> tuple[int, str]:
    """audit_data's exit status and output."""
    out = io.StringIO()
    try:
        call_command("audit_data", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def test_every_check_has_a_unique_code_a_title_and_advice():
    codes = [c.code for c in CHECKS]
    assert len(codes) == len(set(codes))
    assert all(c.title and c.advice for c in CHECKS)


def test_nothing_planted_nothing_found():
    PartnerFactory()
    AgreementFactory()
    assert run_audit() == (0, f"No problem found ({len(CHECKS)} checks run).\n")


def test_an_agreement_without_partner_is_named_with_its_admin_link():
    agreement = AgreementFactory(partners=[])
    assert found("agreement-without-partner") == [agreement]
    status, output = run_audit()
    assert status == 1
    assert "[agreement-without-partner]: 1" in output
    assert agreement.reference in output
    assert reverse("admin:partners_agreement_change", args=[agreement.pk]) in output


def test_an_agreement_signed_in_the_future_is_named(time_machine):
    time_machine.move_to("2026-11-30 12:00")
    agreement = AgreementFactory(signed_on="2027-01-15", start="2027-02-01")
    assert found("agreement-signed-in-future") == [agreement]
    time_machine.move_to("2027-01-15 12:00")  # signed today: no longer in the future
    assert found("agreement-signed-in-future") == []


def test_a_public_agreement_whose_partners_are_all_unpublished_is_named():
    hidden = AgreementFactory(partners=[PartnerFactory(is_published=False)])
    AgreementFactory(partners=[PartnerFactory(is_published=False)], is_public=False)  # meant to be hidden
    assert found("public-agreement-hidden") == [hidden]
    assert not Agreement.objects.public().filter(pk=hidden.pk).exists()


def test_partners_whose_names_differ_by_accents_or_case_are_named_together():
    one = PartnerFactory(name="Université de Lille")
    two = PartnerFactory(name="UNIVERSITE DE LILLE")
    PartnerFactory(name="Université de Lyon")
    assert found("partner-name-twins") == [one, two]
    status, output = run_audit("--check", "partner-name-twins")
    assert status == 1
    assert "Université de Lille: UNIVERSITE DE LILLE" in output


def test_sites_whose_names_differ_by_accents_or_case_are_named():
    one = SiteFactory(name="Hôpital Necker")
    two = SiteFactory(name="hopital necker")
    assert found("site-name-twins") == [one, two]


def test_a_published_unit_without_any_term_is_named():
    unit = ResearchUnitFactory()
    ResearchUnitFactory(is_published=False)  # a draft may wait for its terms
    assert found("published-unit-without-term") == [unit]


def test_a_network_member_without_its_network_or_role_is_named():
    network = PartnerFactory(name="Science Europe", kind=Partner.Kind.NETWORK)
    member = PartnerFactory(name="DFG", network=network, network_role=Partner.NetworkRole.RFO)
    assert found("network-membership") == []
    Partner.objects.filter(pk=member.pk).update(network=None)  # as a bulk edit or an old import could
    assert found("network-membership") == [member]
    Partner.objects.filter(pk=member.pk).update(network=PartnerFactory(kind=Partner.Kind.UNIVERSITY))
    assert found("network-membership") == [member]


def test_a_unit_code_in_another_spelling_or_with_a_contradicting_type_is_named():
    spelt = ResearchUnitFactory(code="U1013")
    typed = ResearchUnitFactory(code="CIC 1401")
    assert found("unit-code-spelling") == [typed]  # a CIC typed as a research unit
    ResearchUnit.objects.filter(pk=spelt.pk).update(code="u 1013")
    status, output = run_audit("--check", "unit-code-spelling", "--language", "en")
    assert status == 1
    assert "spelt U1013" in output
    assert f"{typed}: Research unit" in output


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses it (units/0010)")
def test_units_sharing_a_number_over_overlapping_terms_are_named_together():
    first = MandateFactory(unit__code="U1013", start=dt.date(2025, 1, 1)).unit
    later = MandateFactory(
        unit__code="UMR-S 1013", unit__structure_type="mixed_unit", start=dt.date(2029, 1, 1)
    ).unit  # after the first's last day: a re-creation, allowed
    assert found("unit-number-twins") == []
    Mandate.objects.filter(unit=later).update(start=dt.date(2028, 1, 1), end=dt.date(2031, 12, 31))
    ResearchUnit.objects.filter(pk=later.pk).refresh_terms()
    assert found("unit-number-twins") == [first, later]


def test_a_term_of_another_length_without_a_reason_is_named(settings):
    term = MandateFactory(start=dt.date(2025, 1, 1))  # a full 4-year term
    assert found("term-length") == []
    settings.MANDATE_TERM_YEARS = 5  # the rule changed: the old term is no longer a full one
    assert found("term-length") == [term]
    assert "A full term lasts 5 years" in run_audit("--check", "term-length", "--language", "en")[1]


def test_a_succession_that_its_units_terms_contradict_is_named():
    old = MandateFactory(start=dt.date(2021, 1, 1)).unit  # to 31 December 2024
    new = MandateFactory(start=dt.date(2025, 1, 1)).unit
    succession = Succession.objects.create(predecessor=old, successor=new, kind="succession", on=dt.date(2025, 1, 1))
    assert found("succession-dates") == []
    Mandate.objects.filter(unit=old).update(end=dt.date(2025, 6, 30))  # extended in bulk, past the succession
    ResearchUnit.objects.filter(pk=old.pk).refresh_terms()
    assert found("succession-dates") == [succession]
    assert "terms end on 30 Jun 2025" in run_audit("--check", "succession-dates", "--language", "en")[1]


def test_one_ror_id_for_two_partners_is_refused_by_the_database():
    """Not an audit check: the database holds this rule (partner_ror_id_unique)."""
    PartnerFactory(ror_id="02vjkv261")
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(name="Twin", slug="twin", category_id=1, kind="university", ror_id="02vjkv261")


def test_the_data_quality_page_lists_the_findings_for_editors_and_managers(editor_client, manager_client):
    agreement = AgreementFactory(partners=[])
    url = reverse("admin:operations_data-quality")
    for client in (editor_client, manager_client):
        page = client.get(url).content.decode()
        assert 'id="agreement-without-partner"' in page
        assert reverse("admin:partners_agreement_change", args=[agreement.pk]) in page
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert url in index


def test_the_data_quality_page_is_for_those_who_may_view_the_records(client):
    url = reverse("admin:operations_data-quality")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    client.force_login(UserFactory())  # staff, in no group: may view no record
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("admin:index")).content.decode()


def test_the_demo_data_breaks_no_rule(demo):
    assert run_audit() == (0, f"No problem found ({len(CHECKS)} checks run).\n")


def test_an_unmigrated_database_is_named_rather_than_audited(tmp_path, settings):
    """A new user runs the command before make run: a message, not a traceback."""
    empty = tmp_path / "empty.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "audit_data"],
        env={**os.environ, "DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{empty}"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 1
    assert f"The database {empty} is not migrated: run manage.py migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_relation_still_in_force_for_a_unit_that_has_ended_is_named():
    unit = MandateFactory(start=dt.date(2015, 1, 1)).unit  # ended on 31 December 2018
    ended = UnitPartnerFactory(unit=unit, start=dt.date(2015, 1, 1), end=dt.date(2018, 12, 31))
    assert found("relation-outlives-unit") == []
    ended.end = None
    ended.save()
    assert found("relation-outlives-unit") == [ended]
    assert "ended on 31 Dec 2018" in run_audit("--check", "relation-outlives-unit", "--language", "en")[1]


def test_a_succession_whose_kind_contradicts_the_numbers_is_named():
    old = MandateFactory(start=dt.date(2017, 1, 1), unit__code="U1028").unit
    new = MandateFactory(start=dt.date(2025, 1, 1), unit__code="U2028").unit
    row = Succession.objects.create(predecessor=old, successor=new, kind="recreation", on=dt.date(2025, 1, 1))
    assert found("succession-numbers") == [row]
    Succession.objects.filter(pk=row.pk).update(kind="succession")
    assert found("succession-numbers") == []


def test_a_relation_dated_outside_its_units_terms_is_named():
    unit = MandateFactory(start=dt.date(2021, 1, 1)).unit  # to 31 December 2024
    link = UnitPartnerFactory(unit=unit, start=dt.date(2021, 1, 1), end=dt.date(2024, 12, 31))
    assert found("relation-outside-unit-life") == []
    UnitPartner.objects.filter(pk=link.pk).update(start=dt.date(2019, 1, 1))  # before the unit existed
    assert found("relation-outside-unit-life") == [link]


def test_an_identifier_that_fails_its_check_is_named():
    partner = PartnerFactory(ror_id="02vjkv261")
    assert found("identifier-check") == []
    Partner.objects.filter(pk=partner.pk).update(ror_id="02vjkv262")  # a wrong check digit, stored in bulk
    assert found("identifier-check") == [partner]
    assert "ROR 02vjkv262" in run_audit("--check", "identifier-check")[1]
