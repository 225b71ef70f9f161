from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and agreements")

    def ready(self):
        from core import page_cache  # noqa: PLC0415

        page_cache.watch(self.label)  # any edit of a partner or agreement refreshes cached pages
