from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Site


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
