"""Load deterministic demo data: `python manage.py seed_demo [--scale N]`.

Scale 1 looks like Inserm: 350 units on 94 real sites, spread over the regions as
Inserm's are, and 458 partners, every one a real institution (demo/data.py), with about
1,000 agreements. Scale N multiplies them all by N, the extra partners being numbered
copies of the French ones: made-up names appear only above scale 1.
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
import unicodedata
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from core import page_cache
from core.search import FoldedKeys
from demo import data, identifiers, lineage, names, relations, waves
from partners.models import Agreement, Category, Partner
from units import rules
from units.models import Mandate, ResearchUnit, Site

SEED = 20081201  # fixed: the same records every time


def seeded(*key) -> random.Random:
    """A random generator of its own for one record or one copy of the data."""
    return random.Random("-".join(str(part) for part in (SEED, *key)))


BATCH = 1000

UNITS_PER_SCALE = sum(row.units for row in data.SITES)  # 350, 80% of them in the hospital perimeter
# Partners per scale: the real ones at scale 1 (458), as many numbered copies for each
# scale above. The agreements of copy N are drawn among the first PARTNERS_PER_SCALE × N
# partners, so that copy N's are the same whatever the scale.
PARTNERS_PER_SCALE = sum(len(orgs) for _slug, _kind, orgs in data.PARTNERS)
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
        # Names built from choice labels (agreement titles) are French, whatever language
        # runs the command: a second run in another language adds nothing.
        with transaction.atomic(), translation.override("fr"):
            site_copies = build_sites(scale)
            sites = create_missing(Site, [site for copy in site_copies for site in copy], "slug")
            unit_copies = [
                build_units(copy, [sites[site.slug] for site in sites_of_copy])
                for copy, sites_of_copy in enumerate(site_copies)
            ]
            units, new_codes = create_units([unit for copy in unit_copies for unit in copy])
            mandates = create_mandates(units, new_codes, today)
            waves.settle_waves(new_codes, SEED)
            lineage.record_lineage({unit.code for unit in unit_copies[0]}, today)
            partner_list = build_partners(scale)
            partners = create_partners(partner_list)
            names.add_names()
            identifiers.add_identifiers()
            relations.add_relations({unit.code for unit in unit_copies[0]}, SEED)
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
        for row in data.SITES:
            label = row.name if copy == 0 else f"{row.name} – site {copy + 1}"
            sites.append(
                Site(
                    name=label,
                    slug=slugify(label),
                    kind=row.kind,
                    city=row.city,
                    region=row.region,
                    latitude=Decimal(str(row.latitude)),
                    longitude=Decimal(str(row.longitude)),
                )
            )
        copies.append(sites)
    return copies


# Units and their terms ---------------------------------------------------------------------------

T = ResearchUnit.StructureType
# Per copy of the data: service units (on campuses, faculties and EFS sites), teams, and
# the other units by prefix and type, drawn with these weights. A prefix says the type
# (units.codes.PREFIX_TYPES); each site with a CIC in data.SITES has one.
SERVICE_UNITS = [("US", 12), ("UMS", 8)]
TEAMS = 12
RESEARCH_FORMATS = [
    ("U", T.RESEARCH_UNIT, 45),
    ("U", T.MIXED_UNIT, 20),
    ("UMR-S", T.MIXED_UNIT, 28),
    ("UMR", T.MIXED_UNIT, 7),
]
# Inserm numbers at scale 1, in the ranges of Inserm's own, one number per unit whatever its
# prefix: units and teams, CICs, US and UMS. Copies above scale 1 number their units on
# from COPY_NUMBERS_FROM, one after the other (five digits up to scale 257).
NUMBER_RANGES = {"U": range(1016, 1340), "CIC": range(1401, 1500), "US": range(1, 61), "UMS": range(3400, 3800)}
COPY_NUMBERS_FROM = 10000
SERVICE_HOSTS = (Site.Kind.CAMPUS, Site.Kind.FACULTY, Site.Kind.EFS)
# Words an acronym skips: "Centre de recherche en cancérologie de Lyon" is CRCL.
SMALL_WORDS = {"de", "du", "des", "en", "et", "la", "le", "les", "sur", "–"}


def unit_code(prefix: str, number: int) -> str:
    """As Inserm writes it: U1234, UMR-S 1234, CIC 1401."""
    return f"U{number}" if prefix == "U" else f"{prefix} {number}"


def structures(rng: random.Random, slots: list) -> list[tuple[str, str]]:
    """(prefix, structure type) for each unit slot (site, data row) of one copy."""
    chosen: list[tuple[str, str] | None] = [None] * len(slots)
    with_cic = set()
    for index, (_site, row) in enumerate(slots):
        if row.cic and row.name not in with_cic:
            chosen[index] = ("CIC", T.CIC)
            with_cic.add(row.name)
    hosts = [i for i, (_site, row) in enumerate(slots) if chosen[i] is None and row.kind in SERVICE_HOSTS]
    services = [prefix for prefix, count in SERVICE_UNITS for _ in range(count)]
    for index, prefix in zip(rng.sample(hosts, len(services)), services, strict=True):
        chosen[index] = (prefix, T.SERVICE_UNIT)
    for index in rng.sample([i for i in range(len(slots)) if chosen[i] is None], TEAMS):
        chosen[index] = ("ERL", T.TEAM)
    prefixes, types, weights = zip(*RESEARCH_FORMATS, strict=True)
    for index in range(len(slots)):
        if chosen[index] is None:
            pick = rng.choices(range(len(prefixes)), weights=weights)[0]
            chosen[index] = (prefixes[pick], types[pick])
    return chosen


def numbers(rng: random.Random, copy: int, prefixes: list[str]) -> list[int]:
    """An Inserm number for each unit of one copy, never two alike."""
    if copy:
        start = COPY_NUMBERS_FROM + (copy - 1) * UNITS_PER_SCALE
        return list(range(start, start + len(prefixes)))
    pools = {}
    for prefix, numbers_range in NUMBER_RANGES.items():
        pool = list(numbers_range)
        if prefix != "CIC":  # CICs are numbered in order of the sites
            rng.shuffle(pool)
        pools[prefix] = iter(pool)
    pool_of = {"UMR-S": "U", "UMR": "U", "ERL": "U"}
    return [next(pools[pool_of.get(prefix, prefix)]) for prefix in prefixes]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def unit_name(rng: random.Random, structure: str, city: str, cic_place: str) -> str:
    """A name of the kind the structure bears, in French."""
    place = data.de_place(city)
    if structure == T.CIC:
        return f"Centre d'investigation clinique {data.de_place(cic_place)}"
    if structure == T.SERVICE_UNIT:
        if rng.random() < 0.7:
            return f"Plateforme {data.de(rng.choice(data.PLATFORMS))} {place}"
        return f"Unité de service {rng.choice(data.SERVICES)} {place}"
    field, other = rng.sample(data.FIELDS, 2)
    if structure == T.TEAM:
        return f"Équipe de recherche en {field} {place}"
    return rng.choice(
        [
            f"Centre de recherche en {field} {place}",
            f"Laboratoire {data.de(field)} et {data.de(other)}",
            f"Institut {data.de(field)} {place}",
            f"{capitalized(field)} et {other}",
            f"{rng.choice(data.APPROACHES)} des {rng.choice(data.DISEASES)}",
        ]
    )


def acronym(name: str) -> str:
    """The initials of a name's words that count, without accents: CRCL."""
    words = [word.split("'")[-1] for word in name.replace("-", " ").split() if word.lower() not in SMALL_WORDS]
    initials = "".join(word[0] for word in words if len(word) > 2)
    return unicodedata.normalize("NFKD", initials).encode("ascii", "ignore").decode().upper()[:8]


def hospital_staff(rng: random.Random, structure: str, in_perimeter: bool) -> int:
    """University-hospital staff working in a unit: many in a CIC, few in a service unit."""
    if structure == T.CIC:
        return rng.randint(12, 30)
    if structure == T.SERVICE_UNIT:
        return rng.randint(0, 2)
    if structure == T.TEAM:
        return rng.randint(1, 5) if in_perimeter else rng.randint(0, 1)
    return rng.randint(4, 16) if in_perimeter else rng.randint(0, 3)


def build_units(copy: int, sites: list[Site]) -> list[ResearchUnit]:
    """One copy of the scale-1 units (350), hosted on that copy's sites as data.SITES says.
    Names are unique; a copy's carry its number ("… – 2")."""
    rng = seeded("units", copy)
    slots = [(site, row) for site, row in zip(sites, data.SITES, strict=True) for _ in range(row.units)]
    kinds = structures(rng, slots)
    unit_numbers = numbers(rng, copy, [prefix for prefix, _ in kinds])
    # PU-PH are hospital practitioners: they direct units on university-hospital sites,
    # every CIC among them, and no service unit.
    can_be_puph = [
        index
        for index, ((site, _row), (_, structure)) in enumerate(zip(slots, kinds, strict=True))
        if site.in_hospital_perimeter and structure != T.SERVICE_UNIT
    ]
    cics = [index for index in can_be_puph if kinds[index][1] == T.CIC]
    others = [index for index in can_be_puph if kinds[index][1] != T.CIC]
    puph = set(cics) | set(rng.sample(others, round(len(slots) * PUPH_SHARE) - len(cics)))
    directors = rng.sample(list(itertools.product(data.FIRST_NAMES, data.LAST_NAMES)), len(slots))
    used, units = set(), []
    for index, ((site, row), (prefix, structure)) in enumerate(zip(slots, kinds, strict=True)):
        name = unit_name(rng, structure, site.city, row.cic)
        while name in used:
            name = unit_name(rng, structure, site.city, row.cic)
        used.add(name)
        number = unit_numbers[index]
        units.append(
            ResearchUnit(
                code=unit_code(prefix, number),
                name=name if copy == 0 else f"{name} – {copy + 1}",
                acronym="" if structure in (T.CIC, T.SERVICE_UNIT) else acronym(name),
                structure_type=structure,
                site=site,
                director_name=" ".join(directors[index]),
                director_is_puph=index in puph,
                hospital_staff_count=hospital_staff(rng, structure, site.in_hospital_perimeter),
                themes=", ".join(rng.sample(data.FIELDS, rng.randint(2, 4))),
                # 9 digits and a letter, unique since the unit number is.
                rnsr_number=f"{rng.randint(1990, 2024)}{number:05d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}",
                hceres_wave=data.WAVES.get(site.region, ""),
                is_published=rng.random() < 0.95,
                internal_notes=rng.choice(data.UNIT_NOTES),
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
# A few first terms that have ended are not full ones, for a reason recorded with them:
# extended by a year (through the 2020 health crisis, or while the site's evaluation was
# pending), or shortened by a year to align the unit on its site's evaluation wave.
PANDEMIC = dt.date(2020, 3, 1)
EXTENDED = (5, 6, 7), 0.15  # first terms that started so many years ago, and the share extended
ALIGNED = (4, 5), 0.1  # likewise, shortened


def first_term(rng: random.Random, start: dt.date, years_ago: int) -> Mandate:
    """A unit's first term: a full one, or one whose length has its reason."""
    full_end = rules.term_end(start)
    draw = rng.random()  # drawn for every unit, so that the others' terms never depend on it
    if years_ago in EXTENDED[0] and draw < EXTENDED[1]:
        end = rules.add_months(full_end + rules.ONE_DAY, 12) - rules.ONE_DAY
        note = data.PANDEMIC_EXTENSION_NOTE if start < PANDEMIC <= full_end else data.EXTENSION_NOTE
        return Mandate(number=1, start=start, end=end, length_reason=rules.EXTENSION, length_note=note)
    if years_ago in ALIGNED[0] and draw > 1 - ALIGNED[1]:
        end = rules.add_months(full_end + rules.ONE_DAY, -12) - rules.ONE_DAY
        return Mandate(
            number=1, start=start, end=end, length_reason=rules.WAVE_ALIGNMENT, length_note=data.WAVE_ALIGNMENT_NOTE
        )
    return Mandate(number=1, start=start, end=full_end)


def create_mandates(units: dict, new_codes: set, today: dt.date) -> int:
    """Terms for the units created by this run (existing units keep theirs)."""
    years, weights = zip(*TERM_HISTORIES, strict=True)
    mandates = []
    for code in sorted(new_codes):
        unit = units[code]
        rng = seeded("terms", code)
        years_ago = rng.choices(years, weights=weights)[0]
        first = first_term(rng, dt.date(today.year - years_ago, 1, 1), years_ago)
        first.unit = unit
        mandates.append(first)
        ended_unrenewed = years_ago >= 4 and rng.random() < 0.15
        renewed_early = years_ago == 3 and rng.random() < 0.3  # renewal decided before the term ends
        if (first.end < today and not ended_unrenewed) or renewed_early:
            renewal = first.end + rules.ONE_DAY
            mandates.append(Mandate(unit=unit, number=2, start=renewal, end=rules.term_end(renewal)))
    created(Mandate, mandates)
    ResearchUnit.objects.refresh_terms()  # bulk_create sends no signals
    return len(mandates)


# Partners --------------------------------------------------------------------------------------


def partner(category: Category, org: data.Org, kind: str, **fields) -> Partner:
    name, acronym = org.name, org.acronym
    return Partner(
        name=name,
        slug=slugify(f"{name} {acronym}" if acronym and acronym.lower() not in name.lower() else name)[:250],
        acronym=acronym,
        category=category,
        kind=org.kind or kind,
        country=org.country,
        city=org.city,
        region=org.region if org.country == "FR" else "",
        website=org.website,
        ror_id=org.ror,
        **fields,
    )


def build_partners(scale: int) -> list[Partner]:
    """The real partners (data.PARTNERS), then, above scale 1, numbered copies of the
    French ones up to PARTNERS_PER_SCALE × scale, in a fixed order (a scale's list starts
    with the smaller scale's)."""
    categories = {category.slug: category for category in Category.objects.all()}
    roles = {member.name: member.role for member in data.SCIENCE_EUROPE_MEMBERS}
    roles |= data.SCIENCE_EUROPE_FRENCH_MEMBERS
    partners = [
        partner(categories[slug], org, kind, network_role=roles.get(org.name, ""))
        for slug, kind, orgs in data.PARTNERS
        for org in orgs
    ]
    real = len(partners)
    if scale > 1:
        french = [item for item in partners if item.country == "FR"]
        partners += numbered_copies(PARTNERS_PER_SCALE * scale - real, french)
    for index, item in enumerate(partners):
        item.is_published = index < 200 or seeded("published", index).random() < 0.92
        if item.name == data.SCIENCE_EUROPE.name:
            item.is_published = True
            item.description = data.SCIENCE_EUROPE_DESCRIPTION
            item.founded_on = data.SCIENCE_EUROPE_FOUNDED_ON
            item.inserm_role = data.SCIENCE_EUROPE_INSERM_ROLE
    return partners


def numbered_copies(count: int, originals: list[Partner]) -> list[Partner]:
    """Made-up partners for scales above 1: the French partners again, numbered from 2
    ("Sanofi – 2"), without identifiers or links."""
    made = []
    for index in range(max(count, 0)):
        original = originals[index % len(originals)]
        number = index // len(originals) + 2
        made.append(
            Partner(
                name=f"{original.name} – {number}",
                slug=f"{original.slug[:240]}-{number}",
                acronym=original.acronym,
                category=original.category,
                kind=original.kind,
                country=original.country,
                city=original.city,
                region=original.region,
            )
        )
    return made


def create_partners(partners: list[Partner]) -> dict:
    """Insert the partners missing from the table, networks and parents first, so that the
    others are inserted linked to them (their first history entry holds the link)."""
    unique = list({item.slug: item for item in reversed(partners)}.values())[::-1]
    parent_of = dict(data.PARENTS)
    head_names = {*parent_of.values(), data.SCIENCE_EUROPE.name}
    slug_of = {item.name: item.slug for item in unique if item.name in head_names}
    heads = create_missing(Partner, [item for item in unique if item.name in head_names], "slug")
    for item in unique:
        if item.name in parent_of:
            item.parent_id = heads[slug_of[parent_of[item.name]]].pk
        if item.network_role:
            item.network_id = heads[slug_of[data.SCIENCE_EUROPE.name]].pk
    return create_missing(Partner, unique, "slug")


# Agreements --------------------------------------------------------------------------------------

# What the calendar makes of the agreements today (Agreement.State): each state is drawn,
# then dates that give it, so that every state is represented whenever the command runs.
STATE_WEIGHTS = [
    (Agreement.State.DRAFT, 8),
    (Agreement.State.NEGOTIATING, 5),
    (Agreement.State.UPCOMING, 4),
    (Agreement.State.IN_FORCE, 60),
    (Agreement.State.EXPIRED, 18),
    (Agreement.State.TERMINATED, 5),
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


def agreement_dates(rng: random.Random, state: str, today: dt.date) -> tuple:
    """(stage, signed on, start, end, terminated on) that make an agreement `state` today:
    signed on or before today, at most 90 days before its start, terminated within its dates."""

    def days(low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=rng.randint(low, high))

    if state in (Agreement.State.DRAFT, Agreement.State.NEGOTIATING):
        return Agreement.Stage(state), None, today + days(-60, 365), None, None
    if state == Agreement.State.UPCOMING:
        start = today + days(1, 270)
        end = None if rng.random() < 0.3 else start + days(365, 5 * 365)
        return Agreement.Stage.SIGNED, min(today, start - days(1, 90)), start, end, None
    if state == Agreement.State.IN_FORCE:
        start = today - days(0, 8 * 365)
        end = None if rng.random() < 0.3 else today + days(0, 4 * 365)
        return Agreement.Stage.SIGNED, start - days(0, 90), start, end, None
    if state == Agreement.State.EXPIRED:
        end = today - days(1, 5 * 365)
        start = end - days(180, 5 * 365)
        return Agreement.Stage.SIGNED, start - days(0, 90), start, end, None
    # Terminated early: its last day in force has passed, before its planned end if it had one.
    start = today - days(365, 8 * 365)
    end = None if rng.random() < 0.3 else start + days(3 * 365, 6 * 365)
    last_possible = min(end, today) if end else today
    terminated_on = start + days(90, (last_possible - start).days - 1)
    return Agreement.Stage.TERMINATED, start - days(0, 90), start, end, terminated_on


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
    """An agreement whose state today, dates and amount come from its own reference."""
    rng = seeded("agreement", reference)
    states, weights = zip(*STATE_WEIGHTS, strict=True)
    state = rng.choices(states, weights=weights)[0]
    stage, signed, start, end, terminated_on = agreement_dates(rng, state, today)
    return Agreement(
        reference=reference,
        title=title[:300],
        kind=kind,
        stage=stage,
        signed_on=signed,
        start=start,
        end=end,
        terminated_on=terminated_on,
        amount_eur=Decimal(rng.randrange(10, 2000) * 1000) if with_amount and rng.random() < 0.7 else None,
        objectives=rng.choice(AXES),
        is_public=rng.random() < 0.85,
        internal_notes=rng.choice(
            ["", "", "Renégociation prévue.", "Original signé conservé à la direction des affaires juridiques."]
        ),
    )


def create_agreements(*, scale: int, unit_copies: list[list], partner_list: list, today: dt.date) -> int:
    """Agreements for each copy of the data, drawn from that copy's units and the partners
    that exist up to that copy, so copy N is the same whatever the scale."""
    # Supervising bodies are relations (demo/relations.py), not agreements.
    planned: list[tuple[Agreement, list, list]] = []

    for copy, units in enumerate(unit_copies):
        rng = seeded("agreements", copy)
        known = partner_list[: PARTNERS_PER_SCALE * (copy + 1)]
        copy_units = sorted(units, key=lambda u: u.code_key)
        for kind, (per_scale, kinds, with_units, with_amount) in AGREEMENT_PLAN.items():
            pool = sorted((p for p in known if p.kind in kinds), key=lambda p: p.slug)
            if not pool:
                continue  # no partner of these kinds yet: no agreement without a partner
            for number in range(1, per_scale + 1):
                parties = rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2])))
                linked = rng.sample(copy_units, rng.randint(1, 3)) if with_units else []
                reference = f"{REFERENCE_PREFIXES[kind]}-{copy + 1:02d}-{number:04d}"
                title = f"{kind.label} – {parties[0].acronym or parties[0].name}"
                planned.append((new_agreement(reference, kind, title, with_amount, today), parties, linked))

    # A title names the partners: an agreement none of whose partners is published stays
    # confidential (audit_data lists public agreements that no page can show).
    for agreement, parties, _linked in planned:
        agreement.is_public = agreement.is_public and any(p.is_published for p in parties)

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
