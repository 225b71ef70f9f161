"""What the lists and exchanges of units and sites show, declared once (core/columns.py):
the public unit and site lists (screen, sort, CSV) and the unit admin's CSV action; and the
fields the API and the spreadsheets both carry."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.columns import Column, Columns, page_link
from core.templatetags.portal import acronym_after, label

from .models import NAME_SEPARATOR
from .templatetags.units import status_badge

# A site's own fields, all public: the API shows them (api/serializers.py) and the
# spreadsheets carry them (units/resources.py).
SITE_FIELDS = ("slug", "name", "kind", "city", "region", "latitude", "longitude", "finess", "uai", "wikidata_id")

# A unit's own fields that anyone may read: the API shows them and the spreadsheets carry
# them, each with what only it has (the API the status and terms as objects; spreadsheets
# publication, notes and the predecessor's code).
UNIT_PUBLIC_FIELDS = (
    "code",
    "name",
    "acronym",
    "structure_type",
    "site",
    "director_name",
    "director_is_puph",
    "hospital_staff_count",
    "themes",
    "rnsr_number",
    "wikidata_id",
    "hceres_wave",
)


def name_and_place(unit) -> str:
    """The name, acronym greyed, and on small screens (where the site column is hidden) the site."""
    return format_html(
        '{}{}\n        <div class="small text-body-secondary d-md-none">{}, {}</div>',
        unit.name,
        acronym_after(unit.acronym),
        unit.site.name,
        unit.site.city,
    )


def site_and_city(unit) -> str:
    return format_html(
        '<a href="{}">{}</a><br>\n        <small class="text-body-secondary">{}</small>',
        unit.site.get_absolute_url(),
        unit.site.name,
        unit.site.city,
    )


def mandate_badge(unit) -> str:
    return status_badge(unit.mandate_status)


def supervisor_names(unit) -> str:
    """Inserm, then the unit's other supervising bodies today by name (the queryset's
    with_supervisor_names)."""
    others = sorted(filter(None, (unit.supervisor_name_list or "").split(NAME_SEPARATOR)))
    return ", ".join(["Inserm", *others])


UNIT_LIST = Columns(
    Column("code", _("code"), "code", html=page_link("code"), sort="code_key", nowrap=True),
    Column("name", _("name"), "name", html=name_and_place, sort="name_key"),
    Column("acronym", _("acronym"), "acronym", on_screen=False),
    Column("structure_type", _("structure type"), lambda unit: label(unit, "structure_type"), on_screen=False),
    Column("site", _("site"), "site.name", html=site_and_city, sort="site__name_key", classes="d-none d-md-table-cell"),
    Column("city", _("city"), "site.city", on_screen=False),
    Column("region", _("region"), lambda unit: label(unit.site, "region"), on_screen=False),
    Column("director", _("director"), "director_name", on_screen=False),
    Column("puph", _("director is PU-PH"), "director_is_puph", on_screen=False),
    Column("staff", _("university-hospital staff"), "hospital_staff_count", on_screen=False),
    Column("status", _("mandate status"), "status_label", title=_("Mandate"), html=mandate_badge),
    Column(
        "term_end",
        _("term ends"),
        "term_end",
        title=_("Term end"),
        sort="term_end",
        classes="d-none d-sm-table-cell",
        nowrap=True,
        empty="",
    ),
    Column("rnsr", _("RNSR number"), "rnsr_number", on_screen=False),
    Column("wikidata", _("Wikidata item"), "wikidata_id", on_screen=False),
    Column("supervisors", _("supervising bodies"), supervisor_names, on_screen=False),
    Column("page", _("page"), lambda unit: unit.get_absolute_url(), on_screen=False),
)

# The admin's CSV action: the list's columns, and what only editors see.
UNIT_ADMIN_EXPORT = Columns(
    *UNIT_LIST.pick("code", "name", "acronym", "structure_type", "site", "director", "puph", "staff"),
    UNIT_LIST["status"],
    Column("current_term", _("current term"), "current_term_number"),
    Column("terms", _("terms recorded"), "term_number"),
    Column("term_end", _("mandate ends"), "term_end"),
    Column("renewable", _("renewable"), "can_renew"),
    *UNIT_LIST.pick("rnsr", "wikidata"),
    Column("published", _("published"), "is_published"),
    Column("internal_notes", _("internal notes"), "internal_notes"),
)

SITE_LIST = Columns(
    Column("name", _("name"), "name", html=page_link("name"), sort="name_key"),
    Column("kind", _("kind"), lambda site: label(site, "kind"), classes="d-none d-md-table-cell"),
    Column("city", _("city"), "city", sort="city_key"),
    Column("region", _("region"), lambda site: label(site, "region"), classes="d-none d-sm-table-cell"),
    Column("units", _("units"), "unit_count", sort="unit_count", classes="text-end"),
    Column("institution", _("institution"), lambda site: site.institution_name or "", on_screen=False),
    Column("finess", _("FINESS number"), "finess", on_screen=False),
    Column("uai", _("UAI"), "uai", on_screen=False),
    Column("wikidata", _("Wikidata item"), "wikidata_id", on_screen=False),
    Column("page", _("page"), lambda site: site.get_absolute_url(), on_screen=False),
)
