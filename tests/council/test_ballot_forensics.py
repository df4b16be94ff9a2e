"""The attacker with the database: every pairing of members with choices that the stored rows
allow, tried on SQLite and on PostgreSQL, during the session and after it closes.

Twelve members vote on one item (eleven online, one written vote entered by the office), six
agree and six disagree, in a shuffled order. The attacker reads every table of the database,
with SQLite's rowid or PostgreSQL's ctid and xmin, after every ballot (a DBA watching, nightly
backups, dead tuple versions) and once more after the close. Chance is 6 of 12.

Two control tables written in the same transactions show that the attacker works: a row per
vote with a random key (the former design) and plain counters in one row. Each gives away all
twelve ballots; Songlo's own tables give none.
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import uuid

import pytest
from django.db import connection, transaction

from council import ballot_box, services
from council.models import BallotBox
from tests.catalogue import restore_catalogue
from tests.council.helpers import council, item_of, opened, screened

pytestmark = pytest.mark.django_db(transaction=True)

CHOICES = {"agree", "disagree"}
LEAK, COUNTS = "forensic_leak", "forensic_counts"
CONTROLS = {LEAK, COUNTS}


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    # A transactional test starts from a flushed database: put the catalogue (data migration) back.
    restore_catalogue()


@pytest.fixture
def controls(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {LEAK} (id varchar(32) PRIMARY KEY, item_id integer, choice varchar(10))")
        cursor.execute(f"CREATE TABLE {COUNTS} (item_id integer PRIMARY KEY, agree integer, disagree integer)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {LEAK}")
        cursor.execute(f"DROP TABLE {COUNTS}")


# What the attacker reads -----------------------------------------------------------------------
def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(set(connection.introspection.table_names(cursor)) | CONTROLS)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table, with its physical place and, on PostgreSQL, its writer."""
    physical = "ctid::text AS _ctid, xmin::text AS _xmin" if connection.vendor == "postgresql" else "rowid AS _rowid"
    dump = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT {physical}, * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (schema names)
            names = [c[0] for c in cursor.description]
            dump[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return dump


@functools.cache
def _pk(table: str) -> str:
    with connection.cursor() as cursor:
        return connection.introspection.get_primary_key_columns(cursor, table)[0]


def _orders(rows: list[dict], pk: str) -> dict[str, list[dict]]:
    """The orders an attacker can put rows in: key, physical place, writing transaction."""
    keys = {"key": lambda r: r[pk]}
    if "_rowid" in rows[0]:
        keys["rowid"] = lambda r: r["_rowid"]
    if "_ctid" in rows[0]:
        keys["ctid"] = lambda r: tuple(int(x) for x in r["_ctid"].strip("()").split(","))
        keys["xmin"] = lambda r: int(r["_xmin"])
    return {name: sorted(rows, key=key) for name, key in keys.items()}


def _json(value) -> dict:
    """A JSON object column (text on SQLite, decoded on PostgreSQL), or {} for any other value."""
    if isinstance(value, str) and value.startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _choice_in(value) -> str | None:
    """A choice named by a value: the value itself, or a value inside a JSON object."""
    if isinstance(value, str) and value in CHOICES:
        return value
    found = [v for v in _json(value).values() if isinstance(v, str) and v in CHOICES]
    return found[0] if found else None


def voter_orders(dump: dict[str, list[dict]], item_pk: int) -> dict[str, list[int]]:
    """The member ids in every order the receipts and the ballot audit lines can be put in."""
    orders = {}
    receipts = [r for r in dump["council_ballotreceipt"] if r["item_id"] == item_pk]
    for name, rows in _orders(receipts, "id").items():
        orders[f"receipt by {name}"] = [r["member_id"] for r in rows]
    audit = [r for r in dump["accounts_auditevent"] if r["action"] in {"council.ballot_cast", "council.ballot_written"}]
    for name, rows in {**_orders(audit, "id"), "time": sorted(audit, key=lambda r: (r["at"], r["id"]))}.items():
        orders[f"audit by {name}"] = [_json(r["data"]).get("member", r["actor_id"]) for r in rows]
    return orders


def pairing_attack(dump, tables, item_pk: int, secret: dict[int, str]) -> int:
    """Best number of ballots recovered by pairing voters, in any order, with rows naming a choice."""
    best = 0
    voters = voter_orders(dump, item_pk)
    for table in tables:
        rows = dump[table]
        if not rows:
            continue
        for column in rows[0]:
            named = [r for r in rows if _choice_in(r[column]) is not None]
            if len(named) != len(secret):
                continue
            for ordered in _orders(named, _pk(table)).values():
                choices = [_choice_in(r[column]) for r in ordered]
                for members in voters.values():
                    if len(members) == len(choices):
                        best = max(best, sum(secret[m] == c for m, c in zip(members, choices, strict=True)))
    return best


def row_attack(dump, tables, secret: dict[int, str]) -> int:
    """Ballots given away by a single row that names a member and a choice (a column, a JSON key)."""
    best = 0
    for table in tables:
        rows = [r for r in dump[table] if any(_choice_in(v) for v in r.values())]
        for column in rows[0] if rows else ():
            guesses = {}
            for row in rows:
                named = [_choice_in(v) for v in row.values() if _choice_in(v)]
                member = _json(row[column]).get("member") if _choice_in(row[column]) else row[column]
                guesses.setdefault(member, []).append(named[0])
            # A column that names members names a different one on each row (not an item's id).
            if len(guesses) == len(rows) and set(guesses) <= set(secret):
                best = max(best, sum(secret[m] == g for m, (g,) in guesses.items()))
    return best


def diff_attack(snapshots, tables, secret: dict[int, str]) -> int:
    """Best number of ballots recovered from what changed between two looks at the database:
    for each number column of a row that was there before, "it went up when X voted" read as
    agree (or as disagree)."""
    steps = []  # (member, {(table, row key, column): went up})
    for before, after in itertools.pairwise(snapshots):
        new = {r["id"] for r in after["council_ballotreceipt"]} - {r["id"] for r in before["council_ballotreceipt"]}
        (member,) = [r["member_id"] for r in after["council_ballotreceipt"] if r["id"] in new]
        moved = {}
        for table in tables:
            pk = _pk(table)
            old = {r[pk]: r for r in before[table]}
            for row in after[table]:
                if row[pk] not in old:
                    continue
                for column, value in row.items():
                    before_value = old[row[pk]][column]
                    if isinstance(value, int) and not isinstance(value, bool) and column != pk:
                        moved[(table, row[pk], column)] = value > before_value if before_value is not None else True
        steps.append((member, moved))
    features = set().union(*(moved for _m, moved in steps))
    best = 0
    for feature in features:
        for up_means in CHOICES:
            down_means = (CHOICES - {up_means}).pop()
            guesses = {m: up_means if moved.get(feature) else down_means for m, moved in steps}
            best = max(best, sum(secret[m] == g for m, g in guesses.items()))
    return best


# The session -----------------------------------------------------------------------------------
def _ballots(district, office, chair):
    members = council(district.district, chair, 12)
    nomination = screened(district.commune, "CSTDCS")
    absent = members[-1]
    session = opened(office, chair, district.district, [nomination], members, present=members[:-1])
    item = item_of(session, nomination)
    rng = random.Random(20251129)
    choices = ["agree"] * 6 + ["disagree"] * 6
    rng.shuffle(choices)
    secret = {m.pk: c for m, c in zip(members, choices, strict=True)}
    order = members[:]
    rng.shuffle(order)
    return session, item, secret, order, absent


def _cast(*, office, item, member, absent, choice: str) -> None:
    """One ballot, and in the same transaction the two controls written the naive ways."""
    with transaction.atomic():
        if member == absent:
            services.ballot_enter_written(actor=office, item=item, member=member, choice=choice)
        else:
            services.ballot_cast(actor=member, item=item, choice=choice)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {LEAK} VALUES (%s, %s, %s)", [uuid.uuid4().hex, item.pk, choice])  # noqa: S608
            cursor.execute(f"UPDATE {COUNTS} SET {choice} = {choice} + 1 WHERE item_id = %s", [item.pk])  # noqa: S608


def test_attacker_with_the_database_recovers_no_ballot(district, office, chair, controls):
    session, item, secret, order, absent = _ballots(district, office, chair)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {COUNTS} VALUES (%s, 0, 0)", [item.pk])  # noqa: S608
    snapshots = [snapshot()]
    for member in order:
        _cast(office=office, item=item, member=member, absent=absent, choice=secret[member.pk])
        snapshots.append(snapshot())
    services.session_close(actor=chair, session=session)
    closed = snapshot()
    songlo = [t for t in _tables() if t not in CONTROLS]

    # The attacker works: the naive designs give every ballot away.
    assert pairing_attack(snapshots[-1], [LEAK], item.pk, secret) == 12
    assert diff_attack(snapshots, [COUNTS], secret) == 12
    # Songlo's tables: nothing to pair, and no change that follows a choice (chance is 6 of 12).
    assert row_attack(snapshots[-1], [LEAK], secret) == 0
    for dump in [*snapshots[1:], closed]:
        assert pairing_attack(dump, songlo, item.pk, secret) == 0
        assert row_attack(dump, songlo, secret) == 0
    assert diff_attack(snapshots, songlo, secret) <= 6
    # During the session the box is all there is, and it is sealed: one size, never twice the same.
    boxes = [bytes(r["sealed"]) for dump in snapshots[1:] for r in dump[BallotBox._meta.db_table]]
    assert len(boxes) == 12
    assert {len(b) for b in boxes} == {ballot_box.SEALED_BYTES}
    assert len(set(boxes)) == 12
    # After the close: the tally, the receipts (who voted), no box.
    item.refresh_from_db()
    assert (item.votes_agree, item.votes_disagree, item.result) == (6, 6, "failed")
    assert closed[BallotBox._meta.db_table] == []
    assert {r["member_id"] for r in closed["council_ballotreceipt"]} == set(secret)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1  # the deleted boxes' bytes were zeroed, not freed


@pytest.mark.integration  # PostgreSQL pass only (`make test` runs it with DATABASE_URL=postgres://...)
def test_postgresql_dead_tuples_hold_only_sealed_boxes_and_are_vacuumed_at_close(district, office, chair):
    if connection.vendor != "postgresql":
        pytest.skip("dead tuple versions are PostgreSQL's (DATABASE_URL=postgres://...)")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    session, item, secret, order, absent = _ballots(district, office, chair)
    for member in order:
        with transaction.atomic():
            if member == absent:
                services.ballot_enter_written(actor=office, item=item, member=member, choice=secret[member.pk])
            else:
                services.ballot_cast(actor=member, item=item, choice=secret[member.pk])

    versions = _box_versions(item.pk)
    # Every version the ballots wrote is still on the page (eleven dead, one live) and each is a
    # sealed box: opened with the key they are the running counts, without it 45 random bytes.
    assert len(versions) == 12
    assert {len(v) for v in versions} == {ballot_box.SEALED_BYTES}
    assert len(set(versions)) == 12
    assert sorted(sum(ballot_box.unseal(item.pk, v).values()) for v in versions) == list(range(1, 13))

    services.session_close(actor=chair, session=session)

    assert _box_versions(item.pk) == []


def _box_versions(item_id: int) -> list[bytes]:
    """The sealed column of every tuple version of the item's box, dead or alive (pageinspect).

    Other tests leave dead versions of their own boxes (rolled back) on the same pages: the
    item's key (the first column, a 4-byte integer) tells this test's apart."""
    table = BallotBox._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        pages = cursor.fetchone()[0]
        versions = []
        for page in range(pages):
            cursor.execute(
                "SELECT t_attrs[1], t_attrs[2] FROM heap_page_item_attrs(get_raw_page(%s, %s), %s::regclass) "
                "WHERE t_attrs IS NOT NULL",
                [table, page, table],
            )
            versions += [
                _varlena(bytes(sealed))
                for key, sealed in cursor.fetchall()
                if int.from_bytes(bytes(key), "little") == item_id
            ]
    return versions


def _varlena(raw: bytes) -> bytes:
    # A short bytea on disk: a one-byte header (length << 1 | 1), then the bytes.
    assert raw[0] & 1, "expected a short varlena"
    return raw[1 : raw[0] >> 1]
