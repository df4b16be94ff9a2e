"""Reminder source of the council: ballots not yet cast.

An open council session whose present members have not all voted on every agenda item that
is not counted on paper. Voting is expected within ``BALLOT_DAYS`` of the opening; one reminder
goes to each present member who still owes a ballot one day before that (one day after the
opening). Absent members vote in writing through the office and are not reminded. Closing the
session ends every ballot reminder.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from campaigns.reminders import ItemView, PendingItem, register_source, target_url
from council.enums import BALLOT_REMINDER, SessionStatus
from council.models import AgendaItem, BallotReceipt, CouncilSession, SessionMember

# An open session expects every present member's ballots within this many days of its opening.
BALLOT_DAYS = 2
# Days before that deadline on which members who still owe a ballot are reminded.
BALLOT_OFFSETS = (1,)


def ballot_deadline(session: CouncilSession) -> datetime.datetime:
    """When the session expects every present member's ballots: BALLOT_DAYS after it opened."""
    return (session.opened_at or session.date) + datetime.timedelta(days=BALLOT_DAYS)


def members_owing_ballots(session_ids: Iterable[int]) -> dict[int, set[int]]:
    """Per session: the present members who have not voted on every item still voted online.

    Three grouped queries whatever the number of sessions, items and members."""
    session_ids = list(session_ids)
    # A list's lines are voted on with their list: the list is the one ballot owed.
    votable = AgendaItem.objects.filter(session_id__in=session_ids, paper_entered_at__isnull=True, parent__isnull=True)
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
    kind = BALLOT_REMINDER
    label = _lazy("Phiếu biểu quyết Hội đồng")
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
                    kind_label=str(self.label),
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
    """Add the ballot source to the reminder scan (idempotent)."""
    register_source(BallotSource(), order=40)
