"""seed_scale leaves the database analysed, as a database in its normal state (issue 16 point 8)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.catalogue import restore_catalogue


def _analysed_since(moment) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'campaigns_review'")
            last = cursor.fetchone()[0]
            return last is not None and last >= moment
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'campaigns_review'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_seed_scale_ends_with_analyze():
    started = timezone.now()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
    assert not _analysed_since(started)
    restore_catalogue()  # a transactional test starts from a flushed database: the catalogue is data
    call_command("seed_scale", units=12, people=20, years=1, stdout=io.StringIO())
    assert _analysed_since(started)
