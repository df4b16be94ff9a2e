"""The reminder scan and sending, with time frozen: offsets, extensions, submitted units,
digests, missed windows, the overdue copy to the office, and running twice."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command

from campaigns import reminders
from campaigns.enums import PeriodStatus, ReminderKind, ReminderStatus, ReviewStatus
from campaigns.models import Notification, ReminderOutbox
from tests.campaigns.reminder_setup import DEADLINE, at, make_movement, make_period, make_registration, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(district):
    return make_period(make_movement(district.district))


@pytest.fixture
def reviews(period, district, unit_head, stranger, office):
    return {
        "xa-a": make_review(period, district.commune),
        "xa-b": make_review(period, district.other_commune),
    }


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        scanned = reminders.scan()
        sent = reminders.send_due()
    return scanned, sent


def rows():
    return set(ReminderOutbox.objects.values_list("kind", "target_id", "offset_days", "recipient__username", "status"))


def recipients_of_outbox():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize("offset", [7, 3, 1])
def test_scan_offset_before_deadline_reminds_each_unit_head(reviews, offset):
    scanned, sent = run_at(at(offset, hours=1))

    assert scanned.queued == 2
    assert rows() == {
        ("review", reviews["xa-a"].pk, offset, "truong.xa-a", "sent"),
        ("review", reviews["xa-b"].pk, offset, "truong.xa-b", "sent"),
    }
    assert (sent.emails, sent.sent) == (2, 2)
    assert recipients_of_outbox() == ["truong.xa-a@example.org", "truong.xa-b@example.org"]
    body = mail.outbox[0].body
    assert f"Còn {offset} ngày" in body
    assert "30/06/2025 17:00" in body


@pytest.mark.parametrize("offset", [7, 3, 1])
def test_scan_just_before_window_writes_nothing(reviews, offset):
    scanned, _sent = run_at(at(offset, hours=-1))

    expected_previous = {7: None, 3: 7, 1: 3}[offset]
    assert {row[2] for row in rows()} == ({expected_previous} if expected_previous else set())
    assert scanned.queued == (2 if expected_previous else 0)


def test_scan_overdue_window_copies_the_office_in_one_digest(reviews):
    scanned, sent = run_at(at(-1, hours=1))

    assert scanned.queued == 4
    assert rows() == {
        ("review", reviews["xa-a"].pk, -1, "truong.xa-a", "sent"),
        ("review", reviews["xa-b"].pk, -1, "truong.xa-b", "sent"),
        ("review", reviews["xa-a"].pk, -1, "vanphong", "sent"),
        ("review", reviews["xa-b"].pk, -1, "vanphong", "sent"),
    }
    assert sent.emails == 3
    office_mail = next(m for m in mail.outbox if m.to == ["vanphong@example.org"])
    assert "Xã A" in office_mail.body and "Xã B" in office_mail.body
    assert "Đã quá hạn 1 ngày" in office_mail.body
    assert office_mail.subject == "[Songlo] Nhắc hạn: 2 việc cần hoàn thành"


def test_scan_office_not_copied_before_the_deadline(reviews):
    run_at(at(1, hours=1))

    assert "vanphong" not in {row[3] for row in rows()}


def test_scan_twice_writes_and_sends_once(reviews):
    run_at(at(3, hours=1))
    scanned, sent = run_at(at(3, hours=1) + datetime.timedelta(minutes=15))

    assert (scanned.queued, sent.emails, sent.sent) == (0, 0, 0)
    assert len(mail.outbox) == 2
    assert ReminderOutbox.objects.count() == 2


def test_scan_submitted_unit_gets_nothing(reviews):
    reviews["xa-a"].status = ReviewStatus.SUBMITTED
    reviews["xa-a"].save()

    run_at(at(3, hours=1))

    assert recipients_of_outbox() == ["truong.xa-b@example.org"]


def test_send_skips_unit_that_submitted_after_the_scan(reviews):
    with time_machine.travel(at(3, hours=1), tick=False):
        reminders.scan()
        reviews["xa-a"].status = ReviewStatus.SUBMITTED
        reviews["xa-a"].save()
        sent = reminders.send_due()

    assert (sent.sent, sent.skipped) == (1, 1)
    assert recipients_of_outbox() == ["truong.xa-b@example.org"]
    assert ReminderOutbox.objects.get(target_id=reviews["xa-a"].pk).status == ReminderStatus.SKIPPED


@pytest.mark.parametrize("status", [ReviewStatus.DRAFT, ReviewStatus.RETURNED])
def test_scan_draft_or_returned_review_is_still_owed(reviews, status):
    reviews["xa-a"].status = status
    reviews["xa-a"].save()

    run_at(at(1, hours=1))

    assert recipients_of_outbox() == ["truong.xa-a@example.org", "truong.xa-b@example.org"]


def test_scan_extension_moves_the_windows(reviews):
    extended = DEADLINE + datetime.timedelta(days=10)
    reviews["xa-a"].extended_deadline = extended
    reviews["xa-a"].save()

    run_at(at(3, hours=1))
    assert recipients_of_outbox() == ["truong.xa-b@example.org"]

    mail.outbox.clear()
    run_at(at(-1, hours=1))  # the period's deadline has passed: xa-a's has not
    assert recipients_of_outbox() == ["truong.xa-b@example.org", "vanphong@example.org"]

    mail.outbox.clear()
    run_at(extended - datetime.timedelta(days=7, hours=-1))
    assert recipients_of_outbox() == ["truong.xa-a@example.org"]
    assert "Còn 7 ngày" in mail.outbox[0].body
    assert "10/07/2025 17:00" in mail.outbox[0].body
    assert ReminderOutbox.objects.filter(target_id=reviews["xa-a"].pk).get().deadline == extended


def test_send_skips_row_whose_deadline_was_extended_after_the_scan(reviews):
    with time_machine.travel(at(1, hours=1), tick=False):
        reminders.scan()
        reviews["xa-a"].extended_deadline = DEADLINE + datetime.timedelta(days=10)
        reviews["xa-a"].save()
        sent = reminders.send_due()

    assert (sent.sent, sent.skipped) == (1, 1)
    assert recipients_of_outbox() == ["truong.xa-b@example.org"]


def test_digest_groups_items_of_one_recipient_into_one_email(district, unit_head, period):
    other_period = make_period(period.movement, name="Báo cáo chuyên đề nông thôn mới")
    make_review(period, district.commune)
    make_review(other_period, district.commune)

    scanned, sent = run_at(at(3, hours=1))

    assert (scanned.queued, sent.emails, sent.sent) == (2, 1, 2)
    (message,) = mail.outbox
    assert message.to == ["truong.xa-a@example.org"]
    assert "Sơ kết 6 tháng đầu năm 2025" in message.body
    assert "Báo cáo chuyên đề nông thôn mới" in message.body
    assert message.subject == "[Songlo] Nhắc hạn: 2 việc cần hoàn thành"


def test_nothing_pending_sends_nothing(period, unit_head):
    scanned, sent = run_at(at(1, hours=1))

    assert (scanned.queued, sent.emails) == (0, 0)
    assert mail.outbox == []


def test_missed_windows_send_only_the_latest_once(reviews):
    # No scan ran during the 7-day window: at 2 days before, the 7 and 3 windows are both due.
    scanned, sent = run_at(at(2))

    assert {row[2] for row in rows()} == {3}
    assert (scanned.queued, sent.emails) == (2, 2)
    assert "Còn 2 ngày" in mail.outbox[0].body

    mail.outbox.clear()
    run_at(at(2) + datetime.timedelta(hours=3))
    assert mail.outbox == []


def test_missed_window_lapses_once_the_deadline_passed(reviews):
    # The 1-day window was missed and the deadline is past, the overdue window not yet open.
    scanned, sent = run_at(at(-0.5))

    assert (scanned.queued, sent.emails) == (0, 0)


def test_period_opened_late_sends_latest_window_once(district, unit_head):
    period = make_period(make_movement(district.district), offsets=[7, 3, 1, -1])
    make_review(period, district.commune)

    run_at(at(1, hours=1))

    assert [row[2] for row in rows()] == [1]


def test_closed_period_is_not_reminded(reviews, period):
    period.status = PeriodStatus.CLOSED
    period.save()

    scanned, _sent = run_at(at(1, hours=1))

    assert scanned.queued == 0


def test_custom_offsets_from_the_admin(district, unit_head):
    period = make_period(make_movement(district.district), offsets=[10, "x", 2])
    review = make_review(period, district.commune)

    run_at(at(10, hours=1))

    assert rows() == {("review", review.pk, 10, "truong.xa-a", "sent")}


def test_registration_not_made_is_reminded(district, unit_head, stranger):
    movement = make_movement(district.district, registration_deadline=DEADLINE)
    pending = make_registration(movement, district.commune)
    make_registration(movement, district.other_commune, status="registered")

    run_at(at(3, hours=1))

    assert rows() == {(ReminderKind.REGISTRATION, pending.pk, 3, "truong.xa-a", "sent")}
    assert "Đăng ký thi đua" in mail.outbox[0].body


def test_send_creates_one_notification_per_reminder(reviews, unit_head):
    run_at(at(3, hours=1))

    assert list(Notification.objects.filter(user=unit_head).values_list("text", flat=True)) == [
        "Báo cáo định kỳ “Sơ kết 6 tháng đầu năm 2025 – Phong trào thi đua năm 2025” của Xã A: "
        "còn 3 ngày, hạn 30/06/2025."
    ]


def test_recipient_without_email_gets_the_notification(reviews, unit_head):
    unit_head.email = ""
    unit_head.save()

    _scanned, sent = run_at(at(3, hours=1))

    assert (sent.emails, sent.sent) == (1, 2)
    assert Notification.objects.filter(user=unit_head).count() == 1


def test_message_id_is_stable_per_outbox_row(reviews):
    run_at(at(3, hours=1))

    row = ReminderOutbox.objects.get(recipient__username="truong.xa-a")
    message = next(m for m in mail.outbox if m.to == ["truong.xa-a@example.org"])
    assert message.extra_headers["Message-ID"] == row.message_id == reminders.message_id_for([row.pk])
    assert row.message_id.startswith(f"<songlo-reminder-{row.pk}-")


def test_send_again_requeues_failed_rows(reviews):
    run_at(at(3, hours=1))
    row = ReminderOutbox.objects.get(recipient__username="truong.xa-a")
    ReminderOutbox.objects.filter(pk=row.pk).update(status=ReminderStatus.FAILED, last_error="boom")
    mail.outbox.clear()

    with time_machine.travel(at(3, hours=2), tick=False):
        assert reminders.outbox_send_again(ids=[row.pk]) == 1
        sent = reminders.send_due()

    assert sent.sent == 1
    assert recipients_of_outbox() == ["truong.xa-a@example.org"]


def test_admin_send_again_action(admin_client, reviews):
    run_at(at(3, hours=1))
    row = ReminderOutbox.objects.get(recipient__username="truong.xa-a")
    ReminderOutbox.objects.filter(pk=row.pk).update(status=ReminderStatus.FAILED, last_error="boom")

    with time_machine.travel(at(3, hours=2)):
        response = admin_client.post(
            "/admin/campaigns/reminderoutbox/", {"action": "send_again", "_selected_action": [row.pk]}, follow=True
        )

    assert response.status_code == 200
    assert ReminderOutbox.objects.get(pk=row.pk).status == ReminderStatus.PENDING
    assert "Đã đưa 1 thư nhắc vào hàng chờ gửi lại." in response.content.decode()


def test_stale_claim_of_a_dead_worker_is_sent_after_the_lease(reviews, settings):
    settings.REMINDER_LEASE_SECONDS = 600
    moment = at(3, hours=1)
    with time_machine.travel(moment, tick=False):
        reminders.scan()
        token = reminders._claim(moment)  # a worker claimed, then died before sending
    assert ReminderOutbox.objects.filter(claim_token=token, status=ReminderStatus.SENDING).count() == 2

    _s, early = run_at(moment + datetime.timedelta(minutes=5))
    _s, late = run_at(moment + datetime.timedelta(minutes=11))

    assert (early.sent, late.sent) == (0, 2)
    assert len(mail.outbox) == 2


class _SlowSenderBackend(locmem.EmailBackend):
    """The mail server is so slow that the lease runs out while a digest is being handed over:
    another sender claims the rows meanwhile (11 minutes after a 10-minute lease)."""

    def send_messages(self, messages):
        reminders._claim(at(3, hours=1) + datetime.timedelta(minutes=11))
        return super().send_messages(messages)


def test_rows_another_sender_took_meanwhile_are_left_to_it_with_their_bell_rows(reviews, settings):
    settings.REMINDER_LEASE_SECONDS = 600
    settings.EMAIL_BACKEND = f"{__name__}._SlowSenderBackend"
    with time_machine.travel(at(3, hours=1), tick=False):
        reminders.scan()
        slow = reminders.send_due()

    assert (slow.emails, slow.sent) == (2, 0)  # handed over, but the rows are no longer its own
    assert Notification.objects.count() == 0
    assert set(ReminderOutbox.objects.values_list("status", flat=True)) == {ReminderStatus.SENDING}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _s, owner = run_at(at(3, hours=1) + datetime.timedelta(minutes=22))

    assert owner.sent == 2
    assert Notification.objects.count() == 2
    assert set(ReminderOutbox.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


def test_command_prints_queued_and_sent_then_nothing(reviews):
    first, second = StringIO(), StringIO()

    call_command("send_reminders", "--now", "2025-06-27T18:00", stdout=first)
    call_command("send_reminders", "--now", "2025-06-27T18:05", stdout=second)

    assert first.getvalue().strip() == (
        "Đã xếp hàng 2 nhắc hạn; đã gửi 2 nhắc hạn trong 2 thư (thử lại sau: 0, lỗi: 0, bỏ qua: 0)."
    )
    assert second.getvalue().strip() == (
        "Đã xếp hàng 0 nhắc hạn; đã gửi 0 nhắc hạn trong 0 thư (thử lại sau: 0, lỗi: 0, bỏ qua: 0)."
    )


def test_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--now", "hôm qua")


def test_latest_due_window_rules():
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(8)) is None
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(7)) == 7
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(0.5)) == 1
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(-0.5)) is None
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(-5)) == -1


def test_overdue_window_lapses_after_the_grace_days(settings):
    settings.REMINDER_OVERDUE_GRACE_DAYS = 7

    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(-7.5)) == -1
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1), at(-8.5)) is None
    assert reminders.latest_due_window(DEADLINE, (7, 3, 1, -1, -14), at(-20)) == -14


def test_seed_demo_then_send_reminders_twice_sends_none_the_second_time(demo):
    import re

    from campaigns.models import Review, ReviewPeriod

    period = ReviewPeriod.objects.open().get()
    # Units that have not submitted, with a head, and not moved past the 7-day window by an extension.
    owing = set(
        Review.objects.filter(period=period, status__in=["not_started", "draft", "returned"], extended_deadline=None)
        .values_list("unit__memberships__user__username", flat=True)
        .exclude(unit__memberships__user__username=None)
    )
    first, second = StringIO(), StringIO()

    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)

    queued, sent, emails = map(
        int, re.match(r"Đã xếp hàng (\d+) nhắc hạn; đã gửi (\d+) nhắc hạn trong (\d+) thư", first.getvalue()).groups()
    )
    # The seeded history's events (reviews returned, ballots waiting...) wanted by email go in the same digests.
    events = ReminderOutbox.objects.filter(notification__isnull=False, status=ReminderStatus.SENT).count()
    assert queued > 0 and sent == queued + events and emails > 0
    review_rows = ReminderOutbox.objects.filter(kind=ReminderKind.REVIEW, status=ReminderStatus.SENT)
    assert set(review_rows.values_list("recipient__username", flat=True)) == owing
    # At 08:00 on the day the demo was seeded the 7-day window is due, not yet the 3-day one.
    assert set(review_rows.values_list("offset_days", flat=True)) == {7}
    assert len(owing) == 15
    assert {address for message in mail.outbox for address in message.to} >= {f"{u}@songlo.example" for u in owing}
    assert second.getvalue().strip() == (
        "Đã xếp hàng 0 nhắc hạn; đã gửi 0 nhắc hạn trong 0 thư (thử lại sau: 0, lỗi: 0, bỏ qua: 0)."
    )


def test_beat_schedule_declares_the_reminder_tasks():
    from songlo.celery import app

    schedule = app.conf.beat_schedule

    assert schedule["reminders-scan"]["task"] == "campaigns.scan_reminders"
    assert schedule["reminders-scan"]["schedule"] == datetime.timedelta(minutes=15)
    assert schedule["reminders-send"]["task"] == "campaigns.send_reminders"
    assert {"options", "countdown", "eta"}.isdisjoint(schedule["reminders-scan"])
    # The daily digest of events: every morning at NOTIFY_DIGEST_HOUR, Hà Nội time.
    digest = schedule["notifications-digest"]
    assert digest["task"] == "campaigns.send_digests"
    assert (digest["schedule"].hour, digest["schedule"].minute) == ({7}, {0})
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"


def test_a_scan_hands_its_rows_to_as_many_send_passes_as_they_need(settings):
    settings.REMINDER_SENDERS = 8

    assert [reminders.senders_for(n) for n in (0, 1, 50, 51, 399, 400, 401, 10_000)] == [1, 1, 1, 2, 8, 8, 8, 8]
    settings.REMINDER_SENDERS = 3
    assert reminders.senders_for(10_000) == 3


def test_task_scan_reminders_in_process_queues_and_sends(reviews):
    from campaigns.tasks import task_scan_reminders

    with time_machine.travel(at(1, hours=1), tick=False):
        queued = task_scan_reminders.delay().get()

    assert queued == 2
    assert recipients_of_outbox() == ["truong.xa-a@example.org", "truong.xa-b@example.org"]
