"""Reminders through real `celery worker` processes on Redis and PostgreSQL, delivering to a
local SMTP server: the beat entry's task, two scans at once, and a worker killed mid-batch."""

import datetime
import time
from collections import Counter

import pytest
from django.utils import timezone

from campaigns.enums import ReminderStatus
from campaigns.models import ReminderOutbox
from organisation.enums import Role, UnitKind
from songlo.celery import app as songlo_app
from tests.campaigns.reminder_setup import make_movement, make_period, make_review
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration

SCAN = songlo_app.conf.beat_schedule["reminders-scan"]["task"]
SEND = songlo_app.conf.beat_schedule["reminders-send"]["task"]


def pending_units(count: int) -> list[str]:
    """``count`` communes with one head each and a review due in 3 days (the 3-day window is open)."""
    district = OrgUnitFactory(code="huyen-tich-hop", name="Huyện Tích Hợp", kind=UnitKind.DISTRICT)
    period = make_period(
        make_movement(district), deadline=timezone.now() + datetime.timedelta(days=3, hours=-1), offsets=[7, 3, 1]
    )
    addresses = []
    for i in range(count):
        unit = OrgUnitFactory(code=f"xa-{i:03d}", name=f"Xã Số {i}", parent=district)
        head = UserFactory(username=f"truong.xa-{i:03d}")
        MembershipFactory(user=head, unit=unit, role=Role.UNIT_HEAD)
        make_review(period, unit)
        addresses.append(head.email)
    return addresses


def all_rows_sent(expected: int):
    def check() -> bool:
        return ReminderOutbox.objects.filter(status=ReminderStatus.SENT).count() == expected

    return check


def test_beat_scan_task_sends_through_the_worker(start_worker, client_app, smtp_sink):
    addresses = pending_units(5)
    worker = start_worker(extra_env={"EMAIL_URL": smtp_sink.url})

    client_app.send_task(SCAN)  # what beat sends every REMINDER_SCAN_MINUTES

    wait_for(all_rows_sent(5), timeout=60, message=f"5 reminders sent\n{worker.log()}")
    assert sorted(to for m in smtp_sink.messages for to in m["to"]) == sorted(addresses)
    assert sorted(smtp_sink.message_ids()) == sorted(ReminderOutbox.objects.values_list("message_id", flat=True))

    client_app.send_task(SCAN)  # the next beat: nothing new
    client_app.send_task(SEND)
    time.sleep(3)
    assert len(smtp_sink.messages) == 5
    assert ReminderOutbox.objects.count() == 5


def test_two_concurrent_scans_on_two_workers_send_each_reminder_once(start_worker, client_app, smtp_sink):
    addresses = pending_units(60)
    env = {"EMAIL_URL": smtp_sink.url}
    workers = [start_worker(extra_env=env), start_worker(extra_env=env)]

    for _ in range(2):
        client_app.send_task(SCAN)
    for _ in range(2):
        client_app.send_task(SEND)

    wait_for(all_rows_sent(60), timeout=120, message="60 reminders sent\n" + "\n".join(w.log() for w in workers))
    time.sleep(2)  # let any late duplicate arrive before counting
    delivered = Counter(to for m in smtp_sink.messages for to in m["to"])
    assert delivered == Counter(addresses)
    assert ReminderOutbox.objects.count() == 60
    assert len(set(smtp_sink.message_ids())) == 60


def test_worker_killed_mid_batch_leaves_every_row_sent_once(start_worker, client_app):
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink(delay=0.15).start()  # a slow server, so that the kill lands mid-batch
    try:
        addresses = pending_units(30)
        env = {"EMAIL_URL": sink.url, "REMINDER_LEASE_SECONDS": "3"}
        first = start_worker(extra_env=env)

        client_app.send_task(SCAN)
        wait_for(lambda: len(sink.messages) >= 8, timeout=60, message=f"8 deliveries\n{first.log()}")
        first.kill()  # SIGKILL to the worker and its pool child

        time.sleep(0.5)  # the server finishes the message it was receiving, if any
        delivered_at_kill = len(sink.messages)
        sent_before = ReminderOutbox.objects.filter(status=ReminderStatus.SENT).count()
        # The database knows of every delivery but, at most, the one in flight.
        assert delivered_at_kill - 1 <= sent_before <= delivered_at_kill < 30
        assert ReminderOutbox.objects.filter(status=ReminderStatus.SENDING).count() == 30 - sent_before

        second = start_worker(extra_env=env)
        time.sleep(3.5)  # the dead worker's lease runs out
        client_app.send_task(SEND)  # what the one-minute beat entry sends

        wait_for(all_rows_sent(30), timeout=60, message=f"30 reminders sent\n{second.log()}")
        time.sleep(1)
        delivered = Counter(to for m in sink.messages for to in m["to"])
        assert set(delivered) == set(addresses)
        repeated = [address for address, n in delivered.items() if n > 1]
        # Only the digest in flight at the kill may arrive twice, never more than twice.
        assert len(repeated) <= 1
        assert max(delivered.values()) <= 2
        assert ReminderOutbox.objects.filter(status=ReminderStatus.SENT).count() == 30
    finally:
        sink.stop()
