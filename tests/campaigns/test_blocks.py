"""Blocks at year end: peer scoring, ranking without the unit's own score, the vote."""

from decimal import Decimal

import pytest

from campaigns import services
from campaigns.models import BlockTerm, BlockVote
from campaigns.selectors import block_ranking
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.factories import EmulationBlockFactory, MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def block(district, office):
    third = OrgUnitFactory(code="xa-c", name="Xã C", parent=district.district)
    block = EmulationBlockFactory(code="cum-thu", name="Cụm thi đua thử", owner=district.district)
    block.members.set([district.commune, district.other_commune, third])
    BlockTerm.objects.create(block=block, year=2025, leader=district.commune, deputy=third)
    services.block_criteria_set(
        actor=office,
        block=block,
        year=2025,
        rows=[
            {"name": "Kết quả phong trào", "max_points": Decimal(60)},
            {"name": "Đổi mới", "max_points": Decimal(40)},
        ],
    )
    return block


@pytest.fixture
def head_c(district):
    user = UserFactory(username="truong.xa-c")
    MembershipFactory(user=user, unit=district.other_commune.__class__.objects.get(code="xa-c"))
    return user


def _score(actor, block, scorer, grid):
    criteria = list(block.criteria.order_by("order"))
    scores = {(criteria[i].pk, target.pk): Decimal(p) for (i, target), p in grid.items()}
    return services.block_scores_save(actor=actor, block=block, year=2025, scorer=scorer, scores=scores)


def test_block_ranking_is_the_mean_of_peers_scores(block, district, unit_head, stranger, head_c):
    a, b = district.commune, district.other_commune
    c = block.members.get(code="xa-c")
    _score(unit_head, block, a, {(0, b): 50, (1, b): 30, (0, c): 40, (1, c): 20})
    _score(stranger, block, b, {(0, a): 58, (1, a): 38, (0, c): 44, (1, c): 24})
    _score(head_c, block, c, {(0, a): 54, (1, a): 34, (0, b): 52, (1, b): 36})

    ranking = block_ranking(block, 2025)

    assert [(r.unit.code, r.total, r.scorers, r.rank) for r in ranking] == [
        ("xa-a", Decimal("92.00"), 2, 1),  # (58+54)/2 + (38+34)/2
        ("xa-b", Decimal("84.00"), 2, 2),  # (50+52)/2 + (30+36)/2
        ("xa-c", Decimal("64.00"), 2, 3),  # (40+44)/2 + (20+24)/2
    ]


def test_block_scoring_own_unit_is_refused(block, district, unit_head):
    with pytest.raises(DomainError, match="không tự chấm"):
        _score(unit_head, block, district.commune, {(0, district.commune): 60})


def test_block_scoring_above_the_maximum_is_refused(block, district, unit_head):
    with pytest.raises(DomainError, match="phải từ 0 đến 40"):
        _score(unit_head, block, district.commune, {(1, district.other_commune): 41})


def test_block_scoring_for_another_unit_is_refused(block, district, stranger):
    with pytest.raises(NotAllowed):
        _score(stranger, block, district.commune, {(0, district.other_commune): 10})


def test_block_scoring_again_replaces_the_points(block, district, unit_head):
    _score(unit_head, block, district.commune, {(0, district.other_commune): 10})
    _score(unit_head, block, district.commune, {(0, district.other_commune): 20})

    assert [r.total for r in block_ranking(block, 2025) if r.unit == district.other_commune] == [Decimal("20.00")]


def test_block_vote_records_the_leader_and_next_terms(block, district, office):
    c = block.members.get(code="xa-c")

    services.block_vote_record(
        actor=office,
        block=block,
        year=2025,
        leading_unit=district.commune,
        next_leader=c,
        next_deputy=district.other_commune,
    )

    vote = BlockVote.objects.get(block=block, year=2025)
    assert (vote.leading_unit, vote.next_leader, vote.next_deputy) == (district.commune, c, district.other_commune)
    term = BlockTerm.objects.get(block=block, year=2026)
    assert (term.leader, term.deputy) == (c, district.other_commune)
    with pytest.raises(InvalidTransition, match="đã được ghi nhận"):
        services.block_vote_record(
            actor=office, block=block, year=2025, leading_unit=c, next_leader=c, next_deputy=district.other_commune
        )


def test_block_vote_refuses_the_same_leader_twice_in_a_row(block, district, office):
    with pytest.raises(DomainError, match="không được làm hai năm liền"):
        services.block_vote_record(
            actor=office,
            block=block,
            year=2025,
            leading_unit=district.commune,
            next_leader=district.commune,
            next_deputy=district.other_commune,
        )


def test_block_vote_stops_the_scoring(block, district, office, unit_head):
    c = block.members.get(code="xa-c")
    services.block_vote_record(
        actor=office, block=block, year=2025, leading_unit=c, next_leader=c, next_deputy=district.other_commune
    )

    with pytest.raises(InvalidTransition, match="không chấm lại"):
        _score(unit_head, block, district.commune, {(0, c): 10})


def test_block_vote_by_a_unit_head_is_refused(block, district, unit_head):
    with pytest.raises(NotAllowed):
        services.block_vote_record(
            actor=unit_head,
            block=block,
            year=2025,
            leading_unit=district.commune,
            next_leader=district.other_commune,
            next_deputy=district.commune,
        )
