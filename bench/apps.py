from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only for its ``seed_scale`` command: the benchmarks' data builders live here."""

    name = "bench"
    verbose_name = "Benchmarks"
