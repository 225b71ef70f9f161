from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import Region, ResearchUnit, Site


class ManagerProfile(models.Model):
    """The sites a manager follows: their dashboard starts there, and mandate alerts
    tell them about the units of these sites."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="manager_profile", verbose_name=_("user")
    )
    sites = models.ManyToManyField(Site, related_name="managers", blank=True, verbose_name=_("sites followed"))

    class Meta:
        verbose_name = _("manager profile")
        verbose_name_plural = _("manager profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class MandateAlert(models.Model):
    """One alert e-mail sent to a manager on a day: at most one a day (mandate_alerts)."""

    profile = models.ForeignKey(
        ManagerProfile, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("manager profile")
    )
    sent_on = models.DateField(_("sent on"))
    unit_count = models.PositiveIntegerField(_("units listed"))
    months = models.PositiveSmallIntegerField(_("window in months"))

    class Meta:
        verbose_name = _("mandate alert")
        verbose_name_plural = _("mandate alerts")
        constraints = [models.UniqueConstraint(fields=["profile", "sent_on"], name="one_mandate_alert_a_day")]

    def __str__(self):
        return f"{self.profile} – {self.sent_on}"


# Hcéres evaluates a wave in the academic year that ends the year before its next contracts
# start: campaign 2022–2023, contracts from 1 January 2024 (wave C).
CAMPAIGN_LEAD_YEARS = 2


def years_label(years: tuple[int, int]) -> str:
    """2027–2031, as the planning page and the admin write a span of years."""
    return f"{years[0]}–{years[1]}"


class EvaluationWave(models.Model):
    """One of Hcéres' five evaluation waves (A–E): the regions it covers (WaveRegion), the
    sites that are evaluated with it although their region is not (WaveSiteException), and
    when its contracts run."""

    letter = models.CharField(
        _("wave"), max_length=1, choices=ResearchUnit.HceresWave.choices, primary_key=True
    )  # the unit's own wave (ResearchUnit.hceres_wave) uses the same letters
    # One year and a length say every year of the wave: its contracts run from
    # contract_start_year, cycle_years at a time, before and after it, and each campaign ends
    # the year before the contract it prepares. Stored once, so that a wave moving by a year
    # (contracts stretched, as after the 2020 pandemic) is one edit, and its campaign and
    # contract years can never contradict one another.
    contract_start_year = models.PositiveSmallIntegerField(
        _("a contract starts in"),
        help_text=_(
            "The first year of one of the wave's contracts (the current one or the next): the "
            "other contracts and the evaluation campaigns follow from it. Move it when the wave moves."
        ),
    )
    cycle_years = models.PositiveSmallIntegerField(
        _("contract length in years"), default=5, help_text=_("Contracts have run five years since 2011.")
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Where the wave's composition and years come from."))

    class Meta:
        verbose_name = _("evaluation wave")
        verbose_name_plural = _("evaluation waves")
        ordering = ["letter"]  # five rows
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_start_year__gte=1990, contract_start_year__lte=2100),
                name="wave_contract_year_range",
                violation_error_message=_("Enter a year between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(cycle_years__gte=1, cycle_years__lte=10),
                name="wave_cycle_range",
                violation_error_message=_("A contract lasts from 1 to 10 years."),
            ),
        ]

    def __str__(self):
        return self.get_letter_display()

    def get_absolute_url(self):
        """The managers' list of the units evaluated in this wave."""
        return f"{reverse('workspace:dashboard')}?{urlencode({'wave': self.letter})}"

    def contract_on(self, year: int) -> tuple[int, int]:
        """First and last years of the wave's contract running in `year`."""
        start = self.contract_start_year + (year - self.contract_start_year) // self.cycle_years * self.cycle_years
        return start, start + self.cycle_years - 1

    def next_campaign(self, year: int) -> tuple[int, int]:
        """The academic year (2027, 2028: 2027–2028) of the evaluation that prepares the
        contract after the one running in `year`: the campaign to come, or running then."""
        next_start = self.contract_on(year)[1] + 1
        return next_start - CAMPAIGN_LEAD_YEARS, next_start - CAMPAIGN_LEAD_YEARS + 1


class WaveRegion(models.Model):
    """A region whose sites are evaluated in a wave (unless an exception says otherwise)."""

    wave = models.ForeignKey(EvaluationWave, on_delete=models.CASCADE, related_name="regions", verbose_name=_("wave"))
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)

    class Meta:
        verbose_name = _("region of a wave")
        verbose_name_plural = _("regions of the waves")
        constraints = [models.UniqueConstraint(fields=["region"], name="wave_region_once")]

    def __str__(self):
        return f"{self.get_region_display()} ({self.wave_id})"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) != ("region",):
            return super().unique_error_message(model_class, unique_check)
        other = WaveRegion.objects.exclude(pk=self.pk).filter(region=self.region).values_list("wave_id", flat=True)
        return ValidationError(
            _(
                "%(region)s is already in wave %(wave)s: a region is in one wave only. "
                "Remove it from wave %(wave)s first."
            ),
            code="unique",
            params={"region": self.get_region_display(), "wave": other.first()},
        )


class WaveSiteException(models.Model):
    """A site evaluated in another wave than its region's: in Île-de-France, Paris's
    universities are in wave D and those around it in wave E."""

    wave = models.ForeignKey(
        EvaluationWave, on_delete=models.CASCADE, related_name="site_exceptions", verbose_name=_("wave")
    )
    # One to one: a site is in one wave only, and the unit list reaches a site's exception
    # with a join (waves.with_wave).
    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="wave_exception", verbose_name=_("site"))
    note = models.CharField(
        _("why"), max_length=200, blank=True, help_text=_("The university the site belongs to, say.")
    )

    class Meta:
        verbose_name = _("site in another wave than its region")
        verbose_name_plural = _("sites in another wave than their region")

    def __str__(self):
        return f"{self.site} ({self.wave_id})"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) != ("site",):
            return super().unique_error_message(model_class, unique_check)
        other = (
            WaveSiteException.objects.exclude(pk=self.pk).filter(site_id=self.site_id).values_list("wave_id", flat=True)
        )
        return ValidationError(
            _("%(site)s is already an exception in wave %(wave)s: a site is in one wave only. Remove it there first."),
            code="unique",
            params={"site": self.site, "wave": other.first()},
        )

    def clean(self):
        if not self.site_id or not self.wave_id:
            return  # the missing field says so
        region_wave = WaveRegion.objects.filter(region=self.site.region).values_list("wave_id", flat=True).first()
        if region_wave == self.wave_id:
            raise ValidationError(
                {
                    "site": _(
                        "%(site)s is in %(region)s, which wave %(wave)s covers already: an exception is for a "
                        "site evaluated in another wave than its region."
                    )
                    % {"site": self.site, "region": self.site.get_region_display(), "wave": self.wave_id}
                }
            )
