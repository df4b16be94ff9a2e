"""Reads scoped to a user."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum

from accounts.models import AuditEvent
from campaigns.enums import IndicatorTotal, MovementStatus, ReviewStatus
from campaigns.models import (
    BlockPeerScore,
    EmulationBlock,
    Movement,
    MovementTarget,
    Participation,
    Registration,
    Review,
    ReviewFigure,
    ReviewPeriod,
)
from organisation.enums import BODY_ROLES, COUNCIL_ROLES, Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths, path_q

# --- The emulation cycle -----------------------------------------------------------------


REMIND_LATE = "period.remind_late"


def late_reminders(period: ReviewPeriod, limit: int = 5) -> list[AuditEvent]:
    """The office's last one-click reminders of ``period`` (newest first): who, when, how many."""
    return list(
        AuditEvent.objects.filter(
            action=REMIND_LATE, content_type=ContentType.objects.get_for_model(ReviewPeriod), object_id=str(period.pk)
        )
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )


def reviews_for_user(user) -> QuerySet[Review]:
    """Reviews the user may read: their units' (head, staff), all under the office, accepted ones for the council."""
    reviews = Review.objects.all()
    if user.is_superuser:
        return reviews
    own = path_q("unit", grant_paths(user, {Role.UNIT_HEAD, Role.UNIT_STAFF, Role.OFFICE}))
    council = path_q("unit", grant_paths(user, COUNCIL_ROLES)) & Q(status=ReviewStatus.ACCEPTED)
    return reviews.filter(own | council)


def reviews_to_write(user) -> QuerySet[Review]:
    """Reviews the user fills in as unit head."""
    return Review.objects.filter(path_q("unit", grant_paths(user, {Role.UNIT_HEAD})))


def movements_for_user(user) -> QuerySet[Movement]:
    """Movements the office manages, and the launched ones a head's unit takes part in."""
    if user.is_superuser:
        return Movement.objects.all()
    managed = path_q("owner", grant_paths(user, BODY_ROLES))
    head_paths = grant_paths(user, {Role.UNIT_HEAD, Role.UNIT_STAFF})
    taking_part = Q(pk__in=[])
    if head_paths:
        taking_part = Q(
            pk__in=Participation.objects.filter(path_q("unit", head_paths)).values("movement_id"),
            status__in=[MovementStatus.LAUNCHED, MovementStatus.CLOSED],
        )
    return Movement.objects.filter(managed | taking_part)


def movements_managed(user) -> QuerySet[Movement]:
    if user.is_superuser:
        return Movement.objects.all()
    return Movement.objects.filter(path_q("owner", grant_paths(user, {Role.OFFICE})))


def periods_managed(user) -> QuerySet[ReviewPeriod]:
    if user.is_superuser:
        return ReviewPeriod.objects.all()
    return ReviewPeriod.objects.filter(path_q("movement__owner", grant_paths(user, {Role.OFFICE})))


def registrations_for_user(user) -> QuerySet[Registration]:
    if user.is_superuser:
        return Registration.objects.all()
    return Registration.objects.filter(
        path_q("unit", grant_paths(user, {Role.UNIT_HEAD, Role.UNIT_STAFF, Role.OFFICE}))
    )


def blocks_for_user(user) -> QuerySet[EmulationBlock]:
    """Blocks the user's units belong to, and every block the office's body owns."""
    if user.is_superuser:
        return EmulationBlock.objects.all()
    owned = path_q("owner", grant_paths(user, BODY_ROLES))
    member_paths = grant_paths(user, {Role.UNIT_HEAD, Role.UNIT_STAFF})
    member = Q(pk__in=[])
    if member_paths:
        member = Q(
            pk__in=EmulationBlock.members.through.objects.filter(path_q("orgunit", member_paths)).values(
                "emulationblock_id"
            )
        )
    return EmulationBlock.objects.filter(owned | member)


@dataclass
class RankingRow:
    unit: OrgUnit
    total: Decimal
    scorers: int
    rank: int = 0


def block_ranking(block: EmulationBlock, year: int) -> list[RankingRow]:
    """Rank the block's members by the mean of their peers' scores (a unit never scores itself).

    A unit's total is the sum over criteria of the mean of the points its peers gave it.
    Units nobody scored yet come last with 0. Equal totals share a rank.
    """
    means = (
        BlockPeerScore.objects.filter(criterion__block=block, criterion__year=year)
        .exclude(scorer=F("target"))
        .values("target_id", "criterion_id")
        .annotate(mean=Avg("points"), n=Count("scorer_id"))
    )
    totals: dict[int, Decimal] = {}
    scorers: dict[int, int] = {}
    for mean in means:
        totals[mean["target_id"]] = totals.get(mean["target_id"], Decimal(0)) + Decimal(mean["mean"])
        scorers[mean["target_id"]] = max(scorers.get(mean["target_id"], 0), mean["n"])
    rows = [
        RankingRow(unit=u, total=totals.get(u.pk, Decimal(0)).quantize(Decimal("0.01")), scorers=scorers.get(u.pk, 0))
        for u in block.members.order_by("path")
    ]
    rows.sort(key=lambda r: (-r.total, r.unit.path))
    for i, row in enumerate(rows):
        row.rank = rows[i - 1].rank if i and rows[i - 1].total == row.total else i + 1
    return rows


def unit_blocks_section(request, *, unit: OrgUnit) -> dict:
    """The unit page's line of emulation blocks (registered in organisation.views.UNIT_SECTIONS)."""
    return {"blocks": list(unit.blocks.all())}


# --- Figures that add up -----------------------------------------------------------------

REPORTED = [ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED]


@dataclass
class FigureTotal:
    """A target of a period's movement with its figures over the units that reported them."""

    target: MovementTarget
    units: int  # reviews (submitted or accepted) with a number for this target
    total: Decimal | None  # the sum or the average, as the target says
    reached: int  # units at or above the target number (when there is one)
    minimum: Decimal | None
    maximum: Decimal | None


def figure_totals(period: ReviewPeriod, reviews: QuerySet[Review] | None = None) -> list[FigureTotal]:
    """The period's figures totalled per target over ``reviews`` (default: all the period's),
    counting only reviews submitted or accepted. One query for the targets, one for the figures."""
    reviews = period.reviews.all() if reviews is None else reviews
    reported = reviews.filter(status__in=REPORTED).order_by().values("pk")
    aggregates = {
        row["target"]: row
        for row in ReviewFigure.objects.filter(review__in=reported)
        .values("target")
        .annotate(
            units=Count("pk"),
            sum=Sum("value"),
            average=Avg("value"),
            minimum=Min("value"),
            maximum=Max("value"),
            reached=Count("pk", filter=Q(target__target__isnull=False, value__gte=F("target__target"))),
        )
        .order_by()
    }
    result = []
    for target in period.movement.targets.all():
        row = aggregates.get(target.pk, {})
        total = row.get("average") if target.total == IndicatorTotal.AVERAGE else row.get("sum")
        result.append(
            FigureTotal(
                target=target,
                units=row.get("units", 0),
                total=None if total is None else Decimal(total).quantize(Decimal("0.01")),
                reached=row.get("reached", 0),
                minimum=row.get("minimum"),
                maximum=row.get("maximum"),
            )
        )
    return result
