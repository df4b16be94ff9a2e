"""Council reads scoped to a user: a stranger never sees another body's sessions or decisions."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from awards.enums import NominationStatus
from awards.models import Nomination, Submission
from council.enums import ProposalStatus, SessionStatus
from council.models import (
    AgendaItem,
    BallotReceipt,
    BlankLayout,
    BundleLine,
    CouncilSession,
    Decision,
    DecisionEntry,
    HigherProposal,
    Objection,
    ProposalBundle,
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


def plannable_nominations(user) -> QuerySet[Nomination]:
    """Screened nominations of the units under the bodies the user acts for as office: what a
    session plan may put on the agenda (the plan form validates against this queryset)."""
    paths = list(office_bodies(user).values_list("path", flat=True))
    return Nomination.objects.filter(
        status=NominationStatus.SCREENED, unit__in=OrgUnit.objects.within_any(paths)
    ).with_related()


def plannable_submissions(user) -> QuerySet[Submission]:
    """Submissions (tờ trình) of the units under the user's office bodies with screened lines, each
    with ``n_screened``: what a session plan may put on the agenda whole."""
    paths = list(office_bodies(user).values_list("path", flat=True))
    screened = Q(lines__status=NominationStatus.SCREENED)
    return (
        Submission.objects.filter(unit__in=OrgUnit.objects.within_any(paths))
        .annotate(n_screened=Count("lines", filter=screened))
        .filter(n_screened__gt=0)
        .select_related("unit")
    )


def screened_counts_by_award(submissions) -> dict[int, list[tuple[str, int]]]:
    """Submission id -> [(award name, screened lines)] in the catalogue's order, one query."""
    rows = (
        Nomination.objects.filter(submission__in=list(submissions), status=NominationStatus.SCREENED)
        .order_by()
        .values_list("submission_id", "award_type__name", "award_type__order")
        .annotate(n=Count("pk"))
        .order_by("submission_id", "award_type__order")
    )
    counts: dict[int, list[tuple[str, int]]] = {}
    for submission_id, name, _order, n in rows:
        counts.setdefault(submission_id, []).append((name, n))
    return counts


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


def bundles_for_user(user) -> QuerySet[ProposalBundle]:
    """The bundles (tờ trình) of the bodies the user acts for as office: exactly those bodies."""
    return ProposalBundle.objects.filter(body__in=office_bodies(user)).select_related("body")


def bundlable_bodies(user) -> QuerySet[OrgUnit]:
    """The user's office bodies with pending proposals that no bundle carries: a bundle may be drafted."""
    carried = BundleLine.objects.filter(returned_at__isnull=True).values("proposal_id")
    waiting = HigherProposal.objects.filter(status=ProposalStatus.PENDING).exclude(pk__in=carried)
    return office_bodies(user).filter(pk__in=waiting.values("from_body_id")).order_by("path")


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
    """The agenda's items voted on (nominations, lists, exceptions) with, per item, whether the user
    has voted (never how) and, for a list, its number of lines (``n_lines``). A list's lines are
    voted on with it: they are not items of their own here (``list_lines`` shows them)."""
    lines = (
        AgendaItem.objects.filter(parent=OuterRef("pk")).order_by().values("parent").annotate(n=Count("pk")).values("n")
    )
    return (
        session.items.filter(parent__isnull=True)
        .select_related(
            "nomination__award_type",
            "nomination__person",
            "nomination__subject_unit",
            "nomination__household",
            "nomination__unit",
            "excepted_from",
        )
        .annotate(
            i_voted=Exists(BallotReceipt.objects.filter(item=OuterRef("pk"), member=user)),
            n_lines=Coalesce(Subquery(lines), 0),
        )
        .order_by("order", "pk")
    )


def with_award_counts(session: CouncilSession, items: list[AgendaItem]) -> list[AgendaItem]:
    """Each list of ``items`` with ``award_counts``: [(award name, lines)], one query for the session."""
    counts: dict[int, list[tuple[str, int]]] = {}
    rows = (
        AgendaItem.objects.filter(session=session, parent__isnull=False)
        .order_by()
        .values_list("parent_id", "nomination__award_type__name", "nomination__award_type__order")
        .annotate(n=Count("pk"))
        .order_by("parent_id", "nomination__award_type__order")
    )
    for parent_id, name, _order, n in rows:
        counts.setdefault(parent_id, []).append((name, n))
    for item in items:
        item.award_counts = counts.get(item.pk, [])  # type: ignore[attr-defined]
    return items


def list_lines(item: AgendaItem) -> QuerySet[AgendaItem]:
    """The lines of a list item, with what their rows show."""
    return (
        AgendaItem.objects.filter(parent=item)
        .select_related(
            "nomination__award_type",
            "nomination__person",
            "nomination__subject_unit",
            "nomination__household",
            "nomination__unit",
        )
        .order_by("order", "pk")
    )


def _on_notice(now: datetime.datetime) -> Q:
    """Items of sessions whose notice has not ended at ``now``. The end is ``closed_at`` plus
    ``notice_days`` (a number of days per session, 1 to 60): one condition per number in use,
    portable SQL that PostgreSQL and SQLite both index on ``closed_at``."""
    days = (
        CouncilSession.objects.filter(status=SessionStatus.CLOSED)
        .order_by()
        .values_list("notice_days", flat=True)
        .distinct()
    )
    condition = Q(session__closed_at__isnull=True)
    for number in days:
        condition |= Q(session__notice_days=number, session__closed_at__gte=now - datetime.timedelta(days=number))
    return condition


def public_notice(now: datetime.datetime | None = None) -> QuerySet[AgendaItem]:
    """Approved, not yet decided nominations still within their session's notice period.

    Filtered in SQL (a province has thousands of approved items): the notice ends ``notice_days``
    after the session closed (``CouncilSession.notice_ends_at``). The page shows
    one page of them, each with ``notice_until`` set by ``with_notice_until``.
    """
    now = now or timezone.now()
    return (
        AgendaItem.objects.filter(
            session__status=SessionStatus.CLOSED,
            nomination__status=NominationStatus.APPROVED,
            nomination__higher_proposal__isnull=True,
        )
        .filter(_on_notice(now))
        .select_related(
            "session__body",
            "nomination__award_type",
            "nomination__person",
            "nomination__subject_unit",
            "nomination__unit",
        )
        .order_by("-session__closed_at", "order", "pk")
    )


def with_notice_until(items, now: datetime.datetime | None = None) -> list:
    """``items`` with ``notice_until``: when each leaves the public list."""
    now = now or timezone.now()
    items = list(items)
    for item in items:
        until = item.session.notice_ends_at or now + datetime.timedelta(days=item.session.notice_days)
        item.notice_until = until
    return items


def noticed_item(nomination_pk: int, now: datetime.datetime | None = None) -> AgendaItem | None:
    """The agenda item by which the nomination is on public notice now (its session, its body)."""
    found = with_notice_until(public_notice(now).filter(nomination_id=nomination_pk)[:1], now)
    return found[0] if found else None


def entries_for_decision(decision: Decision) -> QuerySet[DecisionEntry]:
    return decision.entries.select_related(
        "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit", "award_record"
    ).order_by("ordinal")


def minutes_items(session: CouncilSession) -> QuerySet[AgendaItem]:
    """The items voted on (nominations, lists, exceptions), each list with its lines and exceptions:
    a fixed number of queries whatever the number of lines (the minutes, the session page)."""
    related = ("nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit")
    household = ("nomination__household",)
    return (
        session.items.filter(parent__isnull=True)
        .select_related(*related, *household, "excepted_from")
        .prefetch_related(
            Prefetch("lines", queryset=AgendaItem.objects.select_related(*related, *household).order_by("order", "pk")),
            Prefetch("exceptions", queryset=AgendaItem.objects.only("pk", "excepted_from_id")),
        )
        .order_by("order", "pk")
    )
