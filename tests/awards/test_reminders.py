"""Reminders of the awards app with time frozen: nomination dossiers due before a movement's
dossier deadline, and council ballots not yet cast in an open session."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from awards.enums import NOMINATION_REMINDER, NominationStatus
from campaigns import reminders
from campaigns.enums import MovementStatus, ReminderKind, ReminderStatus
from campaigns.events import EVENT_KINDS
from campaigns.models import Notification, ReminderOutbox
from council import services as council_services
from council.enums import BALLOT_REMINDER
from council.models import AgendaItem
from council.reminders import BALLOT_DAYS
from organisation.enums import Role
from organisation.models import Membership
from tests.awards.factories import NominationFactory, PersonFactory, award
from tests.campaigns.reminder_setup import DEADLINE, at, make_movement, make_period, make_review
from tests.council.helpers import council, screened

pytestmark = pytest.mark.django_db


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        scanned = reminders.scan()
        sent = reminders.send_due()
    return scanned, sent


def reminder_rows():
    """The deadline reminders of the outbox (not the events' emails: tests/campaigns/test_events.py)."""
    return ReminderOutbox.objects.filter(notification__isnull=True)


def rows():
    return set(reminder_rows().values_list("kind", "target_id", "offset_days", "recipient__username", "status"))


def recipients_of_outbox():
    return sorted(address for message in mail.outbox for address in message.to)


def test_awards_sources_are_registered_in_the_scan():
    assert {NOMINATION_REMINDER, BALLOT_REMINDER} <= set(reminders.SOURCES.keys())
    assert reminders.SOURCES.get(NOMINATION_REMINDER).model._meta.label == "awards.Nomination"
    assert reminders.SOURCES.get(BALLOT_REMINDER).model._meta.label == "council.CouncilSession"


def test_outbox_kind_choices_are_the_registered_sources_with_their_labels():
    choices = [(value, str(label)) for value, label in ReminderOutbox._meta.get_field("kind").choices]

    # The reminder sources, then the event kinds (campaigns/events.py), each with its label.
    assert choices[:4] == [
        ("review", "Báo cáo định kỳ"),
        ("registration", "Đăng ký thi đua"),
        ("nomination", "Hồ sơ đề nghị khen thưởng"),
        ("ballot", "Phiếu biểu quyết Hội đồng"),
    ]
    assert choices[4:] == [(kind, str(event.label)) for kind, event in EVENT_KINDS.items()]
    assert ("ballot_waiting", "Có phiếu chờ biểu quyết") in choices
    assert ReminderOutbox(kind=BALLOT_REMINDER).get_kind_display() == "Phiếu biểu quyết Hội đồng"


def test_outbox_admin_filters_by_the_labels_of_the_sources(admin_client):
    body = admin_client.get("/admin/campaigns/reminderoutbox/").content.decode()

    assert '<a href="?kind__exact=nomination">Hồ sơ đề nghị khen thưởng</a>' in body
    assert '<a href="?kind__exact=ballot">Phiếu biểu quyết Hội đồng</a>' in body


# Nomination dossiers due -----------------------------------------------------------------------
@pytest.fixture
def movement(district):
    movement = make_movement(district.district, title="Phong trào “Sông Lô chung sức xây dựng nông thôn mới”")
    movement.dossier_deadline = DEADLINE
    movement.save()
    return movement


def dossier(unit, movement, status=NominationStatus.DRAFT, name="Nguyễn Thị Hoa"):
    person = PersonFactory(unit=unit, full_name=name)
    return NominationFactory(person=person, unit=unit, movement=movement, status=status)


@pytest.mark.parametrize("offset", [7, 3, 1])
def test_dossier_draft_is_reminded_to_the_unit_head_at_each_offset(movement, district, unit_head, office, offset):
    nomination = dossier(district.commune, movement)

    scanned, _sent = run_at(at(offset, hours=1))

    assert scanned.queued == 1
    assert rows() == {(NOMINATION_REMINDER, nomination.pk, offset, "truong.xa-a", "sent")}
    (message,) = mail.outbox
    assert message.to == ["truong.xa-a@example.org"]
    assert message.subject == "[Songlo] Nhắc hạn 30/06/2025: Hồ sơ đề nghị khen thưởng của Xã A"
    name = award("LDTT").name
    assert (
        f"1. Hồ sơ đề nghị khen thưởng: {name} năm 2024 – Nguyễn Thị Hoa "
        "(Phong trào “Sông Lô chung sức xây dựng nông thôn mới”)\n" in message.body
    )
    assert f"   Còn {offset} ngày\n" in message.body
    url = f"{settings.SITE_URL}/awards/nominations/{nomination.pk}/"
    assert f"   Hoàn thiện và nộp hồ sơ: {url}\n" in message.body
    assert ">Hoàn thiện và nộp hồ sơ</a>" in message.alternatives[0][0]


def test_dossier_returned_is_still_owed(movement, district, unit_head):
    nomination = dossier(district.commune, movement, status=NominationStatus.RETURNED)

    run_at(at(3, hours=1))

    assert rows() == {(NOMINATION_REMINDER, nomination.pk, 3, "truong.xa-a", "sent")}


@pytest.mark.parametrize("status", [NominationStatus.SUBMITTED, NominationStatus.SCREENED])
def test_dossier_already_submitted_gets_nothing(movement, district, unit_head, status):
    dossier(district.commune, movement, status=status)

    scanned, sent = run_at(at(3, hours=1))

    assert (scanned.queued, sent.emails) == (0, 0)
    assert mail.outbox == []


def test_dossier_submitted_after_the_scan_is_skipped(movement, district, unit_head, stranger):
    mine = dossier(district.commune, movement)
    dossier(district.other_commune, movement, name="Trần Văn Bình")
    with time_machine.travel(at(1, hours=1), tick=False):
        reminders.scan()
        mine.status = NominationStatus.SUBMITTED
        mine.save()
        sent = reminders.send_due()

    assert (sent.sent, sent.skipped) == (1, 1)
    assert recipients_of_outbox() == ["truong.xa-b@example.org"]
    assert ReminderOutbox.objects.get(target_id=mine.pk).status == ReminderStatus.SKIPPED


def test_dossier_deadline_moved_opens_new_windows(movement, district, unit_head):
    nomination = dossier(district.commune, movement)
    movement.dossier_deadline = DEADLINE + datetime.timedelta(days=10)
    movement.save()

    scanned, _sent = run_at(at(3, hours=1))
    assert scanned.queued == 0

    run_at(movement.dossier_deadline - datetime.timedelta(days=7, hours=-1))
    assert rows() == {(NOMINATION_REMINDER, nomination.pk, 7, "truong.xa-a", "sent")}
    assert "   Hạn: 10/07/2025 17:00\n" in mail.outbox[0].body


def test_dossier_deadline_moved_after_the_scan_is_skipped(movement, district, unit_head):
    dossier(district.commune, movement)
    with time_machine.travel(at(1, hours=1), tick=False):
        reminders.scan()
        movement.dossier_deadline = DEADLINE + datetime.timedelta(days=10)
        movement.save()
        sent = reminders.send_due()

    assert (sent.sent, sent.skipped, sent.emails) == (0, 1, 0)


def test_dossier_after_the_deadline_gets_nothing_and_no_office_copy(movement, district, unit_head, office):
    dossier(district.commune, movement)

    scanned, sent = run_at(at(-1, hours=1))

    assert (scanned.queued, sent.emails) == (0, 0)


def test_dossier_of_a_closed_movement_or_without_movement_gets_nothing(movement, district, unit_head):
    dossier(district.commune, movement)
    dossier(district.commune, None, name="Lê Văn Cường")
    movement.status = MovementStatus.CLOSED
    movement.save()

    scanned, _sent = run_at(at(3, hours=1))

    assert scanned.queued == 0


def test_dossier_scan_twice_sends_once(movement, district, unit_head):
    dossier(district.commune, movement)

    run_at(at(3, hours=1))
    scanned, sent = run_at(at(3, hours=2))

    assert (scanned.queued, sent.emails) == (0, 0)
    assert len(mail.outbox) == 1


# Council ballots not yet cast ------------------------------------------------------------------
OPENED = datetime.datetime(2025, 3, 10, 8, 30, tzinfo=DEADLINE.tzinfo)


@pytest.fixture
def ballot(district, office, chair):
    """A session of chair, hoidong1, hoidong2 (present) and hoidong3 (absent), opened at OPENED,
    with two agenda items; the chair has voted on both."""
    members = council(district.district, chair, 4)
    nominations = [screened(district.commune, "LDTT"), screened(district.commune, "LDTT")]
    with time_machine.travel(OPENED, tick=False):
        session = council_services.session_plan(
            actor=office,
            body=district.district,
            title="Phiên họp Hội đồng TĐKT huyện",
            date=OPENED,
            place="Hội trường UBND huyện",
            nominations=nominations,
        )
        session = council_services.session_open(
            actor=chair, session=session, present_user_ids=[u.pk for u in members[:3]]
        )
    items = list(AgendaItem.objects.filter(session=session).order_by("order"))
    for item in items:
        council_services.ballot_cast(actor=chair, item=item, choice="agree")
    council_services.ballot_cast(actor=members[1], item=items[0], choice="agree")
    # The members were told at the opening (an event, emailed at once): that email is not a reminder.
    with time_machine.travel(OPENED, tick=False):
        reminders.send_due()
    mail.outbox.clear()
    return session, items, members


def after_opening(hours: float) -> datetime.datetime:
    return OPENED + datetime.timedelta(hours=hours)


def test_ballot_not_cast_is_reminded_a_day_after_opening(ballot):
    session, _items, _members = ballot

    early, _ = run_at(after_opening(23))
    assert early.queued == 0

    scanned, sent = run_at(after_opening(25))

    assert rows() == {
        (BALLOT_REMINDER, session.pk, 1, "hoidong1", "sent"),
        (BALLOT_REMINDER, session.pk, 1, "hoidong2", "sent"),
    }
    assert (scanned.queued, sent.emails) == (2, 2)
    message = next(m for m in mail.outbox if m.to == ["hoidong1@example.org"])
    assert message.subject == "[Songlo] Nhắc hạn 12/03/2025: Phiếu biểu quyết Hội đồng của Huyện Thử"
    assert "1. Phiếu biểu quyết Hội đồng: Phiên họp Hội đồng TĐKT huyện (10/03/2025)\n" in message.body
    assert "   Hạn: 12/03/2025 08:30\n" in message.body
    assert "   Còn 1 ngày\n" in message.body
    assert f"   Bỏ phiếu: {settings.SITE_URL}/council/sessions/{session.pk}/\n" in message.body
    assert ">Bỏ phiếu</a>" in message.alternatives[0][0]
    assert Notification.objects.filter(user__username="hoidong2", key="").count() == 1


def test_ballot_deadline_is_the_opening_plus_ballot_days(ballot):
    _session, _items, _members = ballot

    run_at(after_opening(25))

    assert set(reminder_rows().values_list("deadline", flat=True)) == {OPENED + datetime.timedelta(days=BALLOT_DAYS)}


def test_ballot_all_cast_gets_nothing(ballot):
    _session, items, members = ballot
    council_services.ballot_cast(actor=members[1], item=items[1], choice="disagree")
    for item in items:
        council_services.ballot_cast(actor=members[2], item=item, choice="agree")

    scanned, sent = run_at(after_opening(25))

    assert (scanned.queued, sent.emails) == (0, 0)


def test_ballot_absent_member_is_not_reminded(ballot):
    run_at(after_opening(25))

    assert "hoidong3" not in {row[3] for row in rows()}


def test_ballot_cast_after_the_scan_is_skipped_for_that_member_only(ballot):
    _session, items, members = ballot
    with time_machine.travel(after_opening(25), tick=False):
        reminders.scan()
        council_services.ballot_cast(actor=members[1], item=items[1], choice="agree")
        sent = reminders.send_due()

    assert (sent.sent, sent.skipped) == (1, 1)
    assert recipients_of_outbox() == ["hoidong2@example.org"]
    assert reminder_rows().get(recipient=members[1]).status == ReminderStatus.SKIPPED


def test_ballot_session_closed_gets_nothing(ballot, chair):
    session, _items, _members = ballot
    council_services.session_close(actor=chair, session=session)

    scanned, sent = run_at(after_opening(25))

    assert (scanned.queued, sent.emails) == (0, 0)


def test_ballot_session_closed_after_the_scan_is_skipped(ballot, chair):
    session, _items, _members = ballot
    with time_machine.travel(after_opening(25), tick=False):
        reminders.scan()
        council_services.session_close(actor=chair, session=session)
        sent = reminders.send_due()

    assert (sent.sent, sent.skipped, sent.emails) == (0, 2, 0)


def test_ballot_items_counted_on_paper_are_not_owed(district, office, chair):
    members = council(district.district, chair, 3)
    with time_machine.travel(OPENED, tick=False):
        session = council_services.session_plan(
            actor=office,
            body=district.district,
            title="Phiên họp Hội đồng TĐKT huyện",
            date=OPENED,
            place="Hội trường UBND huyện",
            nominations=[screened(district.commune, "LDTT")],
        )
        council_services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members])
    council_services.ballot_enter_paper(actor=office, item=session.items.get(), agree=3, disagree=0)

    scanned, _sent = run_at(after_opening(25))

    assert scanned.queued == 0


def test_ballot_twice_and_after_the_deadline_sends_once(ballot):
    run_at(after_opening(25))
    run_at(after_opening(26))
    scanned, sent = run_at(after_opening(24 * BALLOT_DAYS + 5))

    assert (scanned.queued, sent.emails) == (0, 0)
    assert len(mail.outbox) == 2


# One digest across kinds -----------------------------------------------------------------------
def test_digest_lists_review_dossier_and_ballot_in_one_email(district, office, chair, unit_head, movement):
    """A commune head who also sits on the district council gets one email with the three kinds."""
    Membership.objects.create(user=unit_head, unit=district.district, role=Role.COUNCIL_MEMBER)
    make_review(make_period(movement), district.commune)
    dossier(district.commune, movement)
    opened_at = DEADLINE - datetime.timedelta(days=4)
    with time_machine.travel(opened_at, tick=False):
        session = council_services.session_plan(
            actor=office,
            body=district.district,
            title="Phiên họp Hội đồng TĐKT huyện",
            date=opened_at,
            place="Hội trường UBND huyện",
            nominations=[screened(district.other_commune, "LDTT")],
        )
        council_services.session_open(actor=chair, session=session, present_user_ids=[chair.pk, unit_head.pk])

    _scanned, _sent = run_at(at(3, hours=1))

    mine = [m for m in mail.outbox if m.to == ["truong.xa-a@example.org"]]
    assert len(mine) == 1
    body = mine[0].body
    # The opening of the session (an event, not yet sent: no worker ran since) goes in the same email.
    assert mine[0].subject == "[Songlo] 4 thông báo mới"
    assert "Phiên họp “Phiên họp Hội đồng TĐKT huyện” đã khai mạc: 1 hồ sơ chờ phiếu biểu quyết của bạn." in body
    assert "Báo cáo định kỳ: Sơ kết 6 tháng đầu năm 2025" in body
    assert "Hồ sơ đề nghị khen thưởng: " in body
    assert "Phiếu biểu quyết Hội đồng: Phiên họp Hội đồng TĐKT huyện" in body
    assert {row[0] for row in rows() if row[3] == "truong.xa-a"} == {
        ReminderKind.REVIEW,
        NOMINATION_REMINDER,
        BALLOT_REMINDER,
    }
