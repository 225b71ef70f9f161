"""The columns of the managers' unit table (core/columns.py): one declaration for the
screen, its sort, the CSV and the XLSX, so an export always has exactly the columns the
manager sees."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.columns import Column, Columns
from units.columns import supervisor_names
from units.models import Mandate


def renewal(unit) -> str:
    if unit.is_renewed:
        return str(_("Renewal decided"))
    if unit.can_renew:
        return str(_("Renewal pending"))
    return ""


def length_reason(unit) -> str | None:
    """Why the unit's last term (the one whose end is shown) is not a full one, with the
    editor's note: "Extension", "Other: merger with U1235". None for a full term."""
    if not unit.last_term_reason:
        return None
    label = Mandate.LengthReason(unit.last_term_reason).label
    return f"{label}: {unit.last_term_note}" if unit.last_term_note else str(label)


def code_in_admin(unit) -> str:
    return format_html('<a href="{}">{}</a>', reverse("admin:units_researchunit_change", args=[unit.pk]), unit.code)


def renew_button(unit) -> str:
    if not unit.can_renew:
        return ""
    return format_html(
        '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
        reverse("workspace:renew", args=[unit.pk]),
        _("Renew"),
    )


COLUMNS = Columns(
    Column("code", _("Code"), "code", html=code_in_admin, sort="code_key", nowrap=True),
    Column("name", _("Name"), "name", sort="name_key"),
    Column("site", _("Site"), "site.name", sort="site__name_key"),
    Column("region", _("Region"), lambda unit: unit.site.get_region_display()),
    Column("structure_type", _("Structure type"), lambda unit: unit.get_structure_type_display()),
    Column("supervisors", _("Supervising bodies"), supervisor_names),  # today (for_workspace)
    # Its own wave, else its site's (waves.with_wave): what the planning page counts.
    Column("wave", _("Evaluation wave"), "evaluation_wave", sort="evaluation_wave"),
    Column("director", _("Director"), "director_name"),
    Column("puph", _("PU-PH"), "director_is_puph"),
    Column("status", _("Mandate status"), "status_label", sort="mandate_status"),
    Column("current_term", _("Current term"), "current_term_number"),
    Column("term_end", _("Mandate ends"), "term_end", sort="term_end", nowrap=True),
    Column("length_reason", _("Length reason"), length_reason),
    Column("renewal", _("Renewal"), renewal),
    Column("published", _("Published"), "is_published"),
    Column("internal_notes", _("Internal notes"), "internal_notes"),
    # Shown to those who may renew (DashboardView.screen_columns), never exported.
    Column("renew", _("Actions"), html=renew_button, title_hidden=True, in_export=False),
    row_data={"unit": "code"},
)
