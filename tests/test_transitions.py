"""songlo.transitions: every move outside a transition table is refused, every move in it passes."""

from __future__ import annotations

import pytest

from awards.enums import NOMINATION_TRANSITIONS, NominationStatus
from awards.models import Nomination
from campaigns.enums import (
    MOVEMENT_TRANSITIONS,
    PERIOD_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    REVIEW_TRANSITIONS,
    MovementStatus,
    PeriodStatus,
    RegistrationStatus,
    ReviewStatus,
)
from campaigns.models import Movement, Registration, Review, ReviewPeriod
from council.enums import (
    BUNDLE_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    SESSION_TRANSITIONS,
    BundleStatus,
    ObjectionStatus,
    ProposalStatus,
    SessionStatus,
)
from council.models import CouncilSession, HigherProposal, Objection, ProposalBundle
from songlo.exceptions import InvalidTransition
from songlo.transitions import transition
from tests.factories import OrgUnitFactory

# (name, table, statuses, model whose rows it moves)
TABLES = [
    ("movement", MOVEMENT_TRANSITIONS, MovementStatus, Movement),
    ("period", PERIOD_TRANSITIONS, PeriodStatus, ReviewPeriod),
    ("review", REVIEW_TRANSITIONS, ReviewStatus, Review),
    ("registration", REGISTRATION_TRANSITIONS, RegistrationStatus, Registration),
    ("nomination", NOMINATION_TRANSITIONS, NominationStatus, Nomination),
    ("session", SESSION_TRANSITIONS, SessionStatus, CouncilSession),
    ("proposal", PROPOSAL_TRANSITIONS, ProposalStatus, HigherProposal),
    ("objection", OBJECTION_TRANSITIONS, ObjectionStatus, Objection),
    ("bundle", BUNDLE_TRANSITIONS, BundleStatus, ProposalBundle),
]


def _pairs(allowed: bool):
    for name, table, statuses, model in TABLES:
        for old in statuses:
            for new in statuses:
                if (new in table[old]) is allowed:
                    yield pytest.param(table, model, old, new, id=f"{name}:{old}->{new}")


@pytest.mark.parametrize(("name", "table", "statuses"), [(n, t, s) for n, t, s, _m in TABLES])
def test_transition_table_covers_every_status(name, table, statuses):
    assert set(table) == set(statuses), name
    assert set().union(*table.values()) <= set(statuses), name


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "model", "old", "new"), list(_pairs(allowed=False)))
def test_transition_refuses_a_pair_outside_the_table(table, model, old, new):
    with pytest.raises(InvalidTransition, match="Không thể chuyển từ trạng thái"):
        transition(model, [], table=table, old=old, new=new)


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "model", "old", "new"), list(_pairs(allowed=True)))
def test_transition_accepts_a_pair_in_the_table(table, model, old, new):
    # No rows given: the table lets the move through and the UPDATE has nothing to touch.
    assert transition(model, [], table=table, old=old, new=new) == 0


@pytest.fixture
def movement(db):
    return Movement.objects.create(
        owner=OrgUnitFactory(),
        title="Phong trào thử",
        kind="regular",
        year=2025,
        starts_on="2025-01-01",
        ends_on="2025-12-31",
    )


def test_transition_moves_the_row_and_its_instance(movement):
    moved = transition(
        movement, table=MOVEMENT_TRANSITIONS, old=MovementStatus.DRAFT, new=MovementStatus.LAUNCHED, title="Đổi tên"
    )

    movement.refresh_from_db()
    assert (moved, movement.status, movement.title) == (1, MovementStatus.LAUNCHED, "Đổi tên")


def test_transition_refuses_a_row_no_longer_in_the_expected_status(movement):
    Movement.objects.filter(pk=movement.pk).update(status=MovementStatus.CLOSED)

    with pytest.raises(InvalidTransition, match="Đã đóng hẳn"):
        transition(
            movement,
            table=MOVEMENT_TRANSITIONS,
            old=MovementStatus.DRAFT,
            new=MovementStatus.LAUNCHED,
            message="Đã đóng hẳn",
        )

    movement.refresh_from_db()
    assert movement.status == MovementStatus.CLOSED


def test_transition_refuses_all_rows_when_one_of_them_moved(movement):
    other = Movement.objects.create(
        owner=movement.owner,
        title="Phong trào khác",
        kind="regular",
        year=2025,
        starts_on="2025-01-01",
        ends_on="2025-12-31",
    )
    Movement.objects.filter(pk=other.pk).update(status=MovementStatus.LAUNCHED)

    with pytest.raises(InvalidTransition):
        transition(
            Movement,
            [movement.pk, other.pk],
            table=MOVEMENT_TRANSITIONS,
            old=MovementStatus.DRAFT,
            new=MovementStatus.LAUNCHED,
        )


def test_transition_with_no_new_status_only_guards_the_write(movement):
    transition(movement, table=MOVEMENT_TRANSITIONS, old=MovementStatus.DRAFT, new=None, title="Sửa")

    movement.refresh_from_db()
    assert (movement.status, movement.title) == (MovementStatus.DRAFT, "Sửa")
