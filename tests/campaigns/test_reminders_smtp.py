"""Sending through a real (local, fake) SMTP server that drops connections: one connection
per batch, retries with exponential backoff up to a cap, then failed with the error."""

import datetime

import pytest
from django.core import mail

from campaigns import reminders
from campaigns.enums import ReminderStatus
from campaigns.models import Notification, ReminderOutbox
from tests.campaigns.reminder_setup import at, make_movement, make_period, make_review
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db

NOW = at(3, hours=1)


@pytest.fixture
def sink(settings):
    server = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.REMINDER_MAX_ATTEMPTS = 4
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    settings.REMINDER_RETRY_CAP_SECONDS = 150
    yield server
    server.stop()


@pytest.fixture
def three_heads(district, unit_head, stranger):
    from organisation.enums import Role
    from tests.factories import MembershipFactory, UserFactory

    MembershipFactory(user=UserFactory(username="truong.thon-a1"), unit=district.village, role=Role.UNIT_HEAD)
    period = make_period(make_movement(district.district))
    for unit in (district.commune, district.other_commune, district.village):
        make_review(period, unit)
    reminders.scan(now=NOW)
    return period


def statuses():
    return sorted(ReminderOutbox.objects.values_list("status", "attempts"))


def test_send_uses_one_connection_for_the_batch(sink, three_heads):
    result = reminders.send_due(now=NOW)

    assert (result.emails, result.sent) == (3, 3)
    assert sink.connections == 1
    assert sorted(m["to"][0] for m in sink.messages) == [
        "truong.thon-a1@example.org",
        "truong.xa-a@example.org",
        "truong.xa-b@example.org",
    ]
    assert sorted(sink.message_ids()) == sorted(ReminderOutbox.objects.values_list("message_id", flat=True))


def test_send_dropped_mid_batch_reconnects_and_retries_that_digest(sink, three_heads):
    sink.drop_data = {2}

    first = reminders.send_due(now=NOW)

    assert (first.emails, first.sent, first.retried) == (2, 2, 1)
    assert sink.connections == 2
    retried = ReminderOutbox.objects.get(status=ReminderStatus.PENDING)
    assert retried.attempts == 1
    assert retried.next_attempt_at == NOW + datetime.timedelta(seconds=60)
    assert retried.last_error.startswith("SMTPServerDisconnected")

    early = reminders.send_due(now=NOW + datetime.timedelta(seconds=59))
    later = reminders.send_due(now=NOW + datetime.timedelta(seconds=60))

    assert (early.sent, later.sent) == (0, 1)
    assert statuses() == [("sent", 1), ("sent", 1), ("sent", 2)]
    assert len(sink.messages) == 3
    assert len(set(sink.message_ids())) == 3


def test_send_connection_refused_at_greeting_is_retried(sink, three_heads):
    sink.drop_connects = 1

    first = reminders.send_due(now=NOW)
    second = reminders.send_due(now=NOW + datetime.timedelta(minutes=1))

    assert (first.retried, first.emails) == (1, 2)  # the first digest met the dropped connection
    assert second.sent == 1
    assert len(sink.messages) == 3


def test_send_gives_up_after_the_cap_and_marks_failed(sink, three_heads):
    sink.drop_all_data = True
    moment = NOW
    delays = []
    for _attempt in range(4):
        result = reminders.send_due(now=moment)
        row = ReminderOutbox.objects.get(recipient__username="truong.xa-a")
        if row.status == ReminderStatus.PENDING:
            delays.append((row.next_attempt_at - moment).total_seconds())
            moment = row.next_attempt_at

    assert delays == [60, 120, 150]  # exponential, capped at 150 s
    assert result.failed == 3
    row = ReminderOutbox.objects.get(recipient__username="truong.xa-a")
    assert (row.status, row.attempts) == (ReminderStatus.FAILED, 4)
    assert row.last_error.startswith("SMTPServerDisconnected")
    assert sink.messages == []
    assert Notification.objects.count() == 0
    # Nothing more is tried on its own...
    assert reminders.send_due(now=moment + datetime.timedelta(days=1)).sent == 0

    # ...until the admin sends it again, and the server is back.
    sink.drop_all_data = False
    reminders.outbox_send_again(ids=[row.pk], now=moment + datetime.timedelta(days=1))
    again = reminders.send_due(now=moment + datetime.timedelta(days=1))

    assert again.sent == 1
    assert [m["to"] for m in sink.messages] == [["truong.xa-a@example.org"]]


def test_send_permanent_refusal_fails_at_once(sink, three_heads, settings):
    from campaigns.models import ReminderOutbox as Outbox

    row = Outbox.objects.get(recipient__username="truong.xa-a")
    row.recipient.email = "not-an-address"
    row.recipient.save()

    result = reminders.send_due(now=NOW)

    assert result.failed == 1
    assert Outbox.objects.get(pk=row.pk).status == ReminderStatus.FAILED
    assert len(sink.messages) == 2
    assert mail.outbox == []
