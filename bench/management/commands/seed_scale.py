import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench.scale import awards as awards_scale
from bench.scale import campaigns as campaigns_scale


class Command(BaseCommand):
    help = (
        "Build benchmark data at district-to-province scale (deterministic for a seed): an organisation "
        "tree with blocks and unit heads, years of movements, periods and reviews in every state, and "
        "the awards side (people, ratings, initiatives, award records, nominations) where it exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=10_000, help="units below the province (default 10000)")
        parser.add_argument("--people", type=int, default=50_000, help="individuals (default 50000)")
        parser.add_argument("--years", type=int, default=6, help="years of movements and periods (default 6)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="reference day (ISO)")

    def handle(self, *args, units, people, years, seed, today, **options):
        if units < 10 or years < 1 or people < 0:
            raise CommandError("--units must be at least 10, --years at least 1, --people not negative.")
        if campaigns_scale.exists():
            raise CommandError("Dữ liệu quy mô lớn đã có trong cơ sở dữ liệu (mã sc-tinh): hãy dùng cơ sở dữ liệu mới.")
        today = today or timezone.localdate()
        started = time.perf_counter()
        built = campaigns_scale.build(units=units, years=years, seed=seed, today=today)
        campaigns_done = time.perf_counter()
        awarded = awards_scale.build(org=built.pop("org"), people=people, years=built["years"], seed=seed)
        finished = time.perf_counter()
        analyze()
        analyzed = time.perf_counter()
        for key, value in {**built, **awarded}.items():
            self.stdout.write(f"  {key}: {value}")
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_scale: {finished - started:.1f} s "
                f"(campaigns {campaigns_done - started:.1f} s, awards {finished - campaigns_done:.1f} s, "
                f"analyze {analyzed - finished:.1f} s)"
            )
        )


def analyze() -> None:
    """Leave the database in its normal state: statistics gathered (and, on PostgreSQL, the
    visibility map written), as autovacuum would some minutes later. Without it the planner
    guesses on empty statistics (issue 16: a count took 1,028 ms before, 10 ms after)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:  # SQLite, or PostgreSQL inside a transaction, where VACUUM cannot run
            cursor.execute("ANALYZE")
