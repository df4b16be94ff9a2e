"""A launched movement of the test district with an open review period, built through the services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaigns import services
from campaigns.enums import LatePolicy, MovementKind, PeriodKind
from campaigns.models import Movement, Review, ReviewPeriod

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2025, 6, 20, 9, 0, tzinfo=TZ)
DEADLINE = datetime.datetime(2025, 6, 30, 17, 0, tzinfo=TZ)


def at(day: int, month: int = 6, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, 0, tzinfo=TZ)


@dataclass
class Cycle:
    movement: Movement
    period: ReviewPeriod
    review: Review  # xa-a's review
    other_review: Review  # xa-b's review
    criteria: list


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def make_movement(office, district, **extra):
    data = {
        "title": "Phong trào thi đua yêu nước năm 2025",
        "kind": MovementKind.REGULAR,
        "year": 2025,
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2025, 12, 31),
        "registration_deadline": at(31, 3),
        **extra,
    }
    return services.movement_create(
        actor=office,
        owner=district.district,
        data=data,
        targets=[("Tỷ lệ hộ gia đình văn hóa", "%"), ("Thu ngân sách", "triệu đồng")],
    )


RUBRIC = [
    {
        "group": "Thực hiện nhiệm vụ",
        "name": "Hoàn thành chỉ tiêu kinh tế - xã hội",
        "max_points": Decimal(60),
        "weight": Decimal(60),
    },
    {
        "group": "Công tác thi đua",
        "name": "Tổ chức phong trào thi đua",
        "max_points": Decimal(40),
        "weight": Decimal(40),
    },
]


@pytest.fixture
def cycle(frozen, office, unit_head, stranger, district):
    movement = make_movement(office, district)
    services.movement_launch(actor=office, movement=movement, units=[district.commune, district.other_commune])
    period = services.period_create(
        actor=office,
        movement=movement,
        data={
            "name": "Sơ kết 6 tháng đầu năm 2025",
            "kind": PeriodKind.MIDTERM,
            "opens_at": at(1),
            "deadline": DEADLINE,
            "late_policy": LatePolicy.ACCEPT_FLAG,
        },
    )
    services.period_set_criteria(actor=office, period=period, rows=RUBRIC)
    services.period_open(actor=office, period=period)
    period.refresh_from_db()
    return Cycle(
        movement=movement,
        period=period,
        review=Review.objects.get(period=period, unit=district.commune),
        other_review=Review.objects.get(period=period, unit=district.other_commune),
        criteria=list(period.criteria.order_by("order")),
    )


def full_content(**extra):
    return {
        "results": "Hoàn thành 12/12 chỉ tiêu kinh tế - xã hội.",
        "limitations": "Thu ngân sách chưa đạt kế hoạch do thị trường bất động sản trầm lắng.",
        "lessons": "Phát huy vai trò người đứng đầu.",
        "direction": "Tập trung xây dựng nông thôn mới nâng cao.",
        **extra,
    }


def full_scores(cycle, first=Decimal("55"), second=Decimal("35")):
    return {cycle.criteria[0].pk: first, cycle.criteria[1].pk: second}
