from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.jsonld import partner_jsonld
from core.lists import PublicListView
from core.templatetags.portal import country_name, label

from .filters import PartnerFilter
from .models import Partner


class PartnerListView(PublicListView):
    filterset_class = PartnerFilter
    queryset = Partner.objects.for_directory().order_by("name_key", "pk")
    default_sort = "name"
    template_name = "partners/partner_list.html"
    export_filename = "partners"
    row_fields = ("name", "slug", "acronym", "kind", "city", "country", "category")
    index_order = ("name_key", "pk")  # partner_directory_name: (is_published, name_key, id)

    def paginate_queryset(self, queryset, page_size):
        # The rows name categories from category_table(): no join, no Category per row.
        return super().paginate_queryset(queryset.select_related(None), page_size)

    # Labels as the rows write them (label, country_name): get_kind_display() and
    # country.name translate every choice again for each row.
    csv_columns = [
        (_("name"), lambda p: p.name),
        (_("acronym"), lambda p: p.acronym),
        (_("category"), lambda p: p.category.name),
        (_("kind"), lambda p: label(p, "kind")),
        (_("country"), lambda p: country_name(p.country)),
        (_("city"), lambda p: p.city),
        (_("region"), lambda p: label(p, "region")),
        (_("website"), lambda p: p.website),
        (_("ROR ID"), lambda p: p.ror_id),
        (_("page"), lambda p: p.get_absolute_url()),
    ]


class PartnerDetailView(DetailView):
    queryset = Partner.objects.for_public_detail()
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_url = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["json_ld"] = partner_jsonld(self.object, page_url)
        context["agreements"] = self.object.recent_public_agreements()
        return context
