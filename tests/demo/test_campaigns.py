"""The demo tells the 2020-2025 story: yearly movements, a new-rural movement, past and open periods."""

import datetime
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.enums import MovementKind, PeriodStatus, ReviewStatus
from campaigns.models import BlockVote, Movement, Review, ReviewPeriod, Stage

# The `demo` fixture (tests/conftest.py) seeds the demo, and runs each test, on 2025-11-20 at 08:00.


def test_demo_has_the_stage_with_yearly_and_thematic_movements(demo):
    stage = Stage.objects.get(name="Giai đoạn 2020–2025")

    yearly = stage.movements.filter(kind=MovementKind.REGULAR).order_by("year")
    assert [m.year for m in yearly] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert stage.movements.filter(kind=MovementKind.THEMATIC, title__contains="nông thôn mới").count() == 1


def test_demo_open_period_is_due_three_days_after_seeding(demo):
    period = ReviewPeriod.objects.get(status=PeriodStatus.OPEN)

    assert timezone.localtime(period.deadline).date() == datetime.date(2025, 11, 23)
    assert Counter(period.reviews.values_list("status", flat=True)) == {
        ReviewStatus.SUBMITTED: 10,
        ReviewStatus.DRAFT: 6,
        ReviewStatus.RETURNED: 1,
        ReviewStatus.NOT_STARTED: 9,
    }


def test_demo_past_periods_have_accepted_reviews(demo):
    closed = ReviewPeriod.objects.filter(status=PeriodStatus.CLOSED)

    assert closed.count() == 3
    assert not Review.objects.filter(period__in=closed).exclude(status=ReviewStatus.ACCEPTED).exists()
    assert (
        Review.objects.filter(period__in=closed, scores__office_score__isnull=False).distinct().count() == 26 * 2 + 17
    )
    assert BlockVote.objects.get(block__code="cum-1", year=2024).leading_unit.code == "hai-luu"


@pytest.mark.parametrize(
    "username", ["truong.tam-son", "truong.yen-thach", "vanphong", "hoidong1", "truong.phong-gddt"]
)
def test_demo_pages_open_for_demo_accounts(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    urls = [reverse("home"), reverse("campaigns:movement_list"), reverse("campaigns:review_list")]
    if username == "vanphong":
        period = ReviewPeriod.objects.get(status=PeriodStatus.OPEN)
        urls += [
            period.get_absolute_url(),
            reverse("campaigns:period_list"),
            Movement.objects.first().get_absolute_url(),
        ]

    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
