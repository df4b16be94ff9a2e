from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only for its ``seed_demo`` command."""

    name = "demo"
    verbose_name = "Demo"
