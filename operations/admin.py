from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import AdminPage

from .audit import audit


def may_view_data_quality(request) -> bool:
    """Whoever may view the records the audit lists: Editors, Managers and superusers."""
    return request.user.has_perms(["partners.view_agreement", "partners.view_partner", "units.view_researchunit"])


def data_quality(request):
    """The audit (operations/audit.py) as a page: each rule broken, with its records."""
    results = audit()
    context = {
        **admin.site.each_context(request),
        "title": _("Data quality"),
        "today": timezone.localdate(),
        "results": [result for result in results if result.findings],
        "passed": [result for result in results if not result.findings],
    }
    return TemplateResponse(request, "admin/operations/data_quality.html", context)


admin.site.register_page(
    AdminPage("operations", "data-quality", gettext_lazy("Data quality"), data_quality, may_view_data_quality)
)
