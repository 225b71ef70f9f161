from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Research units and sites")

    def ready(self):
        from django.db.backends.signals import connection_created  # noqa: PLC0415

        from inserm_portal import page_cache  # noqa: PLC0415
        from inserm_portal.search import register_sqlite_fold  # noqa: PLC0415

        connection_created.connect(register_sqlite_fold, dispatch_uid="register_sqlite_fold")
        page_cache.connect_signals()  # any edit of a unit, site, partner… refreshes cached pages
