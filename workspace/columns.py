"""The columns of the managers' unit table: one list for the screen, the CSV and the XLSX,
so an export always has exactly the columns the manager sees."""

from django.utils.translation import gettext_lazy as _

from units.models import MandateStatus


def renewal(unit) -> str:
    if unit.term_number and unit.term_number >= 2:
        return str(_("Renewal decided"))
    if unit.can_renew:
        return str(_("Renewal pending"))
    return ""


COLUMNS = [
    ("code", _("Code"), lambda u: u.code),
    ("name", _("Name"), lambda u: u.name),
    ("site", _("Site"), lambda u: u.site.name),
    ("region", _("Region"), lambda u: u.site.get_region_display()),
    ("structure_type", _("Structure type"), lambda u: u.get_structure_type_display()),
    ("director", _("Director"), lambda u: u.director_name),
    ("puph", _("PU-PH"), lambda u: u.director_is_puph),
    ("status", _("Mandate status"), lambda u: MandateStatus(u.mandate_status).label if u.mandate_status else ""),
    ("current_term", _("Current term"), lambda u: u.current_term_number),
    ("term_end", _("Mandate ends"), lambda u: u.term_end),
    ("renewal", _("Renewal"), renewal),
    ("published", _("Published"), lambda u: u.is_published),
    ("internal_notes", _("Internal notes"), lambda u: u.internal_notes),
]
EXPORT_COLUMNS = [(label, get) for _key, label, get in COLUMNS]
