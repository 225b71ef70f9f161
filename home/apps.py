from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and its key figures."""

    name = "home"
