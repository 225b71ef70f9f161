from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from core.jsonld import unit_jsonld
from core.links import page_url
from core.lists import PublicListView

from . import lineage, maps
from .charts import term_end_counts, term_ends_chart
from .columns import SITE_LIST, UNIT_LIST
from .filters import SiteFilter, UnitFilter, unit_by_code
from .models import MandateStatus, Region, ResearchUnit, Site


class UnitListView(PublicListView):
    filterset_class = UnitFilter
    template_name = "units/unit_list.html"
    columns = UNIT_LIST
    caption = _("Research units matching the filters")
    export_view = "units:export"
    export_filename = "units"
    row_fields = ("code", "name", "acronym", *ResearchUnit.TERM_SUMMARY, "site__name", "site__slug", "site__city")
    index_order = ("code_key", "pk")  # unit_published_code: (is_published, code_key)
    default_sort = "code"

    def get_queryset(self):
        units = ResearchUnit.objects.for_public_list().order_by("code_key", "pk")
        # The CSV names each unit's supervising bodies; the page does not show them.
        return units.with_supervisor_names() if getattr(self, "exporting", False) else units

    def export(self):
        self.exporting = True
        return super().export()


class UnitDetailView(DetailView):
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_object(self, queryset=None):
        # Any spelling of the code finds the unit: /units/u1234/ is /units/U1234/; failing
        # that, any spelling of its number: /units/UMRS-1013/ is U1013's page (the latest
        # unit to hold that number, if it was re-created under it).
        unit = unit_by_code(ResearchUnit.objects.for_public_detail(), self.kwargs["code"])
        if unit is None:
            raise Http404(_("No published unit has the code %(code)s.") % {"code": self.kwargs["code"][:40]})
        return unit

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["code"] != self.object.code_slug:
            query = request.META.get("QUERY_STRING", "")
            return redirect(self.object.get_absolute_url() + (f"?{query}" if query else ""), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        # The partners app adds `agreements` to units; only its public ones are shown
        # (public() says which), with their published partners.
        agreements = list(unit.agreements.public().order_by("-start", "reference").prefetch_related("partners"))
        for agreement in agreements:
            agreement.public_partners = [p for p in agreement.partners.all() if p.is_published]
        today = timezone.localdate()
        partners = UnitPartners(unit, today)
        story, story_data = self.lineage(unit)
        context.update(
            agreements=agreements,
            supervisors=partners.supervisors,
            other_partners=partners.other_roles,
            former_partners=partners.former,
            json_ld=unit_jsonld(
                unit, self.request.build_absolute_uri(unit.get_absolute_url()), partners.supervisors, story_data
            ),
            terms=list(unit.mandates.all()),
            today=today,
        )
        context.update(story)
        return context

    def lineage(self, unit) -> tuple[dict, list[dict]]:
        """Where the unit comes from and what became of it (one query): the page's sentences,
        published units named and linked, unpublished ones only counted ("a unit not
        published here"); and the same for the JSON-LD (see core.jsonld.unit_jsonld)."""
        origins, fates = lineage.lineage(unit, list(lineage.rows_around(unit, until=timezone.localdate())))
        absolute = self.request.build_absolute_uri

        def page(other):
            return other.get_absolute_url()

        data = [
            {
                "name": lineage.sentence(event),
                "on": event.on,
                "ends": event.direction == "to",
                "units": [(other.code, absolute(page(other))) for other in event.units + event.partners],
            }
            for event in origins + fates
        ]
        story = {
            "lineage": [lineage.sentence(event, link=page) for event in origins + fates],
            "fates": [lineage.sentence(event, link=page) for event in fates],
        }
        return story, data


class UnitPartners:
    """A unit's published partners (the partners app's relations, `unit.partner_links`), in
    one query: its supervising bodies today (Inserm aside, which supervises every unit), its
    partners in the other roles today, and the relations over by `today`, latest first."""

    def __init__(self, unit, today):
        links = unit.partner_links.filter(partner__is_published=True, start__lte=today).select_related("partner")
        roles = list(links.model.Role)
        current = sorted(
            (link for link in links if link.in_force_on(today)),
            key=lambda link: (roles.index(link.role), link.partner.name_key),
        )
        by_role = {role: [link.partner for link in current if link.role == role] for role in roles}
        self.supervisors = by_role.pop(links.model.Role.SUPERVISOR)
        self.other_roles = [(role.label, partners) for role, partners in by_role.items() if partners]
        self.former = sorted(
            (link for link in links if link.end is not None and link.end < today),
            key=lambda link: (-link.end.toordinal(), link.partner.name_key),
        )


class SiteListView(PublicListView):
    filterset_class = SiteFilter
    template_name = "units/site_list.html"
    columns = SITE_LIST
    caption = _("Sites matching the filters")
    export_view = "units:site_export"
    export_filename = "sites"
    row_fields = ("name", "slug", "kind", "city", "region")
    default_sort = "name"

    def get_queryset(self):
        return Site.objects.with_public_unit_count().with_public_institution().order_by("name_key", "pk")


class SiteDetailView(DetailView):
    queryset = Site.objects.select_related("institution")  # shown if published
    template_name = "units/site_detail.html"
    context_object_name = "site"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = ResearchUnit.objects.for_public_list().filter(site=self.object).order_by("code_key", "pk")
        by_status = {}
        for unit in units:
            by_status.setdefault(unit.mandate_status, []).append(unit)
        groups = [(status.label, by_status[status.value]) for status in MandateStatus if status.value in by_status]
        if None in by_status:
            groups.append((_("No term recorded"), by_status[None]))
        context["units_by_status"] = groups
        context["unit_count"] = sum(len(group) for _status, group in context["units_by_status"])
        context["term_ends_chart"] = self.term_ends_chart()
        # The sites of its region, on the map centred on it (one query).
        context["map"] = maps.site_map(maps.places(region=self.object.region), site=self.object.slug)
        return context

    def term_ends_chart(self):
        """Its published units by the year their term ends and by mandate status, in one
        grouped query; each bar and segment links to the unit list showing those units."""
        site = self.object
        counts = term_end_counts(ResearchUnit.objects.published().filter(site=site), timezone.localdate())
        return term_ends_chart(
            counts,
            filters={"site": site.slug},
            status_links=True,
            name="term-ends-chart",
            title=_("Published units of the site, by the year their term ends and by mandate status"),
            caption=_(
                "Each unit is counted in the year its last recorded term ends (the unit list's "
                "“Term end”), with its mandate status today. Units without a recorded term are not shown."
            ),
            row_heading=_("Year the term ends"),
            value_heading=_("Number of units"),
        )


class RegionDetailView(TemplateView):
    """A region: its sites on the map, each with its units in force (one query), and links
    to the unit and site lists of the region."""

    template_name = "units/region_detail.html"
    SITES_SHOWN = 100  # the largest sites; the site list has them all

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            region = Region(self.kwargs["region"])
        except ValueError:
            raise Http404(_("There is no region %(region)s.") % {"region": self.kwargs["region"][:40]}) from None
        places = sorted(maps.places(region=region), key=lambda place: (-place.units, place.name))
        context.update(
            region=region,
            map=maps.site_map(places, region=region),
            sites=places[: self.SITES_SHOWN],
            site_count=len(places),
            unit_count=sum(place.units for place in places),
            units_url=maps.unit_list(region=region.value),
            sites_url=page_url("units:site_list") + "?region=" + region.value,
        )
        return context
