from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for development and tests: `manage.py seed_demo` and `manage.py demo_users`."""

    name = "demo"
