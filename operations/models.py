from django.db import models
from django.utils.translation import gettext_lazy as _


class DataQuality(models.Model):
    """No table: gives the admin's "Data quality" page (operations/admin.py) its place in
    the admin index and its permission, which the Editors and Managers groups hold."""

    class Meta:
        managed = False
        default_permissions = ("view",)
        verbose_name = _("data quality")
        verbose_name_plural = _("data quality")

    def __str__(self):
        return str(self._meta.verbose_name)
