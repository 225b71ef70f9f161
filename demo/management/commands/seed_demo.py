"""Load deterministic demo data: `python manage.py seed_demo [--scale N]`.

Scale 1 looks like Inserm (about 350 units on 66 sites, 600 partners, 1,000
agreements); scale N multiplies units, sites, partners and agreements by N.
Idempotent: a record whose natural key (site slug, unit code, partner slug,
agreement reference) exists already is left alone, and so are its terms and
links, so running it twice changes nothing. Deterministic: every record draws
from its own random generator, seeded by its natural key or by its copy of the
scale-1 data, so a record is the same whatever the scale, the order of runs or
the database. Mandate and agreement dates are placed relative to the current
year so that every mandate status is represented whenever it runs.
"""

import datetime as dt
import itertools
import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from core import page_cache
from core.search import FoldedKeys
from demo import data
from partners.models import Agreement, Category, Partner
from units import rules
from units.models import Mandate, ResearchUnit, Site

SEED = 20081201  # fixed: the same records every time


def seeded(*key) -> random.Random:
    """A random generator of its own for one record or one copy of the data."""
    return random.Random("-".join(str(part) for part in (SEED, *key)))


BATCH = 1000

UNITS_PER_SCALE = 350
PARTNERS_PER_SCALE = 600
HOSPITAL_PERIMETER_SHARE = 0.8  # the brief: 80% of units on university-hospital sites
PUPH_SHARE = 0.43  # the brief: over 40% of units directed by a PU-PH


class Command(BaseCommand):
    help = "Load deterministic demo data that looks like Inserm's (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the data set by N (default 1).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the portal already holds units or partners."
        )

    def handle(self, *args, scale, if_empty, **options):
        if not 1 <= scale <= 1000:
            raise CommandError("--scale must be a whole number from 1 to 1000.")
        if if_empty and (ResearchUnit.objects.exists() or Partner.objects.exists()):
            self.stdout.write("The portal already holds data: demo data not loaded.")
            return
        if Category.objects.count() < 10:
            raise CommandError("The ten partner categories are missing: run `manage.py migrate` first.")
        today = timezone.localdate()
        # Names built from choice labels ("Région Bretagne", agreement titles) are French,
        # whatever language runs the command: a second run in another language adds nothing.
        with transaction.atomic(), translation.override("fr"):
            site_copies = build_sites(scale)
            sites = create_missing(Site, [site for copy in site_copies for site in copy], "slug")
            unit_copies = [
                build_units(copy, [sites[site.slug] for site in sites_of_copy])
                for copy, sites_of_copy in enumerate(site_copies)
            ]
            units, new_codes = create_units([unit for copy in unit_copies for unit in copy])
            mandates = create_mandates(units, new_codes, today)
            partner_list = build_partners(scale)
            partners = create_partners(partner_list)
            agreements = create_agreements(
                scale=scale,
                unit_copies=[[units[unit.code] for unit in copy] for copy in unit_copies],
                partner_list=[partners[item.slug] for item in partner_list if item.slug in partners],
                today=today,
            )
        page_cache.invalidate()  # bulk inserts send no save signals
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses after a bulk load
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data at scale {scale}: {Site.objects.count()} sites, {ResearchUnit.objects.count()} units "
                f"({mandates} new terms), {Partner.objects.count()} partners, "
                f"{Agreement.objects.count()} agreements ({agreements} new)."
            )
        )


def created(model, objects: list) -> None:
    """Insert in bulk, with each record's first history entry, so that the first edit of a
    demo record can be undone from its history like any other. (An agreement's first
    entry holds no partners or units: they are linked just after.)"""
    for obj in objects:
        if isinstance(obj, FoldedKeys):
            obj.refresh_folded_keys()  # bulk_create does not call save()
    bulk_create_with_history(objects, model, batch_size=BATCH, default_change_reason="Demo data")


def create_missing(model, objects, key: str) -> dict:
    """Insert the objects whose `key` is not in the table yet; return {key: object} for all of them."""
    existing = set(model.objects.values_list(key, flat=True))
    created(model, [obj for obj in objects if getattr(obj, key) not in existing])
    return model.objects.in_bulk([getattr(obj, key) for obj in objects], field_name=key)


# Sites -----------------------------------------------------------------------------------------


def build_sites(scale: int) -> list[list[Site]]:
    """The scale-1 sites, then one renamed copy of them per extra scale."""
    copies = []
    for copy in range(scale):
        sites = []
        for name, city, region, kind, lat, lon in data.SITES:
            label = name if copy == 0 else f"{name} – site {copy + 1}"
            sites.append(
                Site(
                    name=label,
                    slug=slugify(label),
                    kind=kind,
                    city=city,
                    region=region,
                    latitude=Decimal(str(lat)),
                    longitude=Decimal(str(lon)),
                )
            )
        copies.append(sites)
    return copies


# Units and their terms ---------------------------------------------------------------------------

CODE_FORMATS = [
    (ResearchUnit.StructureType.RESEARCH_UNIT, "U{n}", 55),
    (ResearchUnit.StructureType.MIXED_UNIT, "UMR-S {n}", 20),
    (ResearchUnit.StructureType.CIC, "CIC {n}", 10),
    (ResearchUnit.StructureType.SERVICE_UNIT, "US {n}", 7),
    (ResearchUnit.StructureType.TEAM, "ERL {n}", 8),
]


def exact_flags(rng: random.Random, count: int, share: float) -> list[bool]:
    """`count` booleans of which round(count * share) are true, in random order."""
    flags = [index < round(count * share) for index in range(count)]
    rng.shuffle(flags)
    return flags


def build_units(copy: int, sites: list[Site]) -> list[ResearchUnit]:
    """One copy of the scale-1 units (350), hosted on that copy's sites."""
    rng = seeded("units", copy)
    count = UNITS_PER_SCALE
    # Sorted by slug so that the draws never depend on the order a database returns rows in.
    perimeter = sorted((site for site in sites if site.in_hospital_perimeter), key=lambda s: s.slug)
    elsewhere = sorted((site for site in sites if not site.in_hospital_perimeter), key=lambda s: s.slug)
    # Every site hosts at least one unit, then bigger hospitals draw more.
    perimeter_cycle, elsewhere_cycle = itertools.cycle(perimeter), itertools.cycle(elsewhere)
    in_perimeter = exact_flags(rng, count, HOSPITAL_PERIMETER_SHARE)
    # PU-PH are hospital practitioners: their units sit on university-hospital sites.
    puph = set(rng.sample([i for i in range(count) if in_perimeter[i]], round(count * PUPH_SHARE)))
    structure_types, formats, weights = zip(*CODE_FORMATS, strict=True)
    units = []
    for index in range(count):
        number = 1001 + copy * UNITS_PER_SCALE + index
        choice = rng.choices(range(len(structure_types)), weights=weights)[0]
        if in_perimeter[index]:
            site = next(perimeter_cycle) if index < 2 * len(perimeter) else rng.choice(perimeter)
        else:
            site = next(elsewhere_cycle) if index < 2 * len(elsewhere) else rng.choice(elsewhere)
        field, field2 = rng.sample(data.RESEARCH_FIELDS, 2)
        name = rng.choice(data.UNIT_NAME_PATTERNS).format(
            field=field, field2=field2, Field=field.capitalize(), city=site.city
        )
        units.append(
            ResearchUnit(
                code=formats[choice].format(n=number),
                name=name,
                acronym="".join(word[0] for word in name.split() if len(word) > 3).upper()[:8],
                structure_type=structure_types[choice],
                site=site,
                director_name=f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}",
                director_is_puph=index in puph,
                hospital_staff_count=rng.randint(2, 14) if site.in_hospital_perimeter else rng.randint(0, 3),
                themes=", ".join(rng.sample(data.RESEARCH_FIELDS, rng.randint(2, 4))),
                # 9 digits and a letter, unique since the unit number is.
                rnsr_number=f"{rng.randint(1990, 2024)}{number:05d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}",
                hceres_wave=rng.choice("ABCDE"),
                is_published=rng.random() < 0.95,
                internal_notes=rng.choice(["", "", "", "Director's succession to plan.", "Budget under review."]),
            )
        )
    return units


def create_units(units: list[ResearchUnit]) -> tuple[dict, set]:
    existing = set(ResearchUnit.objects.values_list("code", flat=True))
    new_codes = {unit.code for unit in units} - existing
    create_missing(ResearchUnit, units, "code")
    codes = [unit.code for unit in units]
    return ResearchUnit.objects.select_related("site").in_bulk(codes, field_name="code"), new_codes


# How many years ago a unit's first term started (terms start on 1 January), with weights.
# Seen from year Y: -1 upcoming; 0-2 first term; 3 first term ending this year (expiring);
# 4-6 second term (final); 7 second term ending this year (expiring); 8+ ended.
TERM_HISTORIES = [(-1, 5), (0, 12), (1, 12), (2, 12), (3, 12), (4, 9), (5, 9), (6, 9), (7, 8), (9, 6), (10, 4)]


def create_mandates(units: dict, new_codes: set, today: dt.date) -> int:
    """Terms for the units created by this run (existing units keep theirs)."""
    years, weights = zip(*TERM_HISTORIES, strict=True)
    mandates = []
    for code in sorted(new_codes):
        unit = units[code]
        rng = seeded("terms", code)
        years_ago = rng.choices(years, weights=weights)[0]
        start = dt.date(today.year - years_ago, 1, 1)
        end = rules.term_end(start)
        mandates.append(Mandate(unit=unit, number=1, start=start, end=end))
        ended_unrenewed = years_ago >= 4 and rng.random() < 0.15
        renewed_early = years_ago == 3 and rng.random() < 0.3  # renewal decided before the term ends
        if (end < today and not ended_unrenewed) or renewed_early:
            mandates.append(
                Mandate(unit=unit, number=2, start=end + rules.ONE_DAY, end=rules.term_end(end + rules.ONE_DAY))
            )
    created(Mandate, mandates)
    ResearchUnit.objects.refresh_terms()  # bulk_create sends no signals
    return len(mandates)


# Partners --------------------------------------------------------------------------------------


def partner(category, name, acronym, kind, city="", region="", country="FR", **fields) -> Partner:  # noqa: PLR0917
    return Partner(
        name=name,
        slug=slugify(f"{name} {acronym}" if acronym and acronym.lower() not in name.lower() else name)[:250],
        acronym=acronym,
        category=category,
        kind=kind,
        country=country,
        city=city,
        region=region if country == "FR" else "",
        **fields,
    )


def build_partners(scale: int) -> list[Partner]:
    """The real partners, then synthetic ones up to PARTNERS_PER_SCALE × scale, in a fixed order."""
    categories = {category.slug: category for category in Category.objects.all()}
    higher_ed = categories["higher-education"]
    partners = [
        partner(higher_ed, name, acronym, Partner.Kind.UNIVERSITY, city, region, ror_id=ror)
        for name, acronym, city, region, ror in data.UNIVERSITIES
    ]
    partners += [
        partner(higher_ed, name, acronym, Partner.Kind.SCHOOL, city, region)
        for name, acronym, city, region in data.SCHOOLS
    ]
    for slug, rows in data.FRENCH_PARTNERS.items():
        for name, acronym, kind, city, region, website in rows:
            ror = data.ROR_IDS.get(acronym or name, "")
            partners.append(partner(categories[slug], name, acronym, kind, city, region, website=website, ror_id=ror))

    local = categories["local-governments"]
    partners += [
        partner(local, f"Région {region.label}", "", Partner.Kind.REGION, seat, region)
        for region, seat in data.REGION_SEATS.items()
    ]
    partners += [
        partner(local, f"Département {name}", "", Partner.Kind.DEPARTEMENT, seat, region)
        for name, seat, region in data.DEPARTEMENTS
    ]
    partners += [
        partner(local, f"Ville de {city}", "", Partner.Kind.MUNICIPALITY, city, region) for city, region in data.CITIES
    ]

    europe = categories["european-networks"]
    name, acronym, country, city, _role = data.EUROPEAN_NETWORK
    partners.append(partner(europe, name, acronym, Partner.Kind.NETWORK, city, country=country))
    partners += [
        partner(
            europe,
            name,
            acronym,
            Partner.Kind.FUNDING_AGENCY if role == "rfo" else Partner.Kind.RESEARCH_BODY,
            city,
            country=country,
            network_role=role,
        )
        for name, acronym, country, city, role in data.EUROPEAN_MEMBERS
    ]
    partners += synthetic_partners(PARTNERS_PER_SCALE * scale - len(partners), categories)
    for index, item in enumerate(partners):
        item.is_published = index < 200 or seeded("published", index).random() < 0.92
    return partners


def synthetic_partners(count: int, categories: dict) -> list[Partner]:
    """Plausible companies, associations and foundations to make up the numbers."""
    companies = (
        f"{head}{tail} {form}"
        for form, head, tail in itertools.product(data.COMPANY_FORMS, data.COMPANY_HEADS, data.COMPANY_TAILS)
    )
    associations = (
        (f"Association contre {disease} – {city}", city, region)
        for (city, region), disease in itertools.product(data.CITIES, data.DISEASES)
    )
    foundations = (
        f"Fondation {last} pour la recherche en {field}"
        for field, last in itertools.product(data.RESEARCH_FIELDS, data.LAST_NAMES)
    )
    companies, associations, foundations = (itertools.cycle(list(g)) for g in (companies, associations, foundations))
    made = []
    for index in range(max(count, 0)):
        round_label = "" if index < 600 else f" {index // 600 + 1}"  # keeps names unique at large scales
        city, region = seeded("partner", index).choice(data.CITIES)
        kind = index % 20
        if kind < 9:
            made.append(
                partner(categories["industry"], next(companies) + round_label, "", Partner.Kind.COMPANY, city, region)
            )
        elif kind < 15:
            name, a_city, a_region = next(associations)
            made.append(
                partner(
                    categories["patient-associations"],
                    name + round_label,
                    "",
                    Partner.Kind.ASSOCIATION,
                    a_city,
                    a_region,
                )
            )
        else:
            made.append(
                partner(
                    categories["foundations-charities"],
                    next(foundations) + round_label,
                    "",
                    Partner.Kind.FOUNDATION,
                    city,
                    region,
                )
            )
    return made


def create_partners(partners: list[Partner]) -> dict:
    # Synthetic names can meet a real one's slug: keep the first.
    unique = list({item.slug: item for item in reversed(partners)}.values())[::-1]
    created = create_missing(Partner, unique, "slug")
    unicancer = created.get("unicancer")
    if unicancer:  # cancer centres are members of the Unicancer federation
        Partner.objects.filter(kind=Partner.Kind.CANCER_CENTRE, parent__isnull=True).update(parent=unicancer)
    return created


# Agreements --------------------------------------------------------------------------------------

STATUS_WEIGHTS = [
    (Agreement.Status.DRAFT, 8),
    (Agreement.Status.NEGOTIATING, 5),
    (Agreement.Status.ACTIVE, 65),
    (Agreement.Status.ENDED, 17),
    (Agreement.Status.TERMINATED, 5),
]
# kind: (how many per scale, partner kinds to draw from, with units?, carries an amount?)
AGREEMENT_PLAN = {
    Agreement.Kind.FRAMEWORK: (60, ["university", "research_body", "hospital", "cancer_centre"], False, False),
    Agreement.Kind.REGIONAL_FRAMEWORK: (18, ["region"], False, True),
    Agreement.Kind.MIXED_STRUCTURE: (40, ["research_body"], True, False),
    Agreement.Kind.COLLABORATION: (200, ["company", "research_body", "university"], True, True),
    Agreement.Kind.CO_FUNDING: (100, ["agency", "foundation", "departement", "municipality"], True, True),
    Agreement.Kind.CALL: (60, ["agency", "foundation", "association"], False, True),
    Agreement.Kind.AWARD: (50, ["foundation", "association"], True, True),
    Agreement.Kind.LICENCE: (50, ["company"], True, True),
    Agreement.Kind.MATERIAL_TRANSFER: (40, ["company", "research_body"], True, False),
    Agreement.Kind.COLLECTIVE_EXPERTISE: (20, ["social_protection", "agency"], False, True),
    Agreement.Kind.MEMBERSHIP: (5, ["network"], False, True),
}
AXES = [
    "Axe 1 : cohortes et données de santé. Axe 2 : innovation thérapeutique. Axe 3 : formation des jeunes chercheurs.",
    "Objectifs scientifiques partagés : comprendre les mécanismes du vieillissement, développer la recherche clinique.",
    "Programme Avenir : soutien à de jeunes équipes pendant cinq ans.",
    "Expertise collective et bilan bibliographique sur l'organisation des soins et de la prévention.",
    "",
]


def agreement_dates(rng: random.Random, status: str, today: dt.date) -> tuple:
    start = today - dt.timedelta(days=rng.randint(-120, 9 * 365))
    signed = start - dt.timedelta(days=rng.randint(0, 90))
    if status in (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATING):
        return None, start, None
    if status == Agreement.Status.ACTIVE:
        end = None if rng.random() < 0.3 else max(today, start) + dt.timedelta(days=rng.randint(30, 4 * 365))
        return signed, start, end
    end = start + dt.timedelta(days=rng.randint(90, 5 * 365))
    return signed, start, end


# Short reference prefixes, one per kind: references are natural keys like COL-01-0042.
REFERENCE_PREFIXES = {
    Agreement.Kind.FRAMEWORK: "FRA",
    Agreement.Kind.REGIONAL_FRAMEWORK: "REG",
    Agreement.Kind.MIXED_STRUCTURE: "MIX",
    Agreement.Kind.COLLABORATION: "COL",
    Agreement.Kind.CO_FUNDING: "COF",
    Agreement.Kind.CALL: "APP",
    Agreement.Kind.AWARD: "PRX",
    Agreement.Kind.LICENCE: "LIC",
    Agreement.Kind.MATERIAL_TRANSFER: "MTA",
    Agreement.Kind.COLLECTIVE_EXPERTISE: "EXP",
    Agreement.Kind.MEMBERSHIP: "ADH",
}


def new_agreement(reference: str, kind: str, title: str, with_amount: bool, today: dt.date) -> Agreement:
    """An agreement whose status, dates and amount come from its own reference."""
    rng = seeded("agreement", reference)
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    status = rng.choices(statuses, weights=weights)[0]
    signed, start, end = agreement_dates(rng, status, today)
    return Agreement(
        reference=reference,
        title=title[:300],
        kind=kind,
        status=status,
        signed_on=signed,
        start=start,
        end=end,
        amount_eur=Decimal(rng.randrange(10, 2000) * 1000) if with_amount and rng.random() < 0.7 else None,
        objectives=rng.choice(AXES),
        is_public=rng.random() < 0.85,
        internal_notes=rng.choice(["", "", "Renegotiation planned.", "Signed copy in the legal department."]),
    )


def create_agreements(*, scale: int, unit_copies: list[list], partner_list: list, today: dt.date) -> int:
    """Agreements for each copy of the data, drawn from that copy's units and the partners
    that exist up to that copy, so copy N is the same whatever the scale."""
    cnrs = next((p for p in partner_list if p.acronym == "CNRS"), None)
    universities = sorted((p for p in partner_list if p.kind == Partner.Kind.UNIVERSITY), key=lambda p: p.slug)
    region_university = {}
    for university in universities:
        region_university.setdefault(university.region, university)
    planned: list[tuple[Agreement, list, list]] = []

    for copy, units in enumerate(unit_copies):
        # Joint supervision: every unit is supervised by a university (its region's when there is one).
        for unit in units:
            supervisors = [
                region_university.get(unit.site.region) or seeded("supervisor", unit.code).choice(universities)
            ]
            if unit.structure_type == ResearchUnit.StructureType.MIXED_UNIT and cnrs:
                supervisors.append(cnrs)
            reference = f"SUP-{unit.code_key}"
            title = f"Cotutelle de l'unité {unit.code}"
            planned.append(
                (new_agreement(reference, Agreement.Kind.JOINT_SUPERVISION, title, False, today), supervisors, [unit])
            )

        rng = seeded("agreements", copy)
        known = partner_list[: PARTNERS_PER_SCALE * (copy + 1)]
        copy_units = sorted(units, key=lambda u: u.code_key)
        for kind, (per_scale, kinds, with_units, with_amount) in AGREEMENT_PLAN.items():
            pool = sorted((p for p in known if p.kind in kinds), key=lambda p: p.slug)
            for number in range(1, per_scale + 1):
                parties = rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2])))
                linked = rng.sample(copy_units, rng.randint(1, 3)) if with_units else []
                reference = f"{REFERENCE_PREFIXES[kind]}-{copy + 1:02d}-{number:04d}"
                title = f"{kind.label} – {parties[0].acronym or parties[0].name}"
                planned.append((new_agreement(reference, kind, title, with_amount, today), parties, linked))

    existing = set(Agreement.objects.values_list("reference", flat=True))
    new = [
        (agreement, parties, linked) for agreement, parties, linked in planned if agreement.reference not in existing
    ]
    created(Agreement, [agreement for agreement, _, _ in new])
    saved = Agreement.objects.in_bulk([agreement.reference for agreement, _, _ in new], field_name="reference")
    partner_links, unit_links = [], []
    for agreement, parties, linked in new:
        agreement_id = saved[agreement.reference].pk
        partner_links += [Agreement.partners.through(agreement_id=agreement_id, partner_id=p.pk) for p in parties]
        unit_links += [Agreement.units.through(agreement_id=agreement_id, researchunit_id=u.pk) for u in linked]
    Agreement.partners.through.objects.bulk_create(partner_links, batch_size=BATCH, ignore_conflicts=True)
    Agreement.units.through.objects.bulk_create(unit_links, batch_size=BATCH, ignore_conflicts=True)
    return len(new)
