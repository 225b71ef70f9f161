from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_tools import PortalModelAdmin

from .models import EvaluationWave, ManagerProfile, MandateAlert, WaveRegion, WaveSiteException, years_label


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


class WaveRegionInline(admin.TabularInline):
    model = WaveRegion
    extra = 0


class WaveSiteExceptionInline(admin.TabularInline):
    model = WaveSiteException
    extra = 0
    autocomplete_fields = ["site"]
    fields = ["site", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


@admin.register(EvaluationWave)
class EvaluationWaveAdmin(PortalModelAdmin):
    """Editors keep the waves as Hcéres moves them; Managers read them."""

    list_display = ["letter", "regions_covered", "current_contract", "next_campaign"]
    list_filter = ["regions__region"]
    search_fields = ["letter", "site_exceptions__site__name"]
    fields = ["letter", "contract_start_year", "cycle_years", "source"]
    inlines = [WaveRegionInline, WaveSiteExceptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    def get_readonly_fields(self, request, obj=None):
        # The letter is the wave's key, which units and the lists' links name.
        return ["letter"] if obj is not None else []

    @admin.display(description=_("regions"))
    def regions_covered(self, wave):
        return ", ".join(sorted(str(region.get_region_display()) for region in wave.regions.all())) or "—"

    @admin.display(description=_("contract running this year"))
    def current_contract(self, wave):
        return years_label(wave.contract_on(timezone.localdate().year))

    @admin.display(description=_("next evaluation campaign"))
    def next_campaign(self, wave):
        return years_label(wave.next_campaign(timezone.localdate().year))
