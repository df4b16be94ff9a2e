"""Reminder sources of the awards app: nomination dossiers due and council ballots not yet cast.

campaigns owns the outbox (scan, digest, sending) and may not import awards; ``register()``
(called from ``AwardsConfig.ready``) adds these sources to ``campaigns.reminders.SOURCES``.

What is reminded, and to whom:

- **Dossiers due**: a nomination still being prepared (draft, or returned by the office) for a
  launched movement that sets a dossier deadline. Its unit's head(s) are reminded 7, 3 and 1
  days before the deadline. There is no overdue window: after the deadline the submission is
  refused (awards.services), so a reminder could not be acted on. Units with no nomination at
  all are not reminded (proposing nobody is a legitimate choice). A nomination without a
  movement has no deadline and is not reminded. Moving the movement's deadline opens new
  windows, and rows of the old deadline are skipped when sending.
- **Ballots not yet cast**: an open council session whose present members have not all voted
  on every agenda item that is not counted on paper. Voting is expected within
  ``BALLOT_DAYS`` of the opening; one reminder goes to each present member who still owes a
  ballot one day before that (one day after the opening). Absent members vote in writing
  through the office and are not reminded. Closing the session ends every ballot reminder.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import NOMINATION_EDITABLE
from awards.models import AgendaItem, BallotReceipt, CouncilSession, Nomination, SessionMember, SessionStatus
from campaigns.enums import MovementStatus, ReminderKind
from campaigns.reminders import ItemView, PendingItem, register_source, target_url

# Days before a movement's dossier deadline on which unit heads are reminded.
DOSSIER_OFFSETS = (7, 3, 1)
# An open session expects every present member's ballots within this many days of its opening.
BALLOT_DAYS = 2
# Days before that deadline on which members who still owe a ballot are reminded.
BALLOT_OFFSETS = (1,)


class NominationSource:
    kind = ReminderKind.NOMINATION
    model = Nomination

    def pending_items(self) -> Iterator[PendingItem]:
        rows = Nomination.objects.filter(
            status__in=list(NOMINATION_EDITABLE),
            movement__status=MovementStatus.LAUNCHED,
            movement__dossier_deadline__isnull=False,
        ).values_list("pk", "unit_id", "unit__path", "movement__owner__path", "movement__dossier_deadline")
        for pk, unit_id, unit_path, owner_path, deadline in rows.iterator(chunk_size=2000):
            yield PendingItem(self.kind, pk, unit_id, unit_path, owner_path, deadline, DOSSIER_OFFSETS)

    def views(self, ids: Iterable[int]) -> dict[int, tuple[bool, ItemView]]:
        result = {}
        nominations = Nomination.objects.filter(pk__in=list(ids)).select_related(
            "unit", "movement", "award_type", "person", "subject_unit"
        )
        for nomination in nominations:
            movement = nomination.movement
            pending = (
                nomination.status in NOMINATION_EDITABLE
                and movement is not None
                and movement.status == MovementStatus.LAUNCHED
                and movement.dossier_deadline is not None
            )
            title = f"{nomination.award_type.name} năm {nomination.year} – {nomination.subject}"
            if movement is not None:
                title = f"{title} ({movement.title})"
            result[nomination.pk] = (
                pending,
                ItemView(
                    kind=self.kind,
                    kind_label=_("Hồ sơ đề nghị khen thưởng"),
                    title=title,
                    unit_name=nomination.unit.name,
                    deadline=movement.dossier_deadline if movement is not None else None,
                    url=target_url(nomination),
                    action_label=_("Hoàn thiện và nộp hồ sơ"),
                ),
            )
        return result


def ballot_deadline(session: CouncilSession) -> datetime.datetime:
    """When the session expects every present member's ballots: BALLOT_DAYS after it opened."""
    return (session.opened_at or session.date) + datetime.timedelta(days=BALLOT_DAYS)


def members_owing_ballots(session_ids: Iterable[int]) -> dict[int, set[int]]:
    """Per session: the present members who have not voted on every item still voted online.

    Three grouped queries whatever the number of sessions, items and members."""
    session_ids = list(session_ids)
    votable = AgendaItem.objects.filter(session_id__in=session_ids, paper_entered_at__isnull=True)
    items = dict(votable.values("session_id").annotate(n=Count("pk")).values_list("session_id", "n"))
    voted = {
        (session_id, member_id): n
        for session_id, member_id, n in BallotReceipt.objects.filter(item__in=votable)
        .values("item__session_id", "member_id")
        .annotate(n=Count("pk"))
        .values_list("item__session_id", "member_id", "n")
    }
    owing: dict[int, set[int]] = defaultdict(set)
    present = SessionMember.objects.filter(session_id__in=session_ids, present=True).values_list(
        "session_id", "user_id"
    )
    for session_id, user_id in present:
        if voted.get((session_id, user_id), 0) < items.get(session_id, 0):
            owing[session_id].add(user_id)
    return owing


class BallotSource:
    kind = ReminderKind.BALLOT
    model = CouncilSession

    def pending_items(self) -> Iterator[PendingItem]:
        sessions = list(
            CouncilSession.objects.filter(status=SessionStatus.OPEN).values_list(
                "pk", "body_id", "body__path", "date", "opened_at"
            )
        )
        owing = members_owing_ballots(pk for pk, *_rest in sessions)
        for pk, body_id, body_path, date, opened_at in sessions:
            if not owing.get(pk):
                continue
            deadline = (opened_at or date) + datetime.timedelta(days=BALLOT_DAYS)
            yield PendingItem(
                self.kind, pk, body_id, body_path, body_path, deadline, BALLOT_OFFSETS, frozenset(owing[pk])
            )

    def views(self, ids: Iterable[int]) -> dict[int, tuple[bool, ItemView]]:
        sessions = list(CouncilSession.objects.filter(pk__in=list(ids)).select_related("body"))
        owing = members_owing_ballots(s.pk for s in sessions)
        result = {}
        for session in sessions:
            meeting = timezone.localtime(session.date).strftime("%d/%m/%Y")
            result[session.pk] = (
                session.status == SessionStatus.OPEN,
                ItemView(
                    kind=self.kind,
                    kind_label=_("Phiếu biểu quyết Hội đồng"),
                    title=f"{session.title} ({meeting})",
                    unit_name=session.body.name,
                    deadline=ballot_deadline(session),
                    url=target_url(session),
                    action_label=_("Bỏ phiếu"),
                    owed_by=frozenset(owing.get(session.pk, ())),
                ),
            )
        return result


def register() -> None:
    """Add the awards sources to the reminder scan (idempotent)."""
    register_source(NominationSource())
    register_source(BallotSource())
