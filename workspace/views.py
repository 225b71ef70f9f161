from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.exports import xlsx_response
from core.lists import PublicListView
from core.roles import EDITORS, MANAGERS
from units import rules, services
from units.filters import IN_FORCE, STATUS_CHOICES
from units.models import MandateStatus, ResearchUnit

from . import waves
from .columns import COLUMNS
from .filters import WorkspaceUnitFilter
from .models import EvaluationWave, years_label


def may_use_workspace(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=[EDITORS, MANAGERS]).exists())


class WorkspaceAccessMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Managers, Editors and superusers; visitors are sent to log in, others refused (403)."""

    def test_func(self):
        return may_use_workspace(self.request.user)


class DashboardView(WorkspaceAccessMixin, PublicListView):
    """One row per site (units by mandate status, next expiry), then the units, filtered."""

    filterset_class = WorkspaceUnitFilter
    template_name = "workspace/dashboard.html"
    paginate_by = 50
    default_sort = "code"
    export_filename = "units"
    columns = COLUMNS

    def count_key(self):
        key = super().count_key()  # "only the sites I follow" depends on who asks
        return key and f"{key}:{self.request.user.pk}"

    def get_queryset(self):
        return waves.with_wave(ResearchUnit.objects.for_workspace()).order_by("code_key", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["site_rows"] = site_rows(self.object_list)
        context["statuses"] = STATUS_CHOICES
        context["today"] = timezone.localdate()
        return context

    def screen_columns(self):
        return self.columns if services.may_renew(self.request.user) else self.columns.without("renew")

    def export_xlsx(self):
        return xlsx_response(self.export_filename, self.columns.export, self.export_rows(), _("Units"))

    def run_export(self, handler):
        # The access checks of dispatch(), then the export instead of the page: never the
        # public exports' shared copy or limit (it holds drafts and notes).
        if not self.request.user.is_authenticated or not self.test_func():
            return self.handle_no_permission()
        return handler()


def site_rows(units) -> list[dict]:
    """Per site of `units`, today: how many have a term in force, how many are in each
    mandate status (`counts`: the filter's status choices, "in force" first, in order), and
    the next term end."""
    today = timezone.localdate()
    counts = {status: Count("pk", filter=Q(mandate_status=status)) for status in MandateStatus.values}
    in_force = Count("pk", filter=Q(term_start__lte=today, term_end__gte=today))
    rows = list(
        units.order_by()
        .values("site__slug", "site__name", "site__city")
        .annotate(**{IN_FORCE: in_force}, next_expiry=Min("term_end", filter=Q(term_end__gte=today)), **counts)
        .order_by("site__name")
    )
    for row in rows:
        row["counts"] = [(status, row[status]) for status, _label in STATUS_CHOICES]
    return rows


class RenewView(WorkspaceAccessMixin, TemplateView):
    """Renew one unit from the workspace: its new term's dates, then confirmation (Editors)."""

    template_name = "workspace/renew.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may_use_workspace(request.user) and not services.may_renew(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_unit(self):
        return get_object_or_404(ResearchUnit.objects.for_workspace(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.get_unit()
        context["unit"] = unit
        try:
            context["term"] = services.next_term(unit=unit)
        except ValidationError as error:
            context["refusal"] = " ".join(error.messages)
            context["needs_successor"] = services.needs_successor(unit)
        # Right after its renewal, the unit may not be renewed again: the page says it was
        # renewed (the message), not that it cannot be (once, not on later visits).
        context["just_renewed"] = self.request.session.pop(self.RENEWED_KEY, None) == unit.pk
        context["terms"] = list(unit.mandates.all())
        return context

    RENEWED_KEY = "workspace_renewed_unit"

    def post(self, request, *args, **kwargs):
        unit = self.get_unit()
        if request.POST.get("version") != str(unit.version):
            # The unit's terms changed since the dates were shown: show the new ones.
            messages.warning(request, _("The unit changed meanwhile: check the new dates."))
            return redirect("workspace:renew", pk=unit.pk)
        try:
            term = services.renew_mandate(unit=unit)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("workspace:renew", pk=unit.pk)
        messages.success(
            request,
            _("%(code)s renewed: term %(number)d runs from %(start)s to %(end)s.")
            % {
                "code": unit.code,
                "number": term.number,
                "start": rules.date_label(term.start),
                "end": rules.date_label(term.end),
            },
        )
        request.session[self.RENEWED_KEY] = unit.pk
        return redirect("workspace:renew", pk=unit.pk)


class PlanningView(WorkspaceAccessMixin, TemplateView):
    """By year and evaluation wave, then by site: how many units' last recorded term ends,
    from this year to YEARS_AHEAD years on, each count linking to the workspace's list of
    exactly those units (filters wave, site and term_end_year).

    The last recorded term's end (term_end), not the current term's: a unit whose renewal is
    already recorded needs nothing until its renewal term ends, and that end is when it is
    renewed, succeeded or closed."""

    template_name = "workspace/planning.html"
    YEARS_AHEAD = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        years = list(range(this_year, this_year + self.YEARS_AHEAD + 1))
        units = (
            waves.with_wave(ResearchUnit.objects.order_by())
            .filter(term_end__year__gte=years[0], term_end__year__lte=years[-1])
            .annotate(end_year=ExtractYear("term_end"))
        )
        wave_list = list(EvaluationWave.objects.prefetch_related("regions"))
        letters = [wave.letter for wave in wave_list]
        columns = [*letters, waves.NO_WAVE]
        contract_ends = {wave.letter: wave.contract_on(this_year)[1] for wave in wave_list}
        counted = {
            (row["evaluation_wave"] or waves.NO_WAVE, row["end_year"]): row["count"]
            for row in units.values("evaluation_wave", "end_year").annotate(count=Count("pk"))
        }
        context["years"] = years
        context["waves"] = [
            {
                "letter": wave.letter,
                "label": wave.get_letter_display(),
                "contract": years_label(wave.contract_on(this_year)),
                "campaign": years_label(wave.next_campaign(this_year)),
                "regions": sorted(str(region.get_region_display()) for region in wave.regions.all()),
            }
            for wave in wave_list
        ]
        context["wave_rows"] = [
            {
                "year": year,
                "cells": [
                    {
                        "wave": column,
                        "count": counted.get((column, year), 0),
                        "url": list_url(wave=column, term_end_year=year),
                        "contract_ends": contract_ends.get(column) == year,
                    }
                    for column in columns
                ],
                "total": (sum(counted.get((column, year), 0) for column in columns), list_url(term_end_year=year)),
            }
            for year in years
        ]
        region_waves = {region.region: wave.letter for wave in wave_list for region in wave.regions.all()}
        context["site_rows"] = site_year_rows(units, years, region_waves)
        context["may_edit_waves"] = self.request.user.has_perm("workspace.change_evaluationwave")
        return context


def list_url(**filters) -> str:
    """The workspace's unit list with these filters."""
    return f"{reverse('workspace:dashboard')}?{urlencode(filters)}"


def site_year_rows(units, years: list[int], region_waves: dict[str, str]) -> list[dict]:
    """Per site with a unit whose term ends in `years`: its wave (its exception's, else its
    region's, from `region_waves`) and per year how many of its units end their term, with
    the link to them. Its units may have waves of their own: the site's row counts them all."""
    counted = units.values(
        "site__slug", "site__name", "site__city", "site__region", "site__wave_exception__wave_id", "end_year"
    ).annotate(count=Count("pk"))
    rows: dict[str, dict] = {}
    for item in counted:
        row = rows.setdefault(
            item["site__slug"],
            {
                "slug": item["site__slug"],
                "name": item["site__name"],
                "city": item["site__city"],
                "wave": item["site__wave_exception__wave_id"] or region_waves.get(item["site__region"], ""),
                "counts": dict.fromkeys(years, 0),
            },
        )
        row["counts"][item["end_year"]] += item["count"]
    ordered = sorted(rows.values(), key=lambda row: (row["wave"] or "~", row["name"]))  # sites without wave last
    for row in ordered:
        row["cells"] = [(year, row["counts"][year], list_url(site=row["slug"], term_end_year=year)) for year in years]
    return ordered
