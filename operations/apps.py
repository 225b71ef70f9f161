from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the portal: backups and restores (management commands only, no models)."""

    name = "operations"
