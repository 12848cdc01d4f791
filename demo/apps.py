from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`manage.py seed_demo`). Only in INSTALLED_APPS when DEBUG is on."""

    name = "demo"
    verbose_name = "Demo data"
