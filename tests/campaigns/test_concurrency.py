"""Two submits of the same review at the same moment: one submission, one clear message (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from campaigns import services
from campaigns.enums import ReviewStatus
from campaigns.models import Review
from songlo.exceptions import DomainError
from tests.campaigns.conftest import full_content, full_scores

# Runs in the PostgreSQL pass of `make test` (the integration marker), where rows lock for real.
pytestmark = pytest.mark.integration


@pytest.mark.django_db(transaction=True)
def test_review_double_submit_at_once_gives_one_submission(cycle, unit_head):
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit():
        from django.db import connections

        review = Review.objects.select_related("period").get(pk=cycle.review.pk)
        barrier.wait()
        try:
            services.review_submit(actor=unit_head, review=review, content=full_content(), scores=full_scores(cycle))
            result = "ok"
        except DomainError as error:
            result = error.message
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    review = Review.objects.get(pk=cycle.review.pk)
    assert sorted(outcomes) == sorted(["ok", "Báo cáo vừa được nộp (có thể từ một cửa sổ khác); không nộp lại được."])
    assert (review.status, review.version) == (ReviewStatus.SUBMITTED, 1)
    assert review.scores.count() == 2


@pytest.mark.django_db(transaction=True)
def test_remind_late_two_clicks_at_once_remind_once(cycle, office):
    """The period's row is locked: the second click waits, then sees the first one's audit line."""
    from accounts.models import AuditEvent
    from campaigns.models import Notification

    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def click():
        from django.db import connections

        barrier.wait()
        try:
            services.period_remind_late(actor=office, period=cycle.period)
            result = "ok"
        except DomainError as error:
            result = error.message.split(";")[0]
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["ok", "Đã nhắc các đơn vị chưa nộp lúc 09:00 20/06/2025"]
    assert AuditEvent.objects.filter(action="period.remind_late").count() == 1
    assert Notification.objects.filter(key__startswith="review_late:").count() == 2
