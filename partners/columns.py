"""What the lists and exchanges of partners and agreements show, declared once
(core/columns.py): the public directory (screen, sort, CSV) and the admin's CSV actions;
and the fields the API and the spreadsheets both carry."""

from functools import lru_cache
from operator import attrgetter

from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, override
from django.utils.translation import gettext_lazy as _

from core.columns import Column, Columns, short_date
from core.templatetags.portal import acronym_after, country_name, label

from .models import Agreement, category_table

# A partner's fields that anyone may read: the API shows them (api/serializers.py) and the
# spreadsheets carry them (partners/resources.py), each with what only it has.
PARTNER_PUBLIC_FIELDS = (
    "slug",
    "name",
    "acronym",
    "category",
    "kind",
    "country",
    "city",
    "region",
    "website",
    "ror_id",
    "siren",
    "siret",
    "uai",
    "finess",
    "wikidata_id",
    "network",
    "network_role",
    "founded_on",
    "inserm_role",
    "parent",
)

# An agreement's fields that anyone may read (public agreements only, in the API).
AGREEMENT_PUBLIC_FIELDS = (
    "reference",
    "title",
    "kind",
    "stage",
    "partners",
    "units",
    "signed_on",
    "start",
    "end",
    "terminated_on",
    "objectives",
)


def category_names():
    """{category id: name}, from the kept table: the page's rows name categories without a join."""
    return dict(category_table().values())


def name_cell():
    categories = category_names()
    return lambda partner: format_html(
        '<a href="{}">{}</a>{}\n        <div class="small text-body-secondary d-md-none">{}</div>',
        partner.get_absolute_url(),
        partner.name,
        acronym_after(partner.acronym),
        categories.get(partner.category_id, ""),
    )


def category_cell():
    categories = category_names()
    return lambda partner: categories.get(partner.category_id, "")


# Labels as label() and country_name() write them: get_kind_display() and country.name
# translate every choice again for each row.
PARTNER_LIST = Columns(
    Column("name", _("name"), "name", page_html=name_cell, sort="name_key"),
    Column("acronym", _("acronym"), "acronym", on_screen=False),
    Column(
        "category",
        _("category"),
        "category.name",
        page_html=category_cell,
        sort="category__display_order",
        classes="d-none d-md-table-cell",
    ),
    Column("kind", _("kind"), lambda partner: label(partner, "kind"), classes="d-none d-lg-table-cell"),
    Column(
        "country",
        _("country"),
        lambda partner: country_name(partner.country),
        sort="country",
        classes="d-none d-sm-table-cell",
    ),
    Column("city", _("city"), "city", sort="city_key"),
    Column("region", _("region"), lambda partner: label(partner, "region"), on_screen=False),
    Column("website", _("website"), "website", on_screen=False),
    Column("ror_id", _("ROR ID"), "ror_id", on_screen=False),
    Column("siren", _("SIREN number"), "siren", on_screen=False),
    Column("siret", _("SIRET number"), "siret", on_screen=False),
    Column("uai", _("UAI"), "uai", on_screen=False),
    Column("finess", _("FINESS number"), "finess", on_screen=False),
    Column("wikidata", _("Wikidata item"), "wikidata_id", on_screen=False),
    Column("page", _("page"), lambda partner: partner.get_absolute_url(), on_screen=False),
    screen_order=("name", "category", "kind", "city", "country"),
)

# The admin's CSV actions: the directory's columns where they are the same, and what only
# editors see. The country as its code, as spreadsheets import it.
PARTNER_ADMIN_EXPORT = Columns(
    PARTNER_LIST["name"],
    Column("slug", _("slug"), "slug"),
    *PARTNER_LIST.pick("acronym", "category", "kind"),
    Column("country", _("country"), "country.code"),
    *PARTNER_LIST.pick("city", "region", "website", "ror_id", "siren", "siret", "uai", "finess", "wikidata"),
    Column("network_role", _("network role"), "network_role"),
    Column("published", _("published"), "is_published"),
    Column("internal_notes", _("internal notes"), "internal_notes"),
)

AGREEMENT_ADMIN_EXPORT = Columns(
    Column("reference", _("reference"), "reference"),
    Column("title", _("title"), "title"),
    Column("kind", _("kind"), lambda agreement: label(agreement, "kind")),
    Column("stage", _("stage"), lambda agreement: label(agreement, "stage")),
    Column("state", _("state today"), lambda agreement: state_label(agreement.state)),
    Column("partners", _("partners"), lambda agreement: "; ".join(p.name for p in agreement.partners.all())),
    Column("units", _("units"), lambda agreement: "; ".join(u.code for u in agreement.units.all())),
    Column("signed_on", _("signed on"), "signed_on"),
    Column("start", _("start"), "start"),
    Column("end", _("end"), "end"),
    Column("terminated_on", _("terminated on"), "terminated_on"),
    Column("amount", _("amount (€)"), "amount_eur"),
    Column("public", _("public"), "is_public"),
    Column("internal_notes", _("internal notes"), "internal_notes"),
)


def state_label(state: str) -> str:
    """An agreement's state (Agreement.State) in the page's language, translated once."""
    return state_labels(get_language())[state]


@lru_cache(maxsize=8)
def state_labels(language: str | None) -> dict:
    with override(language):
        return {value: str(text) for value, text in Agreement.State.choices}


def agreement_cell(agreement) -> str:
    return format_html(
        '{}<br><small class="text-body-secondary">{} · {}</small>',
        agreement.title,
        agreement.reference,
        state_label(agreement.state),
    )


def period(agreement) -> str:
    """From its start to its end: its last day in force when it was terminated early."""
    language = get_language()
    last_day = agreement.terminated_on or agreement.end
    end = short_date(last_day, language) if last_day else gettext("open-ended")
    return f"{short_date(agreement.start, language)} – {end}"


def links_to(records, text) -> str:
    """Links to each record's page, comma-separated, or a dash for none."""
    return format_html_join(", ", '<a href="{}">{}</a>', ((r.get_absolute_url(), text(r)) for r in records)) or "—"


# The public agreements: their list (AgreementListView, its CSV), and the tables of a unit's
# page and of a partner's page (partners/templatetags/agreements.py). `public_partners`: the
# published partners, prefetched by the page.
AGREEMENTS = Columns(
    Column("agreement", _("Agreement"), "title", html=agreement_cell, sort="title"),
    Column("reference", _("Reference"), "reference", on_screen=False),
    Column("kind", _("Kind"), lambda agreement: label(agreement, "kind")),
    Column("state", _("State"), lambda agreement: state_label(agreement.state), on_screen=False),
    Column(
        "partners",
        _("Partners"),
        lambda agreement: "; ".join(partner.name for partner in agreement.public_partners),
        html=lambda agreement: links_to(agreement.public_partners, lambda p: p.acronym or p.name),
    ),
    Column("period", _("Period"), period, sort="start"),
    Column("start", _("Start"), "start", on_screen=False),
    Column("end", _("End"), "end", on_screen=False),
    Column("terminated_on", _("Terminated on"), "terminated_on", on_screen=False),
    Column(
        "units",
        _("Units"),
        lambda agreement: "; ".join(unit.code for unit in agreement.units.all()),
        html=lambda agreement: links_to(agreement.units.all(), attrgetter("code")),
    ),
)
AGREEMENTS_OF_A_UNIT = Columns(*AGREEMENTS.pick("agreement", "kind", "partners", "period"))
AGREEMENTS_OF_A_PARTNER = Columns(*AGREEMENTS.pick("agreement", "kind", "period", "units"))
