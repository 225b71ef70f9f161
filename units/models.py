import datetime as dt
import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Replace, Upper
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import next_version, version_field
from core.identifiers import IdentifierField
from core.links import detail_url
from core.querysets import is_set
from core.search import DatedName, FoldedKeys, dated_name_constraints, folded_field

from . import codes, rules


class Region(models.TextChoices):
    """France's 18 administrative regions (13 in mainland France, 5 overseas)."""

    AUVERGNE_RHONE_ALPES = "auvergne-rhone-alpes", _("Auvergne-Rhône-Alpes")
    BOURGOGNE_FRANCHE_COMTE = "bourgogne-franche-comte", _("Bourgogne-Franche-Comté")
    BRETAGNE = "bretagne", _("Brittany")
    CENTRE_VAL_DE_LOIRE = "centre-val-de-loire", _("Centre-Val de Loire")
    CORSE = "corse", _("Corsica")
    GRAND_EST = "grand-est", _("Grand Est")
    HAUTS_DE_FRANCE = "hauts-de-france", _("Hauts-de-France")
    ILE_DE_FRANCE = "ile-de-france", _("Île-de-France")
    NORMANDIE = "normandie", _("Normandy")
    NOUVELLE_AQUITAINE = "nouvelle-aquitaine", _("Nouvelle-Aquitaine")
    OCCITANIE = "occitanie", _("Occitania")
    PAYS_DE_LA_LOIRE = "pays-de-la-loire", _("Pays de la Loire")
    PROVENCE_ALPES_COTE_DAZUR = "provence-alpes-cote-dazur", _("Provence-Alpes-Côte d'Azur")
    GUADELOUPE = "guadeloupe", _("Guadeloupe")
    MARTINIQUE = "martinique", _("Martinique")
    GUYANE = "guyane", _("French Guiana")
    LA_REUNION = "la-reunion", _("Réunion")
    MAYOTTE = "mayotte", _("Mayotte")


def unique_identifiers(model: str, *fields: str) -> list[models.UniqueConstraint]:
    """One record per identifier: a unique constraint on each of `fields` when set."""
    return [
        models.UniqueConstraint(
            fields=[field],
            condition=~Q(**{field: ""}),
            name=f"{model}_{field}_unique",
            violation_error_message=_("Another record already has this identifier."),
            violation_error_code="unique",  # reported at the field, not above the form
        )
        for field in fields
    ]


class SiteQuerySet(models.QuerySet):
    def in_hospital_perimeter(self):
        return self.filter(kind__in=Site.HOSPITAL_PERIMETER)

    def with_public_unit_count(self):
        """Sites with the number of published units they host (one query)."""
        return self.annotate(unit_count=models.Count("units", filter=Q(units__is_published=True)))

    def with_public_institution(self):
        """Sites with the name and slug of the institution they belong to, if that partner is
        published (else None): what the public list, its CSV and the API show (one join)."""
        published = Q(institution__is_published=True)
        return self.annotate(
            institution_name=Case(When(published, then=F("institution__name"))),
            institution_slug=Case(When(published, then=F("institution__slug"))),
        )


class Site(FoldedKeys):
    class Kind(models.TextChoices):
        CHU = "chu", _("University hospital centre (CHU)")
        CLCC = "clcc", _("Cancer centre (CLCC)")
        FACULTY = "faculty", _("Medicine, pharmacy or dental school")
        EFS = "efs", _("French blood establishment site (EFS)")
        CAMPUS = "campus", _("Research campus")
        OTHER = "other", _("Other site")

    # The brief's "university-hospital perimeter": where about 80% of units sit.
    HOSPITAL_PERIMETER = (Kind.CHU, Kind.CLCC, Kind.FACULTY, Kind.EFS)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    institution = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,  # its sites name it: they move to another institution first
        null=True,
        blank=True,
        related_name="sites",
        verbose_name=_("institution"),
        help_text=_("The institution the site belongs to: AP-HP for Necker, a university for its faculty."),
    )
    finess = IdentifierField(
        _("FINESS number"), scheme="finess", help_text=_("For a hospital site: its FINESS number.")
    )
    uai = IdentifierField(_("UAI"), scheme="uai", help_text=_("For a faculty or a school: its UAI."))
    wikidata_id = IdentifierField(_("Wikidata item"), scheme="wikidata")
    version = version_field()

    FOLDED = {
        "name_key": ("name",),
        "city_key": ("city",),
        "search_text": ("name", "city"),
        "search_stems": ("name", "city"),
    }
    name_key = folded_field(200)
    city_key = folded_field(100)
    search_text = folded_field()
    search_stems = folded_field()  # the stems of search_text's words (core.search)

    objects = SiteQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", *FOLDED])

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        indexes = [
            # The site list's sorts (by name, the default, and by city) and its filters.
            models.Index(fields=["name_key", "id"], name="site_name_sort"),
            # A search's exact match by slug, in any case (SiteFilter, core.search.leading_rows).
            models.Index(Upper("slug"), name="site_slug_upper"),
            models.Index(fields=["city_key", "id"], name="site_city_sort"),
            models.Index(fields=["kind"], name="site_kind"),
            models.Index(fields=["region"], name="site_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="site_latitude_range",
                violation_error_message=_("The latitude is between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_range",
                violation_error_message=_("The longitude is between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="site_coordinates_both_or_neither",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
            *unique_identifiers("site", "finess", "uai", "wikidata_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("units:site_detail", self.slug)

    @property
    def in_hospital_perimeter(self) -> bool:
        return self.kind in self.HOSPITAL_PERIMETER


def code_key_expression(expression):
    """A unit code reduced to its letters and digits in upper case, so that
    `U 1234`, `u1234` and `U-1234` compare equal (and `UMR_S1234` with `UMR-S 1234`)."""
    for separator in (" ", "-", "_", ".", "/"):
        expression = Replace(expression, Value(separator), Value(""))
    return Upper(expression)


def code_key(code: str) -> str:
    """The Python twin of code_key_expression, for search terms. Codes hold only ASCII
    letters, digits and separators, so anything else can go too (NUL bytes included)."""
    return re.sub(r"[^0-9A-Za-z]", "", code).upper()


class MandateStatus(models.TextChoices):
    RENEWABLE = "renewable", _("First term (renewable)")
    FINAL = "final", _("Final term")
    EXPIRING = "expiring", _("Expiring")
    ENDED = "ended", _("Ended")
    UPCOMING = "upcoming", _("Not started")


NAME_SEPARATOR = "\x1f"  # between the names NameList joins: one no name holds


class NameList(models.Aggregate):
    """The texts of a group joined in one (STRING_AGG, SQLite's GROUP_CONCAT), NAME_SEPARATOR
    between them, in no set order."""

    function = "STRING_AGG"
    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(NAME_SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


class ResearchUnitQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_set("is_published"))

    def refresh_terms(self):
        """Copy each unit's term summary (first start, last end, terms recorded) from its
        terms, and move its version on: a unit form opened before a term changed (a renewal,
        an import, a term edited elsewhere) must not save over it. Mandate's signals call it
        for the unit of a term saved or deleted; bulk loads, which send no signals, call it
        once they are done."""
        terms = Mandate.objects.filter(unit=OuterRef("pk")).order_by().values("unit")
        return self.update(
            term_start=Subquery(terms.annotate(v=Min("start")).values("v")),
            term_end=Subquery(terms.annotate(v=Max("end")).values("v")),
            term_number=Subquery(terms.annotate(v=Max("number")).values("v")),
            version=next_version(),
        )

    def with_mandate_status(self, on: dt.date | None = None):
        """Annotate each unit with its mandate status on `on` (today by default) and whether
        it may be renewed then (`can_renew`: what services.renew_mandate accepts).

        The status is computed in SQL from the unit's term summary (refresh_terms), so lists
        can filter and sort on it: `upcoming` before the first term starts, `ended` after
        the last recorded term, `expiring` when the last recorded term ends within the
        warning window, otherwise `final` once the last allowed term is recorded, else
        `renewable`. Units with no term at all get no status (NULL).
        ResearchUnit.status_on() is the same rule in Python, for pages that only show it.
        """
        on = on or timezone.localdate()
        return self.annotate(
            can_renew=ExpressionWrapper(
                Q(term_number__lt=rules.max_terms(), term_start__lte=on, term_end__gte=on),
                output_field=models.BooleanField(),
            ),
            mandate_status=Case(
                When(term_start__isnull=True, then=Value(None)),
                When(term_start__gt=on, then=Value(MandateStatus.UPCOMING)),
                When(term_end__lt=on, then=Value(MandateStatus.ENDED)),
                When(term_end__lte=rules.expiry_warning_limit(on), then=Value(MandateStatus.EXPIRING)),
                When(term_number__gte=rules.max_terms(), then=Value(MandateStatus.FINAL)),
                default=Value(MandateStatus.RENEWABLE),
                output_field=models.CharField(choices=MandateStatus.choices),
            ),
        )

    def with_current_term(self, on: dt.date | None = None):
        """with_mandate_status, plus the number and end of the term running on `on` (none
        before the first term or after the last): what the workspace and the admin show."""
        on = on or timezone.localdate()
        current = Mandate.objects.filter(unit=OuterRef("pk"), start__lte=on, end__gte=on)
        return self.with_mandate_status(on).annotate(
            current_term_number=Subquery(current.values("number")[:1]),
            current_term_end=Subquery(current.values("end")[:1]),
        )

    def with_status(self, status: str, on: dt.date | None = None):
        """Units whose mandate_status (see with_mandate_status) is `status` on `on`, said as
        ranges of the term summary, which the term_end index serves, instead of computing
        every unit's status: the same rows, much faster on large tables."""
        on = on or timezone.localdate()
        started = Q(term_start__lte=on)
        within_warning = Q(term_end__lte=rules.expiry_warning_limit(on))
        last_allowed = Q(term_number__gte=rules.max_terms())
        conditions = {
            MandateStatus.UPCOMING: Q(term_start__gt=on),
            MandateStatus.ENDED: started & Q(term_end__lt=on),
            MandateStatus.EXPIRING: started & Q(term_end__gte=on) & within_warning,
            MandateStatus.FINAL: started & ~within_warning & last_allowed,
            MandateStatus.RENEWABLE: started & ~within_warning & ~last_allowed,
        }
        return self.filter(conditions[MandateStatus(status)])

    def in_force(self, on: dt.date | None = None):
        """Units with a term in force on `on` (today by default): renewable, final or
        expiring, in with_mandate_status's words. What the figures count as "units"."""
        on = on or timezone.localdate()
        return self.filter(term_start__lte=on, term_end__gte=on)

    def in_hospital_perimeter(self):
        return self.filter(site__kind__in=Site.HOSPITAL_PERIMETER)

    def for_public_list(self):
        """The public unit list: published units and their site (one query a page). Their
        `mandate_status` is worked out in Python from the term summary, cheaper than
        building and compiling the SQL status for every page."""
        return self.published().select_related("site")

    def for_workspace(self, on: dt.date | None = None):
        """The managers' unit table: every unit, published or not, with site, status and
        current term, why its last term is not a full one (`last_term_reason` and
        `last_term_note`, "" for a full term), and its supervising bodies today."""
        last = Mandate.objects.filter(unit=OuterRef("pk")).order_by("-number")
        return (
            self.with_current_term(on)
            .with_supervisor_names(published_only=False)
            .annotate(
                last_term_reason=Subquery(last.values("length_reason")[:1]),
                last_term_note=Subquery(last.values("length_note")[:1]),
            )
            .select_related("site")
        )

    def with_supervisor_names(self, published_only: bool = True):
        """Each unit with the names of its supervising bodies today (the partners app's
        relations, through the reverse relation `partner_links`; Inserm aside) in
        `supervisor_name_list`, in the list's own query: for the exports' column
        (units.columns.supervisor_names). Only published partners' if `published_only`."""
        links = apps.get_model("partners", "UnitPartner")
        supervising = links.objects.on(timezone.localdate()).filter(unit=OuterRef("pk"), role=links.Role.SUPERVISOR)
        if published_only:
            supervising = supervising.filter(partner__is_published=True)
        names = supervising.order_by().values("unit").annotate(names=NameList("partner__name")).values("names")
        return self.annotate(supervisor_name_list=Subquery(names))

    def for_public_detail(self):
        """A public unit page: the list's data plus the unit's terms."""
        return self.for_public_list().prefetch_related("mandates")

    def with_lineage(self, until: dt.date | None = None):
        """Each unit's successions both ways dated `until` (today by default) or before, with
        their other unit (two queries): what the API lists of a unit's predecessors and
        successors. A succession recorded ahead of its date is Inserm's plan, not yet public."""
        rows = Succession.objects.filter(on__lte=until or timezone.localdate())
        return self.prefetch_related(
            models.Prefetch("predecessor_links", queryset=rows.select_related("predecessor")),
            models.Prefetch("successor_links", queryset=rows.select_related("successor")),
        )


class ResearchUnit(FoldedKeys):
    class StructureType(models.TextChoices):
        RESEARCH_UNIT = "research_unit", _("Research unit")
        MIXED_UNIT = "mixed_unit", _("Mixed research unit")
        CIC = "cic", _("Clinical investigation centre")
        SERVICE_UNIT = "service_unit", _("Service unit")
        TEAM = "team", _("Research team")

    class HceresWave(models.TextChoices):
        A = "A", _("Wave A")
        B = "B", _("Wave B")
        C = "C", _("Wave C")
        D = "D", _("Wave D")
        E = "E", _("Wave E")

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z]+(?:[-_ ][A-Za-z]+)?[-_ ]?\d{1,5}$",
                _("Enter a code such as U1234, UMR-S 1234 or CIC 1401: letters, then a number."),
            )
        ],
        help_text=_("As Inserm writes it, e.g. U1234, UMR-S 1234, CIC 1401."),
    )
    # Letters and digits only, upper case: what code search compares against.
    code_key = models.GeneratedField(
        expression=code_key_expression("code"),
        output_field=models.CharField(max_length=30),
        db_persist=True,
        verbose_name=_("code key"),
    )
    # The number that ends the code (UMR-S 1013: 1013), which identifies the unit whatever
    # its prefix: any spelling of it finds the unit, and one number is one unit at a time.
    # Written from the code wherever the folded keys are (every save, bulk loads).
    inserm_number = models.PositiveIntegerField(_("Inserm number"), null=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    structure_type = models.CharField(_("structure type"), max_length=20, choices=StructureType.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="units", verbose_name=_("host site"))
    director_name = models.CharField(_("director"), max_length=200)
    director_is_puph = models.BooleanField(
        _("director is PU-PH"),
        default=False,
        help_text=_("The director is a University Professor–Hospital Practitioner."),
    )
    hospital_staff_count = models.PositiveIntegerField(
        _("university-hospital staff"),
        default=0,
        help_text=_("Number of university-hospital personnel working in the unit."),
    )
    themes = models.TextField(_("themes"), blank=True, help_text=_("Research themes, separated by commas."))
    rnsr_number = IdentifierField(
        _("RNSR number"),
        scheme="rnsr",
        help_text=_("National directory of research structures identifier: 9 digits and a letter."),
    )
    wikidata_id = IdentifierField(_("Wikidata item"), scheme="wikidata")
    hceres_wave = models.CharField(_("Hcéres evaluation wave"), max_length=1, choices=HceresWave.choices, blank=True)
    is_published = models.BooleanField(_("published"), default=False, help_text=_("Shown on the public pages."))
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the public."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    SEARCHED = ("code", "name", "acronym", "themes", "director_name", "other_names")
    FOLDED = {
        "name_key": ("name",),
        "acronym_key": ("acronym",),
        "search_text": SEARCHED,
        "search_stems": SEARCHED,
    }
    name_key = folded_field(300)
    acronym_key = folded_field(40)  # an acronym search compares it (core.search.acronym_is)
    search_text = folded_field()  # public fields only: internal notes never match a public search
    search_stems = folded_field()  # the stems of search_text's words (core.search)
    other_names = folded_field()  # its dated names (UnitName), written by them

    # A summary of the unit's terms, copied from them by refresh_terms() whenever a term
    # changes, so that lists show, filter and sort on mandate status without reading the
    # terms of every row: the span of its terms (the first one's start, the last one's
    # end) and how many are recorded. Empty while the unit has no term.
    TERM_SUMMARY = ("term_start", "term_end", "term_number")
    term_start = models.DateField(_("first term starts"), null=True, editable=False)
    term_end = models.DateField(_("last term ends"), null=True, editable=False)
    term_number = models.PositiveSmallIntegerField(_("terms recorded"), null=True, editable=False)

    objects = ResearchUnitQuerySet.as_manager()
    # code_key is computed by the database and inserm_number from the code; version is the
    # optimistic lock's counter; the term summary is the terms' own history.
    history = HistoricalRecords(
        excluded_fields=["code_key", "inserm_number", "version", "other_names", *FOLDED, *TERM_SUMMARY]
    )

    # The first and last days of the terms the unit is to have, when whoever writes it knows
    # them better than the stored term summary: an import row, the service that gives a new
    # unit its first term. None: the stored summary. The unit's number is checked against
    # the other units' terms over these days (clean). The admin's term formset checks the
    # dates submitted itself (MandateFormSet.check_number), after the unit form has checked
    # the stored ones: a clash already stored is corrected from the terms' own admin page.
    planned_span: tuple[dt.date, dt.date] | None = None

    class Meta:
        verbose_name = _("research unit")
        verbose_name_plural = _("research units")
        indexes = [
            # Lists sorted by code (the default) after a filter: units of a site (public
            # list and workspace), of a structure type, with a PU-PH director or not.
            models.Index(fields=["site", "code_key"], name="unit_site_code"),
            models.Index(fields=["structure_type", "code_key"], name="unit_structure_code"),
            models.Index(fields=["director_is_puph", "code_key"], name="unit_puph_code"),
            # The public lists: published units by code (default) and by name.
            models.Index(fields=["is_published", "code_key"], name="unit_published_code"),
            models.Index(fields=["is_published", "name_key"], name="unit_published_name"),
            # The workspace's sort by name (every unit).
            models.Index(fields=["name_key", "id"], name="unit_name_sort"),
            # Mandate status filters (ranges of term_end: expiring, ended…), "expires before
            # <date>" in the workspace, and the sort by term end.
            models.Index(fields=["term_end", "code_key"], name="unit_term_end"),
            # A search by Inserm number (U1013 finds UMR-S 1013), and the units with a
            # unit's number whose terms overlap its own (number_clash).
            models.Index(fields=["inserm_number", "term_start"], name="unit_inserm_number"),
        ]
        constraints = [
            # `U 1234` and `U1234` are the same unit: the spelling-free key is unique too.
            # Its index also serves code look-ups in any spelling (code_key = / startswith).
            models.UniqueConstraint(
                fields=["code_key"],
                name="unit_code_key_unique",
                violation_error_message=_("A unit with this code, spelt differently, already exists."),
            ),
            models.UniqueConstraint(
                fields=["rnsr_number"],
                condition=~Q(rnsr_number=""),
                name="unit_rnsr_number_unique",
                violation_error_message=_("Another unit already has this RNSR number."),
                violation_error_code="unique",
            ),
            *unique_identifiers("unit", "wikidata_id"),
            models.CheckConstraint(condition=Q(hospital_staff_count__gte=0), name="unit_staff_count_positive"),
        ]

    def save(self, *args, **kwargs):
        # The term summary is written by refresh_terms() only: a unit loaded before a
        # renewal and saved after it must not put the old summary back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and not field.generated and field.name not in self.TERM_SUMMARY
            ]
        elif kwargs.get("update_fields") is not None and "code" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "inserm_number"}
        super().save(*args, **kwargs)

    def refresh_folded_keys(self):
        super().refresh_folded_keys()
        self.inserm_number = codes.number(self.code)

    def __str__(self):
        return f"{self.code} {self.acronym or self.name}"

    def get_absolute_url(self):
        return detail_url("units:detail", self.code_slug)

    def status_on(self, on: dt.date) -> str | None:
        """The unit's mandate status on `on`: the rule of with_mandate_status(), in Python."""
        if self.term_start is None:
            return None
        if self.term_start > on:
            return MandateStatus.UPCOMING
        if self.term_end < on:
            return MandateStatus.ENDED
        if self.term_end <= rules.expiry_warning_limit(on):
            return MandateStatus.EXPIRING
        if self.term_number >= rules.max_terms():
            return MandateStatus.FINAL
        return MandateStatus.RENEWABLE

    @cached_property
    def mandate_status(self) -> str | None:
        """The status today. Units read with with_mandate_status() have it from the database
        (the annotation takes the place of this property)."""
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        """The mandate status as people read it ("Final term"), "" for a unit without terms."""
        return MandateStatus(self.mandate_status).label if self.mandate_status else ""

    @property
    def is_renewed(self) -> bool:
        """Whether a renewal has been recorded: a term after the first."""
        return (self.term_number or 0) > 1

    @property
    def is_last_allowed_term(self) -> bool:
        """Whether the unit's latest term is the last the rules allow (no renewal left)."""
        return (self.term_number or 0) >= rules.max_terms()

    @property
    def renewals_left(self) -> int:
        """How many more times the unit may be renewed, by the rules (0 in its last allowed term)."""
        return max(0, rules.max_terms() - (self.term_number or 0))

    @property
    def renewals_left_text(self) -> str:
        """The renewals left, as the unit's page states them."""
        return rules.renewals_left_text(self.renewals_left)

    @property
    def term_is_running(self) -> bool:
        """Whether its latest term runs today: it has started and not ended."""
        return self.mandate_status in (MandateStatus.RENEWABLE, MandateStatus.FINAL, MandateStatus.EXPIRING)

    @property
    def code_slug(self) -> str:
        """The code as it appears in URLs: /units/UMR-S-1234/ (any spelling is found)."""
        return "-".join(self.code.split())

    def clean(self):
        errors = {}
        typed = self.code or ""
        self.code = codes.canonical(typed) or " ".join(typed.split()).upper()
        self.inserm_number = codes.number(self.code)
        errors.update(self.prefix_errors(typed))
        # Forms leave code_key out, so its unique constraint is not checked there: do it here.
        # (The code exactly as stored is reported by the code field's own unique check.)
        twin = (
            ResearchUnit.objects.exclude(pk=self.pk)
            .filter(code_key=code_key(self.code))
            .exclude(code=typed)
            .values_list("code", flat=True)
            .first()
        )
        if self.code and twin:
            errors.setdefault(
                "code",
                _("Unit %(code)s already exists: %(typed)s is the same code spelt differently.")
                % {"code": twin, "typed": typed},
            )
        if "code" not in errors:
            errors.update(self.number_errors())
        if "code" not in errors:
            errors.update(self.lineage_number_errors())
        if errors:
            raise ValidationError(errors)

    def lineage_number_errors(self) -> dict[str, str]:
        """{"code": why} if, with this code, a stored succession of the unit would contradict
        its kind: a re-creation keeps the Inserm number, a succession changes it."""
        if not self.pk:
            return {}
        rows = Succession.objects.filter(
            Q(predecessor=self.pk) | Q(successor=self.pk),
            kind__in=[Succession.Kind.RECREATION, Succession.Kind.SUCCESSION],
        ).select_related("predecessor", "successor")
        for row in rows:
            other = row.successor if row.predecessor_id == self.pk else row.predecessor
            same = self.inserm_number is not None and self.inserm_number == other.inserm_number
            if (row.kind == Succession.Kind.RECREATION) != same:
                message = (
                    _(
                        "This unit and %(other)s are recorded as one unit re-created under its number: keep the "
                        "number %(number)s, or change that succession's kind first."
                    )
                    if row.kind == Succession.Kind.RECREATION
                    else _(
                        "With this code, this unit would share its number with %(other)s, recorded as a succession "
                        "(a new number): choose another code, or make that succession a re-creation first."
                    )
                )
                return {"code": message % {"other": other.code, "number": other.inserm_number}}
        return {}

    def prefix_errors(self, typed: str) -> dict[str, str]:
        """A code whose prefix is not Inserm's, or does not go with the structure type."""
        parts = codes.split(typed)
        if parts is None:
            return {}  # not letters then a number: the code field's own validator says so
        prefix = codes.PREFIXES.get(parts[0])
        if prefix is None:
            return {
                "code": _(
                    "%(prefix)s is not an Inserm prefix: a code is U, UMR-S, UMR, CIC, US, UMS or ERL, "
                    "then the unit's number, e.g. U1234, UMR-S 1234, CIC 1401."
                )
                % {"prefix": parts[0]}
            }
        allowed = codes.PREFIX_TYPES[prefix]
        if self.structure_type in self.StructureType.values and self.structure_type not in allowed:
            return {
                "structure_type": _(
                    "A code starting with %(prefix)s is that of a structure of type %(allowed)s, "
                    "not %(chosen)s: change the structure type or the code."
                )
                % {
                    "prefix": prefix,
                    "allowed": get_text_list([f"“{self.StructureType(value).label}”" for value in allowed], _("or")),
                    "chosen": f"“{self.StructureType(self.structure_type).label}”",
                }
            }
        return {}

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The days the unit's terms cover (planned_span, else the stored summary); None
        while it has no term."""
        if self.planned_span is not None:
            return self.planned_span
        return (self.term_start, self.term_end) if self.term_start and self.term_end else None

    def number_clash(self, span: tuple[dt.date, dt.date] | None = None) -> "ResearchUnit | None":
        """Another unit with this unit's Inserm number whose terms overlap `span` (the
        unit's own span by default): one number is one unit at a time. A unit re-created
        under its number after the first one's last term is no clash."""
        span = span or self.span()
        number = codes.number(self.code)
        if span is None or number is None:
            return None
        start, end = span
        others = ResearchUnit.objects.exclude(pk=self.pk) if self.pk else ResearchUnit.objects.all()
        return (
            others.filter(inserm_number=number, term_start__lte=end, term_end__gte=start)
            .order_by("term_start", "pk")
            .only("pk", "code", "term_start", "term_end")
            .first()
        )

    def number_errors(self, span: tuple[dt.date, dt.date] | None = None, link=None) -> dict[str, str]:
        """{"code": why} if another unit holds this unit's number over overlapping terms.
        `link(unit)`, if given, is the URL the message links the other unit's code to."""
        span = span or self.span()
        other = self.number_clash(span)
        if other is None:
            return {}
        return {"code": number_clash_message(self, other, span, link)}


def number_clash_message(unit, other, span, link=None) -> str:
    """Why `unit` may not have its number over `span`: `other` has it then (its code
    linked to `link(other)` if given)."""
    message = _(
        "%(other)s already has the Inserm number %(number)d, with terms from %(start)s to %(end)s, "
        "which overlap this unit's (%(own_start)s to %(own_end)s): a number is one unit at a time. "
        "Edit %(other)s, or correct the code or the dates."
    )
    values = {
        "number": codes.number(unit.code),
        "start": rules.date_label(other.term_start),
        "end": rules.date_label(other.term_end),
        "own_start": rules.date_label(span[0]),
        "own_end": rules.date_label(span[1]),
    }
    if link is None:
        return message % {**values, "other": other.code}
    named = format_html('<a href="{}">{}</a>', link(other), other.code)
    escaped = {key: value if isinstance(value, int) else conditional_escape(value) for key, value in values.items()}
    return mark_safe(escape(message) % {**escaped, "other": named})  # noqa: S308 - every value escaped


class UnitName(DatedName):
    """An acronym, alias or former name of a unit, with its dates."""

    OWNER = "unit"

    unit = models.ForeignKey(ResearchUnit, on_delete=models.CASCADE, related_name="names", verbose_name=_("unit"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit name")
        verbose_name_plural = _("other names")
        constraints = dated_name_constraints("unit")


class Mandate(models.Model):
    """One term of a unit: 1 is the creation, 2 the renewal. A term lasts a full term
    (rules.term_end) unless the editor records why it is shorter or longer."""

    class LengthReason(models.TextChoices):
        # rules.term_errors knows which of them lengthen or shorten a term.
        EXTENSION = rules.EXTENSION, _("Extension")
        WAVE_ALIGNMENT = rules.WAVE_ALIGNMENT, _("Alignment on the site's evaluation wave")
        EARLY_CLOSURE = rules.EARLY_CLOSURE, _("Closed early")
        OTHER = rules.OTHER, _("Other")

    unit = models.ForeignKey(ResearchUnit, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("unit"))
    number = models.PositiveSmallIntegerField(_("term"), help_text=_("1 for the creation, 2 for the renewal."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    length_reason = models.CharField(
        _("length reason"),
        max_length=20,
        choices=LengthReason.choices,
        blank=True,
        help_text=_("Why the term is shorter or longer than a full term; empty for a full term."),
    )
    length_note = models.TextField(
        _("length note"),
        blank=True,
        help_text=_("Required when the reason is “Other”. Seen by staff and managers, never by the public."),
    )
    version = version_field()

    history = HistoricalRecords(excluded_fields=["version"])

    # What a public page says of a term that is not a full one: the reason in a few words,
    # never the note (internal), and nothing for "other" (which only the note explains).
    PUBLIC_LENGTH_LABELS = {
        LengthReason.EXTENSION: _("Extended term"),
        LengthReason.WAVE_ALIGNMENT: _("Aligned on the site's evaluation wave"),
        LengthReason.EARLY_CLOSURE: _("Closed early"),
    }

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["number"]  # a unit has one or two terms: always shown in order
        indexes = [
            # with_mandate_status(): a unit's first start, last end and the term running
            # on a date (unit = ? AND start <= d AND end >= d). The unique (unit, number)
            # index serves the term count.
            models.Index(fields=["unit", "start", "end"], name="mandate_unit_dates"),
            # "Expires before <date>" and the mandate alerts: terms by end date.
            models.Index(fields=["end"], name="mandate_end"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="mandate_unique_number_per_unit",
                violation_error_message=_("This unit already has a term with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=1 + settings.MANDATE_MAX_RENEWALS),
                name="mandate_number_range",
                violation_error_message=_("A unit may be renewed only once: create a successor unit instead."),
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="mandate_end_after_start",
                violation_error_message=_("A term must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(length_reason=rules.OTHER) | ~Q(length_note=""),
                name="mandate_other_reason_has_note",
                violation_error_message=_("Say in the note why the term has this length: the reason is “Other”."),
            ),
            # On PostgreSQL, a unit's terms cannot overlap either: an exclusion constraint,
            # made by migration 0007 only there (SQLite has none: the rules check).
        ]

    # The unit's terms just before and after this one (rules.Term or None each), to check
    # it against. None: read them from the database. The admin's term formset hands over
    # the ones the editor submitted with it, since two terms may be moved in one save.
    neighbours: tuple[rules.Term | None, rules.Term | None] | None = None
    # True when the unit's successions, submitted in the same save, check their dates against
    # this term as submitted (the unit admin): the stored successions may be moving too.
    lineage_checked_elsewhere = False

    def __str__(self):
        return _("%(unit)s, term %(number)s") % {"unit": self.unit.code if self.unit_id else "?", "number": self.number}

    def as_term(self) -> rules.Term:
        return rules.Term(self.number, self.start, self.end, self.length_reason, self.length_note)

    @property
    def public_length_label(self) -> str:
        """The reason for the term's length as public pages state it ("" if they say none)."""
        return self.PUBLIC_LENGTH_LABELS.get(self.length_reason, "")

    @property
    def is_last_allowed(self) -> bool:
        """Whether no renewal may follow this term, by the rules."""
        return self.number >= rules.max_terms()

    def stored_neighbours(self) -> tuple[rules.Term | None, rules.Term | None]:
        """The unit's stored terms numbered just before and just after this one."""
        if not self.unit_id:
            return None, None
        siblings = Mandate.objects.filter(unit_id=self.unit_id, number__in=[self.number - 1, self.number + 1])
        by_number = {sibling.number: sibling.as_term() for sibling in siblings.exclude(pk=self.pk)}
        return by_number.get(self.number - 1), by_number.get(self.number + 1)

    def clean(self):
        if None in (self.number, self.start, self.end):
            return  # field errors already reported
        previous, following = self.neighbours if self.neighbours is not None else self.stored_neighbours()
        errors = rules.term_errors(self.as_term(), previous, following)
        # The admin's term formset, which hands over the neighbours, checks the unit's number
        # once for all the terms submitted.
        if self.neighbours is None and not errors.keys() & {"start", "end"}:
            errors.update(self.number_errors())
        if not self.lineage_checked_elsewhere:
            for name, message in self.lineage_errors().items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def lineage_errors(self) -> dict[str, str]:
        """{"end" or "start": why} if the term runs past the day the unit was succeeded or
        closed, or starts before the day it took over from its predecessor: the succession's
        date and the terms must tell the same story (units/lineage.py checks the other way)."""
        if not self.unit_id:
            return {}
        rows = Succession.objects.filter(Q(predecessor=self.unit_id) | Q(successor=self.unit_id)).order_by("on")
        for row in rows.select_related("predecessor", "successor"):
            values = {"date": rules.date_label(row.on), "kind": row.get_kind_display().lower()}
            if row.predecessor_id == self.unit_id:
                closed = row.successor_id is None
                if self.end > row.on or (self.end == row.on and not closed):
                    message = (
                        _("%(code)s closed on %(date)s: its terms end on that day at the latest.")
                        if closed
                        else _(
                            "%(code)s is succeeded by %(other)s on %(date)s (%(kind)s): its terms end before "
                            "that day. Correct the succession's date first if the unit lasts longer."
                        )
                    )
                    code, other = row.predecessor.code, row.successor.code if row.successor_id else ""
                    return {"end": message % {**values, "code": code, "other": other}}
            elif self.start < row.on:
                message = _(
                    "%(code)s takes over from %(other)s on %(date)s (%(kind)s): its terms start on or after that day."
                )
                return {"start": message % {**values, "code": row.successor.code, "other": row.predecessor.code}}
        return {}

    def number_errors(self) -> dict[str, str]:
        """{"start" or "end": why} if, with this term, the unit's terms would overlap those
        of another unit with its Inserm number (ResearchUnit.number_clash)."""
        if not self.unit_id:
            return {}
        others = Mandate.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
        stored = others.aggregate(start=Min("start"), end=Max("end"))
        span = (min(filter(None, (self.start, stored["start"]))), max(filter(None, (self.end, stored["end"]))))
        other = self.unit.number_clash(span)
        if other is None:
            return {}
        field = "start" if other.term_start <= self.start <= other.term_end else "end"
        return {field: number_clash_message(self.unit, other, span)}


@receiver([post_save, post_delete], sender=Mandate, dispatch_uid="refresh_unit_terms")
def refresh_unit_terms(sender, instance, raw=False, **kwargs):
    """Any term saved or deleted updates its unit's term summary and version (loaddata,
    `raw`, brings the units' summaries with the dump). The term's unit, if it holds one
    (the unit a renewal or the admin's formset was given), is updated too, so that its
    caller does not go on with a stale version."""
    if raw:
        return
    units = ResearchUnit.objects.filter(pk=instance.unit_id)
    units.refresh_terms()
    if Mandate.unit.is_cached(instance):
        stored = units.values("version", *ResearchUnit.TERM_SUMMARY).first()  # none once the unit is deleted
        for name, value in (stored or {}).items():
            setattr(instance.unit, name, value)


class Succession(models.Model):
    """What became of a unit at the end of its life, dated: succeeded by another unit,
    re-created under its number, merged (several predecessors, one successor), split (one
    predecessor, several successors), or closed without successor. A merger or a split is
    one row per pair of units, of the same kind and date."""

    class Kind(models.TextChoices):
        SUCCESSION = "succession", _("Succession")
        RECREATION = "recreation", _("Re-creation under the same number")
        MERGER = "merger", _("Merger")
        SPLIT = "split", _("Split")
        CLOSURE = "closure", _("Closure without successor")

    predecessor = models.ForeignKey(
        ResearchUnit, on_delete=models.PROTECT, related_name="successor_links", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        ResearchUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessor_links",
        verbose_name=_("successor"),
        help_text=_("Empty for a closure without successor."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(
        _("date"), help_text=_("The day the successor takes over (its first term starts), or the day the unit closed.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="succession_once_per_pair",
                violation_error_message=_("This succession is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(successor__isnull=True),
                name="succession_one_closure",
                violation_error_message=_("This unit's closure is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(kind="closure", successor__isnull=True) | (~Q(kind="closure") & Q(successor__isnull=False)),
                name="succession_successor_unless_closure",
                violation_error_message=_("A closure has no successor; every other kind of succession has one."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("predecessor")),
                name="succession_not_own_successor",
                violation_error_message=_("A unit cannot succeed itself."),
            ),
        ]

    # The other rows submitted with this one, which the rules read instead of the stored
    # ones they replace: (pks of the stored rows replaced, lineage.Link of the others). None:
    # the stored rows only. The admin's succession formsets hand them over, since a merger
    # or a split is several rows entered at once.
    submitted = None

    def __str__(self):
        if self.successor_id is None:
            return _("%(predecessor)s closed") % {"predecessor": self.predecessor.code}
        return _("%(predecessor)s → %(successor)s (%(kind)s)") % {
            "predecessor": self.predecessor.code,
            "successor": self.successor.code,
            "kind": self.get_kind_display(),
        }

    def get_absolute_url(self):
        return self.predecessor.get_absolute_url()

    def clean(self):
        from . import lineage  # noqa: PLC0415 - the rules read the models

        errors = lineage.row_errors(self, self.submitted)
        if errors:
            raise ValidationError(errors)
