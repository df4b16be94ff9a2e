"""The award catalogue is written by a data migration; a transactional test flushes it away."""

import importlib


def restore_catalogue() -> None:
    """Re-run the catalogue data migration (idempotent) after a flush removed what it wrote."""
    from django.apps import apps

    importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps, None)
