"""Eligibility at scale (issue 16, point 4): the SQL prefilter, the snapshot and its freshness, the page.

The prefilter must keep every eligible subject (same verdicts as judging everyone); the snapshot
must never show a verdict older than its inputs, whatever wrote them; the page's queries do not
grow with the number of people.
"""

import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import eligibility_snapshots, views
from awards.eligibility import SUGGESTED_AWARDS, eligible_verdicts, evaluate
from awards.models import Acclamation, AwardRule, EligibilitySnapshot, Person, Rating
from organisation.models import OrgUnit
from tests.awards.factories import PersonFactory, discipline, give, initiative, rate
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
YEAR = 2024
URL = reverse("awards:eligibility")


def _signature(verdicts):
    return [
        (v.subject.kind, v.subject.pk, v.award, [(c.key, c.ok, c.code, c.params) for c in v.checks]) for v in verdicts
    ]


def _world(district):
    """People and units meeting, and nearly meeting, every suggested award's conditions."""
    commune, other = district.commune, district.other_commune
    people = [PersonFactory(code=f"cb-{i:02}", unit=commune if i % 2 else other) for i in range(16)]
    ratings = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    for i, p in enumerate(people):
        for year in range(YEAR - 5, YEAR + 1):
            rate(p, year, ratings[(i + year) % 4] if i % 3 else "HTXSNV")
        if i % 3 == 0:
            for year in range(YEAR - 5, YEAR):
                give(p, "CSTDCS", year)
            initiative(p, YEAR - 1, level="tinh", code=f"SK-T-{i}")
        if i % 4 == 0:
            give(p, "CSTD_TINH", YEAR - 3)
            initiative(p, YEAR - 2, level="toan_quoc", code=f"SK-Q-{i}")
        if i % 5 == 0:
            give(p, "LDTT", YEAR)
        if i % 7 == 0:
            initiative(p, YEAR, code=f"SK-{i}")
    discipline(people[1], "khien_trach", datetime.date(YEAR, 3, 1))
    discipline(people[2], "canh_cao", datetime.date(YEAR - 2, 3, 1), datetime.date(YEAR - 2, 9, 1))
    for unit in (commune, other):
        for year in range(YEAR - 2, YEAR + 1):
            rate(unit, year, "HTXSNV")
    give(other, "TTLDXS", YEAR - 1)
    block = EmulationBlockFactory()
    Acclamation.objects.create(unit=commune, year=YEAR, block=block)
    return people


@pytest.mark.parametrize("award", [None, *SUGGESTED_AWARDS])
def test_prefilter_keeps_exactly_the_eligible_verdicts(district, award):
    _world(district)
    awards = [award] if award else None

    everyone = [
        v
        for v in evaluate(year=YEAR, persons=Person.objects.all(), units=OrgUnit.objects.all(), awards=awards)
        if v.eligible
    ]
    fast = eligible_verdicts(year=YEAR, persons=Person.objects.all(), units=OrgUnit.objects.all(), awards=awards)

    assert everyone  # the data has eligible subjects
    assert _signature(fast) == _signature(everyone)


@pytest.mark.parametrize(
    ("award", "conditions"),
    [
        ("LDTT", {"rating_min": {"value": "HTNV"}}),
        ("BK_TINH", {"bk_tinh_history": {"on": False}}),
        ("TTLDTT", {"members_ldtt_percent": {"value": 10}}),
        ("TTLDXS", {"unit_rating": {"on": False}}),
        ("CO_TINH", {"block_leader": {"on": False}}),
        ("CSTD_TINH", {"consecutive_cstdcs": {"value": 1}}),
    ],
)
def test_prefilter_follows_the_rule_book(district, award, conditions):
    _world(district)
    AwardRule.objects.filter(award_type__code=award).update(conditions=conditions)

    everyone = [v for v in evaluate(year=YEAR, persons=Person.objects.all(), units=OrgUnit.objects.all()) if v.eligible]
    fast = eligible_verdicts(year=YEAR, persons=Person.objects.all(), units=OrgUnit.objects.all())

    assert _signature(fast) == _signature(everyone)


# The snapshot and its freshness ------------------------------------------------------------
def _snapshot_codes():
    snapshot = eligibility_snapshots.fresh_snapshot(YEAR)
    return {(row.code, row.award) for row in snapshot.verdicts.all()}


def test_every_kind_of_write_makes_the_snapshot_stale(district):
    mai = PersonFactory(code="cb-mai", unit=district.commune)
    assert ("cb-mai", "LDTT") not in _snapshot_codes()

    rating = rate(mai, YEAR, "HTTNV")  # insert
    assert ("cb-mai", "LDTT") in _snapshot_codes()

    Rating.objects.filter(pk=rating.pk).update(rating="HTNV")  # an update no signal sees
    assert ("cb-mai", "LDTT") not in _snapshot_codes()

    Rating.objects.filter(pk=rating.pk).update(rating="HTXSNV")
    assert ("cb-mai", "LDTT") in _snapshot_codes()
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute("DELETE FROM awards_rating WHERE id = %s", [rating.pk])
    assert ("cb-mai", "LDTT") not in _snapshot_codes()


def test_every_input_table_raises_the_inputs_version():
    """The triggers survive later migrations (SQLite drops a table's triggers when it rebuilds
    the table to add a column or a constraint): an update of any input table, or of a
    nomination's status, raises the version."""
    snapshots = importlib.import_module("awards.migrations.0012_eligibility_snapshots")
    tables = [*snapshots.INPUT_TABLES, "awards_nomination"]
    with connection.cursor() as cursor:
        for table in tables:
            before = eligibility_snapshots.inputs_version()
            column = "status" if table == "awards_nomination" else "id"
            # An UPDATE matching no row fires PostgreSQL's statement triggers; SQLite's row
            # triggers need a row, so there the triggers themselves are looked up.
            cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE 1 = 0")  # noqa: S608 (our table names)
            if connection.vendor == "sqlite":
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
                assert cursor.fetchone()[0] >= 2, table
            else:
                assert eligibility_snapshots.inputs_version() > before, table


def test_a_fresh_snapshot_is_read_not_computed_again(district):
    rate(PersonFactory(unit=district.commune), YEAR, "HTTNV")
    first = eligibility_snapshots.fresh_snapshot(YEAR)

    again = eligibility_snapshots.fresh_snapshot(YEAR)

    assert again.pk == first.pk
    assert again.computed_at == first.computed_at


def test_background_refresh_computes_stale_snapshots_only(district):
    mai = PersonFactory(code="cb-mai", unit=district.commune)
    eligibility_snapshots.fresh_snapshot(YEAR)
    assert eligibility_snapshots.refresh_stale() == []

    rate(mai, YEAR, "HTTNV")

    assert eligibility_snapshots.refresh_stale() == [YEAR]
    snapshot = EligibilitySnapshot.objects.get(year=YEAR)
    assert snapshot.verdicts.filter(code="cb-mai", award="LDTT").exists()


# The page at scale (the snapshot path) ------------------------------------------------------
@pytest.fixture
def snapshot_page(monkeypatch):
    """The page as for a province: above the live limit it reads the snapshot."""
    monkeypatch.setattr(views, "LIVE_PEOPLE_LIMIT", 0)


def _bulk_people(unit, start, count, rating="HTTNV"):
    people = Person.objects.bulk_create(
        Person(code=f"bulk-{i:05}", full_name=f"Người {i:05}", gender="nam", unit=unit)
        for i in range(start, start + count)
    )
    Rating.objects.bulk_create(Rating(person=p, year=YEAR, rating=rating) for p in people)


def test_page_never_shows_a_verdict_older_than_its_inputs(client_for, district, snapshot_page):
    client = client_for("office")
    mai = PersonFactory(code="cb-mai", full_name="Phạm Thị Mai", unit=district.commune)
    assert "Phạm Thị Mai" not in client.get(URL, {"year": YEAR}).content.decode()

    rating = rate(mai, YEAR, "HTTNV")
    assert "Phạm Thị Mai" in client.get(URL, {"year": YEAR}).content.decode()

    Rating.objects.filter(pk=rating.pk).update(rating="KHTNV")
    assert "Phạm Thị Mai" not in client.get(URL, {"year": YEAR}).content.decode()


def _table(response):
    html = response.content.decode()
    return html[html.index("<tbody") : html.index("</nav>", html.index("</tbody>"))]


def test_page_from_the_snapshot_matches_the_live_page(client_for, district, monkeypatch):
    _world(district)
    client = client_for("office")
    live = _table(client.get(URL, {"year": YEAR}))

    monkeypatch.setattr(views, "LIVE_PEOPLE_LIMIT", 0)
    from_snapshot = _table(client.get(URL, {"year": YEAR}))

    assert "Đủ điều kiện" in live
    assert from_snapshot == live


def _reads(captured):
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith('INSERT INTO "awards_eligibleverdict"'))


def test_page_queries_do_not_grow_with_people(client_for, district, snapshot_page):
    client = client_for("office")
    _world(district)  # every kind of fact, so that no query is skipped for want of rows
    _bulk_people(district.commune, 0, 4)
    client.get(URL, {"year": YEAR})  # the first snapshot of the year
    _bulk_people(district.commune, 4, 1)
    with CaptureQueriesContext(connection) as computing_few:
        client.get(URL, {"year": YEAR})  # computes it again: an input changed
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR})

    _bulk_people(district.commune, 5, 400)
    with CaptureQueriesContext(connection) as computing_many:
        client.get(URL, {"year": YEAR})
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"year": YEAR, "page": 3})

    assert len(many) == len(few) <= 15
    # Computing reads in a fixed number of queries; writing the rows is batched (SQLite: ~90 a statement).
    assert _reads(computing_many) == _reads(computing_few) <= 60


def test_show_all_judges_one_page_of_subjects_in_constant_queries(client_for, district):
    client = client_for("office")
    _bulk_people(district.commune, 0, 25, rating="HTNV")
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR, "show": "all"})

    _bulk_people(district.commune, 25, 300, rating="HTNV")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": YEAR, "show": "all", "page": 4})

    assert len(many) == len(few)
    assert "Chưa đủ" in response.content.decode()


def test_unit_head_sees_only_their_units_from_the_snapshot(client_for, district, snapshot_page):
    rate(PersonFactory(full_name="Người Xã A", unit=district.commune), YEAR, "HTTNV")
    rate(PersonFactory(full_name="Người Xã B", unit=district.other_commune), YEAR, "HTTNV")

    html = client_for("unit_head").get(URL, {"year": YEAR}).content.decode()

    assert "Người Xã A" in html
    assert "Người Xã B" not in html


def test_unit_filter_is_a_search_not_a_long_select(client_for, district, snapshot_page):
    rate(PersonFactory(full_name="Người Xã A", unit=district.commune), YEAR, "HTTNV")
    rate(PersonFactory(full_name="Người Thôn", unit=district.village), YEAR, "HTTNV")
    rate(PersonFactory(full_name="Người Xã B", unit=district.other_commune), YEAR, "HTTNV")
    OrgUnitFactory.create_batch(150, parent=district.district)
    client = client_for("office")

    found = client.get(URL, {"year": YEAR, "unit_q": "thon a1"}).content.decode()  # no diacritics: "Thôn A1"
    subtree = client.get(URL, {"year": YEAR, "unit": "xa-a"}).content.decode()
    several = client.get(URL, {"year": YEAR, "unit_q": "xa"}).content.decode()

    assert 'id="unit"' not in found and "<option" not in found.split('id="award"')[1].split("</select>")[1]
    assert "Người Thôn" in found and "Người Xã A" not in found
    assert "Người Xã A" in subtree and "Người Thôn" in subtree  # the unit and what is under it
    assert "Người Xã B" not in subtree
    assert "Chọn một đơn vị" in several and "Còn nhiều đơn vị khác" in several
