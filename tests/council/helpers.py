"""Builders for council tests: a council of N members, screened nominations, a session."""

from __future__ import annotations

import datetime
import zoneinfo

from awards.enums import NominationStatus
from council import ballot_box, services
from council.models import AgendaItem, BallotBox, CouncilSession
from organisation.enums import Role
from organisation.models import Membership
from tests.awards.factories import NominationFactory, PersonFactory, award
from tests.factories import UserFactory

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=TZ)  # Decree 98, districts still decide
AFTER = datetime.datetime(2025, 9, 10, 8, 0, tzinfo=TZ)  # Decree 152, two-tier local government


def council(body, chair, size: int) -> list:
    """The chair plus size-1 further members of ``body``'s council (hoidong1 may exist already)."""
    members = [chair]
    for i in range(1, size):
        user = UserFactory(username=f"hoidong{i}")
        Membership.objects.get_or_create(user=user, unit=body, role=Role.COUNCIL_MEMBER)
        members.append(user)
    return members


def screened(unit, code: str = "CSTDCS", year: int = 2024, **extra):
    person = PersonFactory(unit=unit)
    return NominationFactory(
        person=person, unit=unit, award_type=award(code), year=year, status=NominationStatus.SCREENED, **extra
    )


def planned(office, body, nominations, *, date=BEFORE, **extra) -> CouncilSession:
    return services.session_plan(
        actor=office,
        body=body,
        title="Phiên họp Hội đồng TĐKT",
        date=date,
        place="Hội trường UBND",
        nominations=nominations,
        **extra,
    )


def opened(office, chair, body, nominations, members, *, present=None, date=BEFORE, **extra) -> CouncilSession:
    session = planned(office, body, nominations, date=date, **extra)
    present = members if present is None else present
    return services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in present])


def item_of(session, nomination) -> AgendaItem:
    return AgendaItem.objects.get(session=session, nomination=nomination)


def vote_all(item, voters, agree: int) -> None:
    """The first ``agree`` voters agree, the rest disagree."""
    for i, user in enumerate(voters):
        services.ballot_cast(actor=user, item=item, choice="agree" if i < agree else "disagree")


def box_counts(item) -> dict[str, int]:
    """What the item's sealed ballot box holds, opened with the application's key."""
    box = BallotBox.objects.filter(item=item).first()
    return ballot_box.unseal(item.pk, box.sealed) if box is not None else ballot_box.empty()


def notice_over(session: CouncilSession) -> CouncilSession:
    """The session closed on its meeting day, long enough ago for its public notice to be over
    (docs/domain.md#rule-19: no decision before); as if the days had passed."""
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=session.date + datetime.timedelta(hours=3))
    session.refresh_from_db()
    return session
