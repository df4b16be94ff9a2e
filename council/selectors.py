"""Council reads scoped to a user: a stranger never sees another body's sessions or decisions."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from awards.enums import NominationStatus
from awards.models import Nomination
from council.enums import SessionStatus
from council.models import (
    AgendaItem,
    BallotReceipt,
    BlankLayout,
    CouncilSession,
    Decision,
    DecisionEntry,
    HigherProposal,
    Objection,
)
from organisation.enums import BODY_ROLES, Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths, user_grants


def council_bodies(user) -> QuerySet[OrgUnit]:
    """Bodies whose council business the user may read (office, council members, chair)."""
    if user.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.within_any(grant_paths(user, BODY_ROLES))


def sessions_for_user(user) -> QuerySet[CouncilSession]:
    return CouncilSession.objects.filter(body__in=council_bodies(user)).select_related("body")


def decisions_for_user(user) -> QuerySet[Decision]:
    return Decision.objects.filter(body__in=council_bodies(user)).select_related("body")


def office_bodies(user) -> QuerySet[OrgUnit]:
    """Bodies the user acts for as office (exactly those units)."""
    if user.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pk__in=[g.unit_id for g in user_grants(user) if g.role == Role.OFFICE])


def register_bodies(user) -> QuerySet[OrgUnit]:
    """Bodies whose registers (golden book, payouts, fund) the user keeps: office or chair of
    exactly that body; an administrator, every body that has issued a decision."""
    if user.is_superuser:
        return OrgUnit.objects.filter(pk__in=Decision.objects.values("body_id")).order_by("path")
    units = [g.unit_id for g in user_grants(user) if g.role in {Role.OFFICE, Role.COUNCIL_CHAIR}]
    return OrgUnit.objects.filter(pk__in=units).order_by("path")


def blank_layouts_for(decision: Decision) -> QuerySet[BlankLayout]:
    """Blanks that print at least one award of the decision (or any award)."""
    awards = decision.entries.values("nomination__award_type")
    return (
        BlankLayout.objects.filter(Q(award_types__in=awards) | Q(award_types__isnull=True)).distinct().order_by("name")
    )


def public_decisions() -> QuerySet[Decision]:
    """Issued decisions as the public sees them: newest first, their lists prefetched."""
    entries = DecisionEntry.objects.select_related(
        "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit"
    ).order_by("ordinal")
    return (
        Decision.objects.select_related("body")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("-date", "-pk")
    )


def screened_for_body(body: OrgUnit) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(unit__in=OrgUnit.objects.within(body), status=NominationStatus.SCREENED)
        .with_related()
        .order_by("unit__path", "award_type__order", "pk")
    )


def proposals_for_user(user) -> QuerySet[HigherProposal]:
    """The higher-level queue: proposals sent to the user's body, or recorded by the proposing body."""
    bodies = office_bodies(user)
    queryset = HigherProposal.objects.select_related(
        "nomination__award_type", "nomination__person", "nomination__subject_unit", "from_body", "to_body"
    )
    if user.is_superuser:
        return queryset
    return queryset.filter(Q(to_body__in=bodies) | Q(to_body__isnull=True, from_body__in=bodies))


def objections_for_user(user) -> QuerySet[Objection]:
    return Objection.objects.filter(nomination__unit__in=_covered(user, {Role.OFFICE})).select_related(
        "nomination__award_type", "nomination__person", "nomination__subject_unit"
    )


def _covered(user, roles) -> QuerySet[OrgUnit]:
    if user.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.within_any(grant_paths(user, roles))


def next_session_for_member(user, now: datetime.datetime | None = None) -> CouncilSession | None:
    """The member's session that is open, else the next planned one."""
    now = now or timezone.now()
    mine = CouncilSession.objects.filter(members__user=user).select_related("body")
    return (
        mine.filter(status=SessionStatus.OPEN).order_by("date").first()
        or mine.filter(status=SessionStatus.PLANNED).order_by("date").first()
    )


def items_with_my_receipt(session: CouncilSession, user) -> QuerySet[AgendaItem]:
    """The agenda with, per item, whether the user has voted (never how)."""
    return (
        session.items.select_related(
            "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit"
        )
        .annotate(i_voted=Exists(BallotReceipt.objects.filter(item=OuterRef("pk"), member=user)))
        .order_by("order", "pk")
    )


def public_notice(now: datetime.datetime | None = None) -> list[AgendaItem]:
    """Approved, not yet decided nominations still within their session's notice period."""
    now = now or timezone.now()
    items = (
        AgendaItem.objects.filter(
            session__status=SessionStatus.CLOSED,
            nomination__status=NominationStatus.APPROVED,
            nomination__higher_proposal__isnull=True,
        )
        .select_related(
            "session__body",
            "nomination__award_type",
            "nomination__person",
            "nomination__subject_unit",
            "nomination__unit",
        )
        .order_by("-session__closed_at", "order")
    )
    noticed = []
    for item in items:
        until = item.session.notice_ends_at or now + datetime.timedelta(days=item.session.notice_days)
        if until >= now:
            # The notice page reads when each item leaves the public list.
            item.notice_until = until  # type: ignore[attr-defined]
            noticed.append(item)
    return noticed


def noticed_item(nomination_pk: int, now: datetime.datetime | None = None) -> AgendaItem | None:
    """The agenda item by which the nomination is on public notice now (its session, its body)."""
    for item in public_notice(now):
        if item.nomination_id == nomination_pk:
            return item
    return None


def entries_for_decision(decision: Decision) -> QuerySet[DecisionEntry]:
    return decision.entries.select_related(
        "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit", "award_record"
    ).order_by("ordinal")
