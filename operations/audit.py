"""The data-quality audit: every record that breaks a rule the database cannot hold.

The database refuses what can never be true (constraints); the forms, the import and the
API refuse what depends on the day or on other records. What slips through — records
saved before a rule existed, a rule whose setting changed, a day that moved on — is what
this audit lists: `manage.py audit_data` (non-zero exit when it finds something) and the
admin's "Data quality" page both run `audit()`.

Each check is a function that yields `(record, detail)` pairs, registered with its
title and what to do about it. A check reads its records in a few queries, whatever
their number: the audit runs on the demo data at scale 10 in CI.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.identifiers import IdentifierField
from partners.models import Agreement, Partner, UnitPartner
from units import codes, rules
from units.models import Mandate, ResearchUnit, Site, Succession

Finder = Callable[[dt.date], Iterable[tuple[models.Model, str]]]


@dataclass(frozen=True)
class Check:
    code: str  # stable, for scripts: "agreement-without-partner"
    title: str
    advice: str
    find: Finder


@dataclass
class Finding:
    record: models.Model
    detail: str

    @property
    def admin_url(self) -> str:
        meta = self.record._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.record.pk])
        except NoReverseMatch:
            return ""


@dataclass
class Result:
    check: Check
    findings: list[Finding] = field(default_factory=list)


CHECKS: list[Check] = []


def check(code: str, title, advice):
    def register(find: Finder) -> Finder:
        CHECKS.append(Check(code, title, advice, find))
        return find

    return register


def audit(on: dt.date | None = None) -> list[Result]:
    """Every check's findings on `on` (today by default), checks in their declared order."""
    on = on or timezone.localdate()
    return [Result(c, [Finding(record, detail) for record, detail in c.find(on)]) for c in CHECKS]


def twins(queryset, key: str, label: Callable[[models.Model], str]):
    """Records of `queryset` sharing the value of `key` with another: each with the others named."""
    shared = queryset.order_by().values(key).annotate(n=Count("pk")).filter(n__gt=1).values_list(key, flat=True)
    groups: dict = {}
    for record in queryset.filter(**{f"{key}__in": list(shared)}).order_by(key, "pk"):
        groups.setdefault(getattr(record, key), []).append(record)
    for group in groups.values():
        for record in group:
            others = ", ".join(label(other) for other in group if other.pk != record.pk)
            yield record, others


# Agreements ------------------------------------------------------------------------------


@check(
    "agreement-without-partner",
    _("Agreements without a partner"),
    _("Add the partners who signed it, or delete the agreement if it was entered by mistake."),
)
def agreements_without_partner(on):
    lonely = Agreement.objects.exclude(Exists(Agreement.partners.through.objects.filter(agreement=OuterRef("pk"))))
    for agreement in lonely.order_by("reference"):
        yield agreement, agreement.get_kind_display()


@check(
    "agreement-signed-in-future",
    _("Agreements signed in the future"),
    _("Correct the signature date, or set the agreement back to negotiation until it is signed."),
)
def agreements_signed_in_future(on):
    for agreement in Agreement.objects.filter(signed_on__gt=on).order_by("reference"):
        yield agreement, _("signed on %(date)s") % {"date": date_format(agreement.signed_on, "DATE_FORMAT")}


@check(
    "public-agreement-hidden",
    _("Public agreements that no page shows"),
    _("Every partner of these agreements is unpublished: publish a partner, or untick “public”."),
)
def public_agreements_hidden(on):
    published_partner = Partner.objects.published().filter(agreements=OuterRef("pk"))
    hidden = (
        Agreement.objects.filter(is_public=True, stage__in=Agreement.SIGNED_STAGES)
        .exclude(Exists(published_partner))
        .filter(Exists(Agreement.partners.through.objects.filter(agreement=OuterRef("pk"))))
    )
    for agreement in hidden.prefetch_related("partners").order_by("reference"):
        yield agreement, ", ".join(partner.name for partner in agreement.partners.all())


# Partners -------------------------------------------------------------------------------


@check(
    "partner-name-twins",
    _("Partners whose names differ only by accents or case"),
    _("Probably one institution entered twice: keep one, move its agreements to it, delete the other."),
)
def partner_name_twins(on):
    return twins(Partner.objects.all(), "name_key", lambda partner: partner.name)


@check(
    "network-membership",
    _("Network members without a network, or a role without a membership"),
    _("Choose the network and the partner's role in it (RFO or RPO), or clear both."),
)
def network_memberships(on):
    lacking = Partner.objects.filter(Q(network__isnull=True) ^ Q(network_role=""))
    not_a_network = Partner.objects.filter(network__isnull=False).exclude(network__kind=Partner.Kind.NETWORK)
    for partner in (lacking | not_a_network).select_related("network").order_by("name_key"):
        yield partner, partner.network.name if partner.network_id else partner.get_network_role_display()


# Sites and units ------------------------------------------------------------------------


@check(
    "site-name-twins",
    _("Sites whose names differ only by accents or case"),
    _("Probably one site entered twice: move its units to one of them and delete the other."),
)
def site_name_twins(on):
    return twins(Site.objects.all(), "name_key", lambda site: f"{site.name} ({site.city})")


@check(
    "published-unit-without-term",
    _("Published units without any term"),
    _("Record the unit's terms, or unpublish it: its page cannot say whether it is in force."),
)
def published_units_without_term(on):
    for unit in ResearchUnit.objects.published().filter(term_start__isnull=True).order_by("code_key"):
        yield unit, unit.name


@check(
    "unit-code-spelling",
    _("Unit codes not in Inserm's spelling, or with a prefix that contradicts the unit's type"),
    _("Save the unit in the admin: it writes the code as Inserm does, or says what to change (the code or the type)."),
)
def unit_codes(on):
    for unit in ResearchUnit.objects.order_by("code_key"):
        spelt = codes.canonical(unit.code)
        if spelt != unit.code:
            yield unit, _("spelt %(code)s") % {"code": spelt} if spelt else _("not an Inserm code")
        elif unit.structure_type not in codes.PREFIX_TYPES[codes.prefix(unit.code)]:
            yield unit, unit.get_structure_type_display()


@check(
    "unit-number-twins",
    _("Units sharing an Inserm number while their terms overlap"),
    _("A number is one unit at a time: correct one unit's code, or the dates of their terms."),
)
def unit_number_twins(on):
    # PostgreSQL refuses this (units/0010); SQLite, and data from before the rule, may not.
    units = ResearchUnit.objects.filter(term_start__isnull=False, inserm_number__isnull=False)
    shared = units.order_by().values("inserm_number").annotate(n=Count("pk")).filter(n__gt=1)
    by_number: dict[int, list] = {}
    for unit in units.filter(inserm_number__in=shared.values("inserm_number")).order_by("term_start", "pk"):
        by_number.setdefault(unit.inserm_number, []).append(unit)
    for group in by_number.values():
        for unit in group:
            others = [
                o for o in group if o.pk != unit.pk and o.term_start <= unit.term_end and unit.term_start <= o.term_end
            ]
            if others:
                yield unit, ", ".join(other.code for other in others)


@check(
    "term-length",
    _("Terms that are not full ones without a fitting reason"),
    _(
        "Record why the term has this length (an extension, an alignment on the site's evaluation wave…), "
        "or correct its dates."
    ),
)
def term_lengths(on):
    # A full term's length is a setting: terms recorded before it changed show up here.
    for term in Mandate.objects.select_related("unit").order_by("unit__code_key", "number"):
        errors = rules.length_errors(term.as_term())
        if errors:
            yield term, " ".join(str(message) for message in errors.values())


@check(
    "succession-dates",
    _("Successions that contradict the units' terms"),
    _(
        "A unit is succeeded after its last term ends (closed on its last day or later), and its successor's "
        "first term starts on or after that date: correct the succession's date, or the terms."
    ),
)
def succession_dates(on):
    # The forms check both sides; terms edited in bulk, or before the rule, may not agree.
    rows = Succession.objects.select_related("predecessor", "successor").order_by("on", "pk")
    for row in rows.filter(
        Q(successor__isnull=False, predecessor__term_end__gte=F("on"))
        | Q(successor__isnull=True, predecessor__term_end__gt=F("on"))
        | Q(successor__term_start__lt=F("on"))
    ):
        yield (
            row,
            _("dated %(date)s; %(predecessor)s's terms end on %(end)s")
            % {
                "date": date_format(row.on, "DATE_FORMAT"),
                "predecessor": row.predecessor.code,
                "end": date_format(row.predecessor.term_end, "DATE_FORMAT") if row.predecessor.term_end else "–",
            },
        )


@check(
    "relation-outlives-unit",
    _("Supervising bodies and partners still in force for units whose terms have ended"),
    _("End the relation on the unit's last day (or record the unit's next term, if it goes on)."),
)
def relations_outliving_units(on):
    # A unit that has ended has no supervising body today; its relations tell who it had.
    links = UnitPartner.objects.on(on).filter(unit__term_end__lt=on)
    for link in links.select_related("unit", "partner").order_by("unit__code_key", "partner__name_key"):
        yield (
            link,
            _("%(unit)s ended on %(end)s")
            % {
                "unit": link.unit.code,
                "end": date_format(link.unit.term_end, "DATE_FORMAT"),
            },
        )


@check(
    "succession-numbers",
    _("Re-creations that change the Inserm number, or successions that keep it"),
    _("A re-creation keeps the unit's number, a succession changes it: correct the succession's kind, or a code."),
)
def succession_numbers(on):
    rows = Succession.objects.filter(successor__isnull=False).select_related("predecessor", "successor")
    same = Q(predecessor__inserm_number=F("successor__inserm_number"))
    contradicting = rows.filter(kind=Succession.Kind.RECREATION).exclude(same) | rows.filter(
        same, kind=Succession.Kind.SUCCESSION
    )
    for row in contradicting.order_by("on", "pk"):
        yield row, row.get_kind_display()


@check(
    "relation-outside-unit-life",
    _("Supervising bodies and partners dated outside their unit's terms"),
    _("A relation starts on or after the unit's first term starts, and before its last term ends: correct its dates."),
)
def relations_outside_unit_life(on):
    links = UnitPartner.objects.filter(
        Q(start__lt=F("unit__term_start")) | Q(start__gt=F("unit__term_end")) | Q(end__gt=F("unit__term_end"))
    )
    for link in links.select_related("unit", "partner").order_by("unit__code_key", "start"):
        yield (
            link,
            _("%(unit)s's terms run from %(start)s to %(end)s")
            % {
                "unit": link.unit.code,
                "start": date_format(link.unit.term_start, "DATE_FORMAT"),
                "end": date_format(link.unit.term_end, "DATE_FORMAT"),
            },
        )


@check(
    "identifier-check",
    _("Identifiers that fail their check"),
    _("Correct the identifier from its registry, or clear it: the record cannot be saved as it is."),
)
def identifiers_failing_their_check(on):
    # Stored before their check was as strict (ROR IDs were checked by pattern only), or in bulk.
    for model in (Partner, Site, ResearchUnit):
        for identifier in model._meta.concrete_fields:
            if isinstance(identifier, IdentifierField):
                name = identifier.name
                values = model.objects.exclude(**{name: ""}).values_list("pk", name).order_by("pk")
                wrong = [pk for pk, value in values if not identifier.scheme.is_valid(value)]
                for record in model.objects.filter(pk__in=wrong).order_by("pk"):
                    yield record, f"{identifier.scheme.label} {getattr(record, name)}"
