"""Races that only a real database shows: two votes by one member at once, two closes at once.

PostgreSQL pass only (marked integration: `make test` runs them with DATABASE_URL=postgres://...).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from accounts.models import AuditEvent
from awards.enums import NominationStatus
from council import services
from council.models import BallotBox, BallotReceipt
from songlo.exceptions import DomainError
from tests.catalogue import restore_catalogue
from tests.council.helpers import box_counts, council, item_of, opened, screened, vote_all

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL (DATABASE_URL=postgres://...)")
    # A transactional test starts from a flushed database: put the catalogue (data migration) back.
    restore_catalogue()


def race(*calls):
    """Run the calls in threads released together; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_double_vote_race_one_wins_one_refused(district, office, chair):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    voter = members[1]

    results = race(
        lambda: services.ballot_cast(actor=voter, item=item, choice="agree"),
        lambda: services.ballot_cast(actor=voter, item=item, choice="disagree"),
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    assert "đã bỏ phiếu" in errors[0].message
    assert BallotReceipt.objects.filter(item=item, member=voter).count() == 1
    assert sum(box_counts(item).values()) == 1


def test_concurrent_close_tallies_once(district, office, chair):
    members = council(district.district, chair, 5)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    vote_all(item_of(session, nomination), members, 4)

    results = race(
        # The chair on two devices: only the chair may close (council.chair_session).
        lambda: services.session_close(actor=chair, session=session),
        lambda: services.session_close(actor=chair, session=session),
    )

    assert not [r for r in results if isinstance(r, Exception)]
    session.refresh_from_db()
    nomination.refresh_from_db()
    assert session.status == "closed"
    assert nomination.status == NominationStatus.APPROVED
    assert AuditEvent.objects.filter(action="council.session_close").count() == 1
    assert item_of(session, nomination).votes_agree == 4


def test_vote_racing_close_is_counted_or_refused_never_lost(district, office, chair):
    members = council(district.district, chair, 5)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    vote_all(item, members[:4], 4)

    results = race(
        lambda: services.ballot_cast(actor=members[4], item=item, choice="agree"),
        lambda: services.session_close(actor=chair, session=session),
    )

    item.refresh_from_db()
    voted = not isinstance(results[0], Exception)
    assert item.votes_agree == (5 if voted else 4)
    assert BallotReceipt.objects.filter(item=item).count() == item.votes_agree
    assert not BallotBox.objects.filter(item=item).exists()


def test_golden_book_ordinals_stay_gap_free_under_concurrent_decisions(district, office, chair):
    from council.models import DecisionEntry
    from tests.council.test_decisions import approve, issue

    body = district.district
    lists = [
        [screened(unit, code) for code in ("LDTT", "CSTDCS")] for unit in (district.commune, district.other_commune)
    ]
    session = approve(office, chair, body, lists[0] + lists[1])

    results = race(
        lambda: issue(office, body, lists[0], number="1/QĐ", session=session),
        lambda: issue(office, body, lists[1], number="2/QĐ", session=session),
    )

    assert not [r for r in results if isinstance(r, Exception)]
    ordinals = sorted(DecisionEntry.objects.filter(body=body, year=2025).values_list("ordinal", flat=True))
    assert ordinals == [1, 2, 3, 4]
    for decision in results:  # each decision's lines are consecutive in the book
        mine = sorted(decision.entries.values_list("ordinal", flat=True))
        assert mine == list(range(mine[0], mine[0] + 2))
