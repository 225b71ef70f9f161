"""Which evaluation wave a unit is in: its own (ResearchUnit.hceres_wave) when set, else
its site's exception (WaveSiteException), else its site's region's (WaveRegion); none if
none of them says. In SQL for lists (with_wave), in Python for a page showing one unit
(wave_of): the same rule twice, which tests/workspace/test_waves.py compares."""

from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from units.models import ResearchUnit, Site

from .models import WaveRegion, WaveSiteException

NO_WAVE = "none"  # the wave filter's value for units no wave covers


def region_wave(region_path: str) -> Subquery:
    """The wave of the region at `region_path` (OuterRef), NULL if none covers it."""
    return Subquery(WaveRegion.objects.filter(region=OuterRef(region_path)).values("wave_id")[:1])


def with_wave(units: QuerySet) -> QuerySet:
    """Units annotated with `evaluation_wave` (a letter, or NULL): lists filter, sort and
    count on it. The site's exception is a join (one to one), the region's wave a subquery
    on WaveRegion's unique region."""
    return units.annotate(
        evaluation_wave=Coalesce(
            NullIf("hceres_wave", Value("")),
            "site__wave_exception__wave_id",
            region_wave("site__region"),
            output_field=CharField(),
        )
    )


def with_site_wave(sites: QuerySet) -> QuerySet:
    """Sites annotated with `site_wave`: their exception's, else their region's."""
    return sites.annotate(
        site_wave=Coalesce("wave_exception__wave_id", region_wave("region"), output_field=CharField())
    )


def site_wave(site: Site) -> str | None:
    """The wave a site's units are in unless they have their own (one or two queries)."""
    exception = WaveSiteException.objects.filter(site_id=site.pk).values_list("wave_id", flat=True).first()
    if exception:
        return exception
    return WaveRegion.objects.filter(region=site.region).values_list("wave_id", flat=True).first()


def wave_of(unit: ResearchUnit) -> str | None:
    """The unit's wave, by with_wave's rule, for a page showing one unit. A unit read with
    with_wave() has it already (no query)."""
    if hasattr(unit, "evaluation_wave"):
        return unit.evaluation_wave
    return unit.hceres_wave or site_wave(unit.site)
