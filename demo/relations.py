"""The demo's supervising bodies and host institutions, as dated relations (UnitPartner)
and each site's institution (Site.institution):

- every unit is supervised by a university from its first term's start: the one its site
  works with (Île-de-France's sites, by name), else its city's (or the nearby city's that
  has the university), else its region's (the first by slug), else one drawn for it; the
  same at every scale; a mixed unit by CNRS too;
- a few renewed research units (U) of the first copy have a past: CNRS supervised their first term and
  withdrew at their renewal, as it does when a unit's themes move away from its own (the
  relation ends with the first term). (The demo has no partner for the universities that
  merged into others, such as Paris Descartes and Paris Diderot into Université de Paris,
  now Université Paris Cité: demo/data.py lists today's.)
- each site belongs to its institution: Île-de-France hospital sites to AP-HP, Lyon's to
  the Hospices Civils de Lyon, Marseille's to AP-HM, other hospital sites to their city's
  CHU, a cancer centre or blood establishment site to the partner of its name, a faculty
  to its city's university (else its region's).

Idempotent: units that have relations and sites that have an institution are left as they
are, so a second run adds nothing."""

import random

from django.utils import timezone

from partners.models import Partner, UnitPartner
from units.models import ResearchUnit, Site

# How many scale-1 units CNRS left at their renewal (of the renewed mixed units, in code order).
CNRS_WITHDRAWALS = 6
HOSPITAL_GROUPS = {"Lyon": "Hospices Civils de Lyon", "Marseille": "Assistance Publique – Hôpitaux de Marseille"}
APHP = "Assistance Publique – Hôpitaux de Paris"
# Sites whose institution their name, city or kind does not tell.
SITE_INSTITUTIONS = {
    "Hôpital Lyon Sud": "Hospices Civils de Lyon",  # in Pierre-Bénite
    "Hôpital Pierre-Wertheimer": "Hospices Civils de Lyon",  # in Bron
    "Faculté de pharmacie de Paris": "Université Paris Cité",
    "Institut universitaire du cancer de Toulouse – Oncopole": "Institut Claudius Regaud",
    "EFS Centre-Pays de la Loire, site de Nantes": "EFS Centre-Pays de la Loire",
}

# The university each Île-de-France site works with (Paris alone has four).
SITE_UNIVERSITIES = {
    "Campus Jussieu": "Sorbonne Université",
    "Campus des Cordeliers": "Sorbonne Université",
    "Hôpital Pitié-Salpêtrière": "Sorbonne Université",
    "Hôpital Saint-Antoine": "Sorbonne Université",
    "Faculté de pharmacie de Paris": "Université Paris Cité",
    "Hôpital Bichat-Claude-Bernard": "Université Paris Cité",
    "Hôpital Cochin": "Université Paris Cité",
    "Hôpital Lariboisière": "Université Paris Cité",
    "Hôpital Necker-Enfants malades": "Université Paris Cité",
    "Hôpital Robert-Debré": "Université Paris Cité",
    "Hôpital Saint-Louis": "Université Paris Cité",
    "Hôpital européen Georges-Pompidou": "Université Paris Cité",
    "Institut Pasteur": "Université Paris Cité",
    "EFS Île-de-France": "Université Paris Cité",
    "Institut Curie": "Université Paris sciences et lettres",
    "Hôpital Avicenne": "Université Sorbonne Paris Nord",
    "Hôpital Henri-Mondor": "Université Paris-Est Créteil",
    "Campus Paris-Saclay": "Université Paris-Saclay",
    "Hôpital Bicêtre": "Université Paris-Saclay",
    "Hôpital Paul-Brousse": "Université Paris-Saclay",
    "Hôpital Raymond-Poincaré": "Université Paris-Saclay",
    "Gustave Roussy": "Université Paris-Saclay",
    "Genopole": "Université d'Évry Paris-Saclay",
}
# Cities whose university has its seat in a nearby city.
UNIVERSITY_CITIES = {
    "Lyon": "Villeurbanne",
    "Bron": "Villeurbanne",
    "Pierre-Bénite": "Villeurbanne",
    "La Tronche": "Grenoble",
    "Illkirch-Graffenstaden": "Strasbourg",
    "Talence": "Bordeaux",
    "Saint-Herblain": "Nantes",
    "Sainte-Clotilde": "Saint-Denis",
    "Vandœuvre-lès-Nancy": "Nancy",
    "Nîmes": "Montpellier",
}


def add_relations(first_copy_codes: set[str], seed: int) -> tuple[int, int]:
    """Relations for the units that have none, institutions for the sites without one.
    Returns (relations added, sites given an institution)."""
    return add_unit_relations(first_copy_codes, seed), add_site_institutions()


def region_universities() -> tuple[list[Partner], dict[str, Partner]]:
    """The real universities (not the numbered copies of larger scales), and the first of
    each region by slug: a unit's university is the same at every scale."""
    universities = list(
        Partner.objects.filter(kind=Partner.Kind.UNIVERSITY, country="FR")
        .exclude(name__regex=r" – \d+$")
        .order_by("slug")
    )
    by_region = {}
    for university in universities:
        by_region.setdefault(university.region, university)
    return universities, by_region


def site_university(site: Site, universities: list[Partner], by_region: dict[str, Partner]) -> Partner | None:
    """The university a unit of `site` is supervised by (see the module's docstring)."""
    named = SITE_UNIVERSITIES.get(site.name)
    city = UNIVERSITY_CITIES.get(site.city, site.city)
    return (
        next((u for u in universities if u.name == named), None)
        or next((u for u in universities if u.city == city), None)
        or by_region.get(site.region)
    )


def add_unit_relations(first_copy_codes: set[str], seed: int) -> int:
    universities, by_region = region_universities()
    cnrs = Partner.objects.filter(acronym="CNRS").exclude(name__regex=r" – \d+$").first()
    units = (
        ResearchUnit.objects.filter(partner_links__isnull=True, term_start__isnull=False)
        .select_related("site")
        .prefetch_related("mandates")
        .order_by("code_key")
    )
    relations, withdrawals = [], 0
    today = timezone.localdate()
    for unit in units:
        university = site_university(unit.site, universities, by_region) or random.Random(
            f"{seed}:supervisor:{unit.code}"
        ).choice(universities)
        # A unit whose terms have ended is supervised no more: its relations end with it.
        end = unit.term_end if unit.term_end < today else None
        relations.append(UnitPartner(unit=unit, partner=university, start=unit.term_start, end=end))
        if cnrs is None:
            continue
        terms = sorted(unit.mandates.all(), key=lambda term: term.number)
        if unit.structure_type == ResearchUnit.StructureType.MIXED_UNIT:
            relations.append(UnitPartner(unit=unit, partner=cnrs, start=unit.term_start, end=end))
        elif (
            unit.structure_type == ResearchUnit.StructureType.RESEARCH_UNIT  # not a CIC, a team, a service
            and unit.code in first_copy_codes
            and len(terms) > 1
            and withdrawals < CNRS_WITHDRAWALS
        ):
            # CNRS supervised its first term, and withdrew when it was renewed.
            relations.append(UnitPartner(unit=unit, partner=cnrs, start=terms[0].start, end=terms[0].end))
            withdrawals += 1
    UnitPartner.objects.bulk_create(relations, batch_size=2000)
    return len(relations)


def add_site_institutions() -> int:
    partners = Partner.objects.exclude(name__regex=r" – \d+$")
    names = {**{name: name for name in Site.objects.values_list("name", flat=True)}, **SITE_INSTITUTIONS}
    found = {partner.name: partner for partner in partners.filter(name__in=names.values())}
    by_name = {site: found[partner] for site, partner in names.items() if partner in found}
    groups = {partner.name: partner for partner in partners.filter(name__in=[APHP, *HOSPITAL_GROUPS.values()])}
    chus = {
        partner.city: partner
        for partner in partners.filter(kind=Partner.Kind.HOSPITAL, name__startswith="CHU").order_by("-slug")
    }
    universities, by_region = region_universities()

    sites = list(Site.objects.filter(institution__isnull=True).order_by("slug"))
    for site in sites:
        if site.name in by_name:
            site.institution = by_name[site.name]
        elif site.kind == Site.Kind.CHU:
            if site.region == "ile-de-france":
                site.institution = groups.get(APHP)
            elif site.city in HOSPITAL_GROUPS:
                site.institution = groups.get(HOSPITAL_GROUPS[site.city])
            else:
                site.institution = chus.get(site.city) or chu_named_after(site, chus)
        elif site.kind == Site.Kind.FACULTY:
            site.institution = site_university(site, universities, by_region)
    given = [site for site in sites if site.institution_id is not None]
    Site.objects.bulk_update(given, ["institution"], batch_size=2000)
    return len(given)


def chu_named_after(site: Site, chus: dict[str, Partner]) -> Partner | None:
    """The CHU whose name the site's starts with ("CHU de Toulouse – Hôpital Purpan")."""
    return next((chu for chu in chus.values() if site.name.startswith(chu.name)), None)
