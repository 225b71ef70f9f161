from collections import Counter

from django.db.models import Count, F, Q, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import DetailView

from core import charts
from core.jsonld import partner_jsonld
from core.lists import PublicListView

from .columns import AGREEMENTS, PARTNER_LIST
from .filters import PartnerFilter, PublicAgreementFilter
from .models import Agreement, Partner, UnitPartner


class PartnerListView(PublicListView):
    filterset_class = PartnerFilter
    queryset = Partner.objects.for_directory().order_by("name_key", "pk")
    default_sort = "name"
    template_name = "partners/partner_list.html"
    columns = PARTNER_LIST
    caption = _("Partners matching the filters")
    export_view = "partners:export"
    export_filename = "partners"
    row_fields = ("name", "slug", "acronym", "kind", "city", "country", "category")
    index_order = ("name_key", "pk")  # partner_directory_name: (is_published, name_key, id)

    def paginate_queryset(self, queryset, page_size):
        # The rows name categories from category_table(): no join, no Category per row.
        return super().paginate_queryset(queryset.select_related(None), page_size)


class PartnerDetailView(DetailView):
    queryset = Partner.objects.for_public_detail()
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_url = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["json_ld"] = partner_jsonld(self.object, page_url)
        context["agreements"] = self.object.recent_public_agreements()
        context["agreements_chart"] = agreements_chart(self.object)
        context["units"] = PartnerUnits(self.object, timezone.localdate())
        context["sites"] = list(self.object.sites.order_by("name_key", "pk"))
        if self.object.kind == Partner.Kind.NETWORK:
            members = list(self.object.public_network_members())
            context["network_members"] = members
            context["members_by_role"] = members_by_role(members)
        return context


def agreements_chart(partner) -> charts.BarChart | None:
    """The partner's public agreements (what anonymous visitors see: Agreement.objects.public())
    by the year they start and by kind, in one grouped query; None without any. Every year
    from the first to the last is a bar, a year without agreements too."""
    counts = {
        (year, kind): count
        for year, kind, count in Agreement.objects.public()
        .filter(partners=partner)
        .annotate(year=ExtractYear("start"))
        .order_by()
        .values_list("year", "kind")
        .annotate(count=Count("pk"))
    }
    if not counts:
        return None
    present = {kind for _year, kind in counts}
    kinds = [charts.Group(kind.value, kind.label) for kind in Agreement.Kind if kind.value in present]
    kinds, counts = charts.fold_series(kinds, counts, other=charts.Group("other", _("Other kinds")))
    years = [year for year, _kind in counts]
    return charts.stacked_bars(
        name="agreements-chart",
        title=_("Public agreements by the year they start, and by kind"),
        caption=_(
            "Each agreement is counted once, in the year it starts. Only public, signed "
            "agreements are counted, as in the list below."
        ),
        row_heading=_("Year the agreement starts"),
        value_heading=_("Number of agreements"),
        rows=charts.year_rows(min(years), max(years)),
        series=kinds,
        counts=counts,
    )


class PartnerUnits:
    """The published units a partner is related to (UnitPartner): today, by role (at most
    SHOWN of each, the supervised ones all in the unit list), and formerly, latest first.
    Three queries whatever the partner's size (a national body has thousands of units):
    the counts, the units shown today (numbered within their role by the database), and
    the former ones shown."""

    SHOWN = 100
    HEADINGS = {
        UnitPartner.Role.SUPERVISOR: _("Units it supervises"),
        UnitPartner.Role.HOST: _("Units it hosts"),
        UnitPartner.Role.HOSPITAL: _("Units it works with as their hospital partner"),
        UnitPartner.Role.ASSOCIATE: _("Units it is associated with"),
    }

    def __init__(self, partner, today):
        links = partner.unit_links.filter(unit__is_published=True, start__lte=today).order_by()
        in_force = Q(end__isnull=True) | Q(end__gte=today)  # UnitPartnerQuerySet.on
        counts = {
            row["role"]: row
            for row in links.values("role").annotate(
                current=Count("pk", filter=in_force), former=Count("pk", filter=~in_force)
            )
        }
        ranked = (
            links.filter(in_force)
            .annotate(
                rank=Window(RowNumber(), partition_by=F("role"), order_by=[F("unit__code_key").asc(), F("start").asc()])
            )
            .filter(rank__lte=self.SHOWN)
            .select_related("unit")
            .order_by("unit__code_key", "start")
        )
        shown = {}
        for link in ranked:
            shown.setdefault(link.role, []).append(link.unit)
        self.today = [  # (role, heading, units shown, how many in all)
            (role, heading, shown[role], counts[role]["current"])
            for role, heading in self.HEADINGS.items()
            if role in shown
        ]
        self.former = list(
            links.exclude(in_force).select_related("unit").order_by("-end", "unit__code_key")[: self.SHOWN]
        )
        self.former_count = sum(row["former"] for row in counts.values())

    def __bool__(self):
        return bool(self.today or self.former)


def members_by_role(members) -> list[str]:
    """How many members of each role a network has: "11 research funding organisations (RFO)"."""
    counts = Counter(member.network_role for member in members)
    phrases = {
        Partner.NetworkRole.RFO: lambda count: ngettext(
            "%(count)d research funding organisation (RFO)", "%(count)d research funding organisations (RFO)", count
        ),
        Partner.NetworkRole.RPO: lambda count: ngettext(
            "%(count)d research performing organisation (RPO)",
            "%(count)d research performing organisations (RPO)",
            count,
        ),
    }
    return [phrase(counts[role]) % {"count": counts[role]} for role, phrase in phrases.items() if counts[role]]


class AgreementListView(PublicListView):
    """The public agreements, by kind and by state today: the list the home page's
    "agreements in force" figure links to (?state=in_force)."""

    filterset_class = PublicAgreementFilter
    template_name = "partners/agreement_list.html"
    columns = AGREEMENTS
    caption = _("Public agreements matching the filters")
    export_view = "partners:agreement_export"
    export_filename = "agreements"
    default_sort = "-period"

    def get_queryset(self):
        return Agreement.objects.for_public_list().order_by("-start", "reference")
