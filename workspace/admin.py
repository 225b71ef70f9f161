from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_tools import PortalModelAdmin

from .models import ManagerProfile, MandateAlert


@admin.register(ManagerProfile)
class ManagerProfileAdmin(PortalModelAdmin):
    list_display = ["user", "site_count"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user", "sites"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("sites")

    @admin.display(description=_("sites followed"))
    def site_count(self, profile):
        return len(profile.sites.all())


@admin.register(MandateAlert)
class MandateAlertAdmin(PortalModelAdmin):
    list_display = ["profile", "sent_on", "unit_count", "months"]
    list_select_related = ["profile__user"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False  # written by the mandate_alerts command only

    def has_change_permission(self, request, obj=None):
        return False
