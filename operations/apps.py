from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the portal: backups and restores, and the data-quality audit."""

    name = "operations"
