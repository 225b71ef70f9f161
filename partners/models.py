import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core import page_cache
from core.concurrency import version_field
from core.identifiers import SCHEMES, IdentifierField
from core.links import detail_url
from core.querysets import is_set
from core.search import DatedName, FoldedKeys, dated_name_constraints, folded_field
from units.models import Region, ResearchUnit, unique_identifiers


class Category(models.Model):
    """One of the ten groups of partners in the brief, created by a data migration.

    Names and descriptions are stored in both languages; the slug never changes.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("partner category")
        verbose_name_plural = _("partner categories")
        ordering = ["display_order", "slug"]  # ten rows: always shown in their set order

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:list") + f"?category={self.slug}"

    @property
    def name(self) -> str:
        return self.name_fr if (get_language() or "fr").startswith("fr") else self.name_en

    @property
    def description(self) -> str:
        return self.description_fr if (get_language() or "fr").startswith("fr") else self.description_en


def category_table() -> dict[str, tuple[int, str]]:
    """The ten categories as {slug: (id, name)} in display order, names in the active
    language, kept until the next edit: the directory's filter and each of its rows read
    them on every request (bench/README.md, "Speed-ups")."""
    return page_cache.until_next_edit(
        f"categories:{get_language()}", lambda: {c.slug: (c.pk, c.name) for c in Category.objects.all()}
    )


class PartnerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_set("is_published"))

    def for_directory(self):
        """The public directory: published partners with their category (one query a page),
        and sort keys that ignore case and accents (École sorts with the Es)."""
        return self.published().select_related("category")

    def for_public_detail(self):
        """A public partner page: its published parent, network and children, and how many
        public agreements it has (recent_public_agreements() lists them). Nothing confidential."""
        public_agreements = Agreement.objects.public().filter(partners=OuterRef("pk")).order_by().values("partners")
        return (
            self.published()
            .select_related("category", "parent", "network")
            .annotate(public_agreement_count=Subquery(public_agreements.annotate(n=Count("pk")).values("n")))
            .prefetch_related(Prefetch("children", queryset=Partner.objects.published().order_by("name")))
        )


class Partner(FoldedKeys):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("Higher-education school")
        HOSPITAL = "hospital", _("Hospital")
        CANCER_CENTRE = "cancer_centre", _("Cancer centre")
        FOUNDATION = "foundation", _("Foundation")
        ASSOCIATION = "association", _("Association")
        AGENCY = "agency", _("Health agency")
        RESEARCH_BODY = "research_body", _("Research body")
        COMPANY = "company", _("Company")
        SOCIAL_PROTECTION = "social_protection", _("Social protection body")
        REGION = "region", _("Region")
        DEPARTEMENT = "departement", _("Département")
        MUNICIPALITY = "municipality", _("Municipality")
        NETWORK = "network", _("Network")
        FUNDING_AGENCY = "funding_agency", _("Research funding agency")
        OTHER = "other", _("Other")

    class NetworkRole(models.TextChoices):
        RFO = "rfo", _("Research funding organisation (RFO)")
        RPO = "rpo", _("Research performing organisation (RPO)")

    # The brief counts "higher education and research establishments" by these kinds.
    HIGHER_EDUCATION_KINDS = (Kind.UNIVERSITY, Kind.SCHOOL)
    AGREEMENTS_SHOWN = 50  # on its public page, the most recent

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="partners", verbose_name=_("category")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"), default="FR")
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(
        _("region"), max_length=40, choices=Region.choices, blank=True, help_text=_("For partners in France.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    ror_id = IdentifierField(
        _("ROR ID"), scheme="ror", help_text=_("Research Organization Registry identifier, e.g. 02vjkv261.")
    )
    siren = IdentifierField(_("SIREN number"), scheme="siren", help_text=_("The legal entity's number, 9 digits."))
    siret = IdentifierField(
        _("SIRET number"), scheme="siret", help_text=_("The establishment's number: its SIREN and 5 digits.")
    )
    uai = IdentifierField(_("UAI"), scheme="uai", help_text=_("For a university or a school: its UAI."))
    finess = IdentifierField(
        _("FINESS number"), scheme="finess", help_text=_("For a hospital: its legal entity's FINESS number.")
    )
    wikidata_id = IdentifierField(_("Wikidata item"), scheme="wikidata")
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent partner"),
    )
    network = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,  # its members name it: they move to another network first
        null=True,
        blank=True,
        related_name="network_members",
        limit_choices_to={"kind": Kind.NETWORK},
        verbose_name=_("network"),
        help_text=_("The network this partner is a member of, such as Science Europe."),
    )
    network_role = models.CharField(
        _("network role"),
        max_length=3,
        choices=NetworkRole.choices,
        blank=True,
        help_text=_("Its role in that network: a research funding or a research performing organisation."),
    )
    founded_on = models.DateField(
        _("founded"),
        null=True,
        blank=True,
        help_text=_("Shown as month and year: the first day of the month will do."),
    )
    inserm_role = models.TextField(
        _("Inserm's role"),
        blank=True,
        help_text=_("Inserm's place in this partner (a seat, a mandate…), shown on its public page."),
    )
    is_published = models.BooleanField(_("published"), default=False, help_text=_("Shown on the public pages."))
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the public."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    SEARCHED = ("name", "acronym", "city", "description", "other_names")
    FOLDED = {
        "name_key": ("name",),
        "city_key": ("city",),
        "acronym_key": ("acronym",),
        "search_text": SEARCHED,
        "search_stems": SEARCHED,
    }
    name_key = folded_field(250)
    acronym_key = folded_field(40)  # an acronym search compares it (core.search.acronym_is)
    city_key = folded_field(100)
    search_text = folded_field()
    search_stems = folded_field()  # the stems of search_text's words (core.search)
    other_names = folded_field()  # its dated names (PartnerName), written by them

    objects = PartnerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "other_names", *FOLDED])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            # The directory: published partners by name (the default sort), by city, and
            # within one category, kind, country or region (the filters), by name.
            models.Index(fields=["is_published", "name_key", "id"], name="partner_directory_name"),
            models.Index(fields=["is_published", "city_key"], name="partner_directory_city"),
            models.Index(fields=["category", "is_published", "name_key"], name="partner_category_name"),
            models.Index(fields=["kind", "name_key"], name="partner_kind_name"),
            models.Index(fields=["country", "name_key"], name="partner_country_name"),
            models.Index(fields=["region", "name_key"], name="partner_region_name"),
            # A search's exact matches, read without ranking every match (core.search.leading_rows);
            # on PostgreSQL, a trigram index on other_names too (migration 0018).
            models.Index(fields=["acronym_key"], name="partner_acronym_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ror_id"],
                condition=~Q(ror_id=""),
                name="partner_ror_id_unique",
                violation_error_message=_("Another partner already has this ROR ID."),
                violation_error_code="unique",
            ),
            # A SIREN is shared by the establishments of one legal entity (AP-HP and its
            # hospitals): not unique. The others name one record each.
            *unique_identifiers("partner", "siret", "uai", "finess", "wikidata_id"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="partner_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(network=F("pk")),
                name="partner_not_own_network",
                violation_error_message=_("A network cannot be a member of itself."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("partners:detail", self.slug)

    def recent_public_agreements(self):
        """Its most recent public agreements, with their published partners and units: at most
        AGREEMENTS_SHOWN (a national research body has thousands)."""
        return (
            Agreement.objects.public()
            .filter(partners=self)
            .order_by("-start", "reference")
            .prefetch_related(
                Prefetch("partners", queryset=Partner.objects.published().order_by("name")),
                Prefetch("units", queryset=ResearchUnit.objects.published().order_by("code")),
            )[: self.AGREEMENTS_SHOWN]
        )

    def public_network_members(self):
        """The published members of this network, by name, for its public page."""
        return self.network_members.published().order_by("name_key", "pk")

    @property
    def ror_url(self) -> str:
        return f"https://ror.org/{self.ror_id}" if self.ror_id else ""

    def clean(self):
        # A SIRET names one establishment of a legal entity: its first 9 digits are that SIREN.
        siren, siret = SCHEMES["siren"].read(self.siren or ""), SCHEMES["siret"].read(self.siret or "")
        if siren and siret and not siret.startswith(siren):
            message = _("This SIRET number belongs to SIREN %(other)s, not to this partner's SIREN %(siren)s.")
            raise ValidationError({"siret": message % {"other": siret[:9], "siren": siren}})
        if self.region and self.country != "FR":
            raise ValidationError({"region": _("Regions are French regions: leave it empty for a partner abroad.")})
        self.clean_network()
        if self.parent_id and self.pk:
            ancestor, seen = self.parent, {self.pk}
            while ancestor is not None:
                if ancestor.pk in seen:
                    raise ValidationError({"parent": _("A partner cannot be its own parent, even indirectly.")})
                seen.add(ancestor.pk)
                ancestor = ancestor.parent

    def clean_network(self):
        """A member of a network has a role in it, and a role is in a network."""
        if self.network_id is None:
            if self.network_role:
                raise ValidationError({"network": _("Choose the network in which this partner has its role.")})
            return
        if self.pk and self.network_id == self.pk:
            raise ValidationError({"network": _("A network cannot be a member of itself.")})
        if self.network.kind != self.Kind.NETWORK:
            raise ValidationError({"network": _("Choose a partner of the kind “Network”.")})
        if not self.network_role:
            message = _("A member of a network is a research funding or a research performing organisation.")
            raise ValidationError({"network_role": message})


class PartnerName(DatedName):
    """An acronym, alias or former name of a partner, with its dates (Université Paris Cité:
    formerly Université de Paris, 2019–2022)."""

    OWNER = "partner"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="names", verbose_name=_("partner"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner name")
        verbose_name_plural = _("other names")
        constraints = dated_name_constraints("partner")


class AgreementQuerySet(models.QuerySet):
    def public(self):
        """What anonymous visitors may see, on every page, in the API and in the figures:
        public agreements past the negotiation stage with at least one published partner.
        The last condition because a title usually names the partners: with none
        published, it could name one that is not."""
        published_partner = Partner.objects.published().filter(agreements=OuterRef("pk"))
        return self.filter(is_public=True, stage__in=Agreement.SIGNED_STAGES).filter(Exists(published_partner))

    def for_public_list(self):
        """The public list of agreements: public ones, with their published partners (as
        `public_partners`) and published units, three queries a page."""
        return self.public().prefetch_related(
            Prefetch("partners", queryset=Partner.objects.published().order_by("name"), to_attr="public_partners"),
            Prefetch("units", queryset=ResearchUnit.objects.published().order_by("code_key")),
        )

    def in_force(self, on: dt.date | None = None):
        """Agreements in force on the day `on` (today by default): signed, started, and
        neither expired nor terminated."""
        return self.with_state(Agreement.State.IN_FORCE, on)

    def with_state(self, state: str, on: dt.date | None = None):
        """Agreements in `state` (an Agreement.State) on the day `on`, today by default:
        Agreement.state_on() in SQL."""
        return self.filter(state_condition(state, on or timezone.localdate()))


# The links between agreements and partners or units come first: the agreement's history
# copies them as it is built.
class AgreementPartner(models.Model):
    """A partner of an agreement. A partner with agreements cannot be deleted (PROTECT):
    its agreements would lose it without a word; it is unpublished instead."""

    agreement = models.ForeignKey("Agreement", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "partners_agreement_partners"  # the link's table from before it had a model
        verbose_name = _("partner of an agreement")
        verbose_name_plural = _("partners of agreements")
        constraints = [models.UniqueConstraint(fields=["agreement", "partner"], name="agreement_partner_once")]

    def __str__(self):
        return f"{self.agreement.reference} – {self.partner}"


class AgreementUnit(models.Model):
    """A unit of an agreement. A unit with agreements cannot be deleted (PROTECT)."""

    agreement = models.ForeignKey("Agreement", on_delete=models.CASCADE, related_name="+")
    researchunit = models.ForeignKey(ResearchUnit, on_delete=models.PROTECT, related_name="+")  # the old column

    class Meta:
        db_table = "partners_agreement_units"
        verbose_name = _("unit of an agreement")
        verbose_name_plural = _("units of agreements")
        constraints = [models.UniqueConstraint(fields=["agreement", "researchunit"], name="agreement_unit_once")]

    def __str__(self):
        return f"{self.agreement.reference} – {self.researchunit}"


LINK_HISTORY_NAMES = {
    AgreementPartner.__name__: "HistoricalAgreement_partners",
    AgreementUnit.__name__: "HistoricalAgreement_units",
}


class Agreement(models.Model):
    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Framework agreement")
        REGIONAL_FRAMEWORK = "regional_framework", _("Regional cooperation framework")
        MIXED_STRUCTURE = "mixed_structure", _("Mixed research structure")
        JOINT_SUPERVISION = "joint_supervision", _("Joint supervision of a unit")
        COLLABORATION = "collaboration", _("Research collaboration")
        CO_FUNDING = "co_funding", _("Co-funding")
        CALL = "call", _("Call for proposals or tenders")
        AWARD = "award", _("Award or programme")
        LICENCE = "licence", _("Licence")
        MATERIAL_TRANSFER = "material_transfer", _("Material transfer")
        COLLECTIVE_EXPERTISE = "collective_expertise", _("Collective expertise")
        MEMBERSHIP = "membership", _("Membership")

    class Stage(models.TextChoices):
        """What people decide. Whether a signed agreement is in force follows from its dates (State)."""

        DRAFT = "draft", _("Draft")
        NEGOTIATING = "negotiating", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        TERMINATED = "terminated", _("Terminated early")

    class State(models.TextChoices):
        """What the calendar makes of an agreement on a day (state_on): a draft or a
        negotiation is at its stage; a signed one is not yet in force, in force, expired,
        or terminated early once its last day in force has passed. Never stored."""

        DRAFT = "draft", _("Draft")
        NEGOTIATING = "negotiating", _("Under negotiation")
        UPCOMING = "upcoming", _("Not yet in force")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated early")

    SIGNED_STAGES = (Stage.SIGNED, Stage.TERMINATED)
    NO_PARTNER = _("Choose at least one partner: an agreement binds Inserm to one partner or more.")

    reference = models.CharField(_("reference"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    partners = models.ManyToManyField(
        Partner, through=AgreementPartner, related_name="agreements", verbose_name=_("partners")
    )
    units = models.ManyToManyField(
        ResearchUnit, through=AgreementUnit, related_name="agreements", blank=True, verbose_name=_("units")
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.DRAFT,
        help_text=_("Whether a signed agreement is in force follows from its dates."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Leave empty for an open-ended agreement."))
    terminated_on = models.DateField(
        _("terminated on"),
        null=True,
        blank=True,
        help_text=_("For an agreement terminated early: its last day in force."),
    )
    amount_eur = models.DecimalField(
        _("amount (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Confidential: never shown to the public."),
    )
    objectives = models.TextField(
        _("partnership axes and objectives"),
        blank=True,
        help_text=_("The partnership axes of a regional framework, the shared objectives of a mixed structure…"),
    )
    is_public = models.BooleanField(_("public"), default=False, help_text=_("Listed on the public pages once signed."))
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown to the public."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    objects = AgreementQuerySet.as_manager()
    # The partners and units links are kept too (m2m_fields), their history under the
    # names it had before the links had models of their own.
    history = HistoricalRecords(
        excluded_fields=["version"],
        m2m_fields=["partners", "units"],
        custom_model_name=lambda name: LINK_HISTORY_NAMES.get(name, f"Historical{name}"),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            # AgreementQuerySet.public(): public agreements past the negotiation stage (each
            # then checked for a published partner).
            models.Index(fields=["is_public", "stage"], name="agreement_public"),
        ]
        # What can never be true, whatever the day. (Stages spelled out: Meta cannot see Stage.)
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="agreement_end_not_before_start",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(stage="draft") | Q(stage="negotiating") | Q(signed_on__isnull=False),
                name="agreement_signed_has_signature_date",
                violation_error_message=_("A signed agreement has a signature date."),
            ),
            models.CheckConstraint(
                condition=Q(stage="terminated", terminated_on__isnull=False)
                | (~Q(stage="terminated") & Q(terminated_on__isnull=True)),
                name="agreement_termination_date_iff_terminated",
                violation_error_message=_(
                    "An agreement terminated early has a termination date, and no other agreement has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | (Q(terminated_on__gte=F("start")) & (Q(end__isnull=True) | Q(terminated_on__lte=F("end")))),
                name="agreement_terminated_within_its_dates",
                violation_error_message=_("An agreement is terminated between its start and its planned end."),
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0),
                name="agreement_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def state_on(self, day: dt.date) -> str:
        """Its State on `day` (AgreementQuerySet.with_state() in SQL)."""
        if self.stage not in self.SIGNED_STAGES:
            return self.State(self.stage)
        if day < self.start:
            return self.State.UPCOMING
        if self.terminated_on and self.terminated_on < day:
            return self.State.TERMINATED
        if self.end and self.end < day:
            return self.State.EXPIRED
        return self.State.IN_FORCE

    @property
    def state(self) -> str:
        """Its State today."""
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An agreement cannot end before it starts.")
        if self.stage in self.SIGNED_STAGES and not self.signed_on:
            errors["signed_on"] = _("A signed agreement has a signature date.")
        elif self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("A signature date cannot be in the future: record the signature once it is made.")
        if self.stage == self.Stage.TERMINATED:
            if not self.terminated_on:
                errors["terminated_on"] = _("An agreement terminated early has the date of its last day in force.")
            elif self.start and self.terminated_on < self.start:
                errors["terminated_on"] = _("An agreement cannot be terminated before it starts.")
            elif self.end and self.terminated_on > self.end:
                errors["terminated_on"] = _("An early termination falls on or before the agreement's planned end.")
        elif self.terminated_on:
            errors["terminated_on"] = _(
                "Only an agreement terminated early has a termination date: choose that stage or leave the date empty."
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def check_partners(cls, partners) -> None:
        """The rule on its partners, which clean() cannot see (they are saved after it):
        the admin form, the import and the API call it with the partners they were given."""
        if not partners:
            raise ValidationError({"partners": cls.NO_PARTNER})


def state_condition(state: str, on: dt.date) -> Q:
    """The agreements in `state` on the day `on`, as a filter (Agreement.state_on in SQL)."""
    signed = Q(stage__in=Agreement.SIGNED_STAGES)
    started = signed & Q(start__lte=on)
    not_terminated = Q(terminated_on__isnull=True) | Q(terminated_on__gte=on)
    conditions = {
        Agreement.State.DRAFT: Q(stage=Agreement.Stage.DRAFT),
        Agreement.State.NEGOTIATING: Q(stage=Agreement.Stage.NEGOTIATING),
        Agreement.State.UPCOMING: signed & Q(start__gt=on),
        Agreement.State.TERMINATED: started & Q(terminated_on__lt=on),
        Agreement.State.EXPIRED: started & not_terminated & Q(end__lt=on),
        Agreement.State.IN_FORCE: started & not_terminated & (Q(end__isnull=True) | Q(end__gte=on)),
    }
    return conditions[state]


class UnitPartnerQuerySet(models.QuerySet):
    def on(self, day: dt.date | None = None):
        """The relations in force on `day` (today by default): started, and not ended
        (UnitPartner.in_force_on in Python)."""
        day = day or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def ended_before(self, day: dt.date | None = None):
        """The relations over by `day` (today by default): the former ones."""
        return self.filter(end__lt=day or timezone.localdate())

    def supervisors(self):
        return self.filter(role=UnitPartner.Role.SUPERVISOR)

    def public(self):
        """What the public may see: relations between a published unit and a published partner."""
        return self.filter(unit__is_published=True, partner__is_published=True)


class UnitPartner(models.Model):
    """A partner's part in a unit's life, from a date to a date: one of its supervising
    bodies, its host institution, its hospital partner… A unit's supervising bodies are
    these relations (not its agreements), and what they were on any day follows from the
    dates."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervising body")
        HOST = "host", _("Host institution")
        HOSPITAL = "hospital", _("Hospital partner")
        ASSOCIATE = "associate", _("Associated partner")

    unit = models.ForeignKey(
        ResearchUnit, on_delete=models.CASCADE, related_name="partner_links", verbose_name=_("unit")
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="unit_links", verbose_name=_("partner"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SUPERVISOR)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while the relation lasts."))

    objects = UnitPartnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner of a unit")
        verbose_name_plural = _("partners of units")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["partner", "role", "start"], name="unitpartner_partner_role")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "partner", "role", "start"],
                name="unitpartner_once",
                violation_error_message=_("This relation is already recorded from this date."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="unitpartner_end_not_before_start",
                violation_error_message=_("A relation cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return _("%(partner)s, %(role)s of %(unit)s") % {
            "partner": self.partner.name,
            "role": self.get_role_display().lower(),
            "unit": self.unit.code,
        }

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the relation runs on `day` (UnitPartnerQuerySet.on in Python)."""
        return self.start <= day and (self.end is None or self.end >= day)

    def overlaps(self, other: "UnitPartner") -> bool:
        """Whether `other` is the same relation (unit, partner, role) over days of this one's."""
        same = (other.unit_id, other.partner_id, other.role) == (self.unit_id, self.partner_id, self.role)
        return same and (other.end is None or other.end >= self.start) and (self.end is None or self.end >= other.start)

    def clean(self):
        """End not before start; no two periods of one relation over the same days. The
        other periods are those stored, or, in a form showing them all (the unit's
        relations in the admin), those submitted with it (`submitted_siblings`)."""
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A relation cannot end before it starts.")})
        if not (self.start and self.partner_id):
            return  # the form reports the missing field
        siblings = getattr(self, "submitted_siblings", None)
        if siblings is None and self.unit_id:
            siblings = UnitPartner.objects.filter(unit=self.unit_id, partner=self.partner_id, role=self.role).exclude(
                pk=self.pk
            )
        other = next((sibling for sibling in siblings or () if self.overlaps(sibling)), None)
        if other is not None:
            raise ValidationError({"start": overlap_message(self, other)})


def overlap_message(relation: UnitPartner, other: UnitPartner) -> str:
    period = (
        _("from %(start)s to %(end)s") % {"start": date_format(other.start), "end": date_format(other.end)}
        if other.end
        else _("from %(start)s, with no end") % {"start": date_format(other.start)}
    )
    return _(
        "This partner is already %(role)s of this unit %(period)s: two periods of one relation cannot "
        "overlap. Change the dates, or extend the other period instead."
    ) % {"role": relation.get_role_display().lower(), "period": period}
