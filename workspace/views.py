from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.exports import xlsx_response
from core.lists import PublicListView
from core.roles import EDITORS, MANAGERS
from units import rules, services
from units.filters import IN_FORCE, STATUS_CHOICES
from units.models import MandateStatus, ResearchUnit

from .columns import COLUMNS
from .filters import WorkspaceUnitFilter


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
        return ResearchUnit.objects.for_workspace().order_by("code_key", "pk")

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
        context["terms"] = list(unit.mandates.all())
        return context

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
        return redirect("workspace:renew", pk=unit.pk)
