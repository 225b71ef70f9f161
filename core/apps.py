from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares; it imports none of them. An app tells the page cache which of
    its models public pages show (page_cache.watch) from its own ready()."""

    name = "core"

    def ready(self):
        from django.db.backends.signals import connection_created  # noqa: PLC0415

        from . import page_cache  # noqa: PLC0415
        from .search import register_sqlite_fold  # noqa: PLC0415

        connection_created.connect(register_sqlite_fold, dispatch_uid="register_sqlite_fold")
        page_cache.connect_signals()
