"""The move to one app per area (organisation, council) keeps every row of an existing database."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from council import ballot_box
from council.models import BallotBox, BallotReceipt
from tests.catalogue import restore_catalogue

# The last migrations of the layout before organisation and council were apps of their own.
OLD_LAYOUT = [
    ("council", None),
    ("organisation", None),
    ("campaigns", "0005_reminder_kinds_nomination_ballot"),
    ("awards", "0005_households"),
]
MOVED = {
    "campaigns": ("organisation", ["orgunit", "membership"]),
    "awards": (
        "council",
        [
            "councilsession",
            "sessionmember",
            "agendaitem",
            "ballotreceipt",
            "ballotvote",
            "decision",
            "decisionentry",
            "higherproposal",
            "objection",
            "recheckflag",
        ],
    ),
}
NEW_NAME = {f"{old}_{model}": f"{new}_{model}" for old, (new, models) in MOVED.items() for model in models}


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t != "django_migrations"]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_migrating_a_seeded_old_layout_keeps_every_row_table_by_table():
    # A transactional test that ran before flushed the catalogue its data migration wrote.
    restore_catalogue()
    call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    _migrate(OLD_LAYOUT)
    old = _row_counts()
    _migrate(latest)
    new = _row_counts()

    assert {"campaigns_orgunit", "awards_ballotreceipt"} <= set(old)
    # The demo's sessions: the 2024 year end, its second session (the 40-line decision), the session
    # that approved the khen cao bundle, today's.
    assert old["campaigns_orgunit"] == 28 and old["awards_councilsession"] == 4
    # The secret ballot went from a row per vote to one sealed box per item of an open session
    # (council 0002): back, a vote per receipt; forward again, boxes holding every open ballot.
    votes, boxes = old.pop("awards_ballotvote"), new.pop("council_ballotbox")
    assert votes == old["awards_ballotreceipt"]
    open_receipts = BallotReceipt.objects.filter(item__session__status="open")
    assert boxes == open_receipts.values("item").distinct().count() > 0
    sealed = BallotBox.objects.values_list("pk", "sealed")
    assert sum(sum(ballot_box.unseal(pk, box).values()) for pk, box in sealed) == open_receipts.count()
    renamed = {NEW_NAME.get(table, table): rows for table, rows in old.items()}
    assert renamed == {table: new.get(table) for table in renamed}
    # Tables that later migrations add (awards_importjob, ...) start empty; the eligibility inputs
    # counter (awards 0012) starts with its one row, which the triggers raise.
    assert new.pop("awards_eligibilityinputs", 1) == 1
    assert {table: rows for table, rows in new.items() if table not in renamed and rows} == {}
    # The audit trail and the admin log point at content types: they follow the models.
    moved = ContentType.objects.filter(model__in=["orgunit", "membership", "councilsession", "ballotreceipt"])
    assert sorted(moved.values_list("app_label", "model")) == [
        ("council", "ballotreceipt"),
        ("council", "councilsession"),
        ("organisation", "membership"),
        ("organisation", "orgunit"),
    ]
