from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit
from .models import DataQuality


@admin.register(DataQuality)
class DataQualityAdmin(admin.ModelAdmin):
    """The audit (operations/audit.py) as a page: each rule broken, with its records."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [path("", self.admin_site.admin_view(self.changelist_view), name="operations_dataquality_changelist")]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        results = audit()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Data quality"),
            "opts": self.model._meta,
            "today": timezone.localdate(),
            "results": [result for result in results if result.findings],
            "passed": [result for result in results if not result.findings],
        }
        return TemplateResponse(request, "admin/operations/data_quality.html", context)
