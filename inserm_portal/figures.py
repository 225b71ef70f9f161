"""The key figures on the home page, computed from the data (public records only)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from partners.models import Agreement, Category
from units.models import ResearchUnit, Site


@dataclass(frozen=True)
class CategoryBar:
    category: Category
    count: int
    percent_of_max: float  # the bar's length, 0–100


@dataclass(frozen=True)
class KeyFigures:
    units: int
    units_in_hospital_perimeter: int
    units_with_puph_director: int
    active_agreements: int
    partners: int
    bars: list[CategoryBar]

    @property
    def hospital_perimeter_share(self) -> float:
        return self.units_in_hospital_perimeter / self.units if self.units else 0.0

    @property
    def puph_share(self) -> float:
        return self.units_with_puph_director / self.units if self.units else 0.0


def key_figures() -> KeyFigures:
    """Three queries: unit counts, partners per category, active public agreements."""
    units = ResearchUnit.objects.published().aggregate(
        total=Count("pk"),
        perimeter=Count("pk", filter=Q(site__kind__in=Site.HOSPITAL_PERIMETER)),
        puph=Count("pk", filter=Q(director_is_puph=True)),
    )
    categories = list(
        Category.objects.annotate(count=Count("partners", filter=Q(partners__is_published=True))).order_by(
            "display_order", "slug"
        )
    )
    largest = max((category.count for category in categories), default=0) or 1
    return KeyFigures(
        units=units["total"],
        units_in_hospital_perimeter=units["perimeter"],
        units_with_puph_director=units["puph"],
        active_agreements=Agreement.objects.public().filter(status=Agreement.Status.ACTIVE).count(),
        partners=sum(category.count for category in categories),
        bars=[CategoryBar(category, category.count, 100 * category.count / largest) for category in categories],
    )
