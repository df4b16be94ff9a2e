"""Movements, periods and reviews built with the ORM (no services) for the reminder tests."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from campaigns.enums import MovementStatus, PeriodKind, PeriodStatus, ReviewStatus
from campaigns.models import Movement, Registration, Review, ReviewPeriod

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# 30/06/2025 17:00 in Hà Nội time: the deadline of the test period.
DEADLINE = datetime.datetime(2025, 6, 30, 17, 0, tzinfo=HCM)


def at(days_before: float, hours: float = 0) -> datetime.datetime:
    """A moment ``days_before`` the deadline (negative: after it), plus ``hours``."""
    return DEADLINE - datetime.timedelta(days=days_before) + datetime.timedelta(hours=hours)


def make_movement(owner, *, title="Phong trào thi đua năm 2025", registration_deadline=None) -> Movement:
    return Movement.objects.create(
        title=title,
        kind="regular",
        owner=owner,
        year=2025,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        status=MovementStatus.LAUNCHED,
        registration_deadline=registration_deadline,
    )


def make_period(movement, *, name="Sơ kết 6 tháng đầu năm 2025", deadline=DEADLINE, offsets=None) -> ReviewPeriod:
    extra = {"reminder_offsets": offsets} if offsets is not None else {}
    return ReviewPeriod.objects.create(
        movement=movement,
        name=name,
        kind=PeriodKind.MIDTERM,
        opens_at=deadline - datetime.timedelta(days=30),
        deadline=deadline,
        status=PeriodStatus.OPEN,
        **extra,
    )


def make_review(period, unit, status=ReviewStatus.NOT_STARTED, extended_deadline=None) -> Review:
    return Review.objects.create(period=period, unit=unit, status=status, extended_deadline=extended_deadline)


def make_registration(movement, unit, status="pending") -> Registration:
    return Registration.objects.create(movement=movement, unit=unit, status=status)
