from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Research units and sites")

    def ready(self):
        from core import page_cache  # noqa: PLC0415

        page_cache.watch(self.label)  # any edit of a unit or site refreshes cached pages
