"""Events people are told about (campaigns/events.py): every kind through the real transition of
its service, for each way of being told (in the app only, email at once, the daily digest)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import AuditEvent
from awards import services as awards_services
from awards.enums import NominationStatus
from campaigns import events, reminders, services
from campaigns.enums import NotifyChannel, ReminderStatus
from campaigns.events import EVENT_KINDS, digest_release, event_emit, notification_preferences_set
from campaigns.models import Notification, NotificationPreference, Registration, ReminderOutbox
from campaigns.tasks import task_send_digests
from council import services as council_services
from songlo.exceptions import DomainError
from tests.awards.factories import NominationFactory, PersonFactory, award
from tests.campaigns.conftest import full_content, full_scores, make_movement
from tests.council.helpers import council, item_of, notice_over, opened, planned, screened, vote_all

pytestmark = pytest.mark.django_db


# --- Each kind: how its recipient is found, and the transition that tells them ---------------
def _cycle(f):
    return f.request.getfixturevalue("cycle")


def _submitted(f):
    cycle = _cycle(f)
    services.review_submit(actor=f.unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))
    return cycle


def movement_launched(f):
    movement = make_movement(f.office, f.district)

    def act():
        services.movement_launch(actor=f.office, movement=movement, units=[f.district.commune])

    return f.unit_head, act, "Phong trào “Phong trào thi đua yêu nước năm 2025” đã được phát động"


def period_opened(f):
    movement = make_movement(f.office, f.district)
    services.movement_launch(actor=f.office, movement=movement, units=[f.district.commune])
    period = services.period_create(
        actor=f.office,
        movement=movement,
        data={
            "name": "Sơ kết quý III",
            "kind": "so_ket",
            "opens_at": datetime.datetime(2030, 7, 1, tzinfo=datetime.UTC),
            "deadline": datetime.datetime(2030, 9, 30, 10, tzinfo=datetime.UTC),
        },
    )
    services.period_set_criteria(
        actor=f.office, period=period, rows=[{"group": "A", "name": "Tiêu chí", "max_points": 100, "weight": 100}]
    )

    def act():
        services.period_open(actor=f.office, period=period)

    return (
        f.unit_head,
        act,
        "Kỳ báo cáo “Sơ kết quý III” (Phong trào thi đua yêu nước năm 2025) đã mở, hạn nộp 30/09/2030",
    )


def registration_ok(f):
    movement = make_movement(f.office, f.district, registration_deadline=None)
    services.movement_launch(actor=f.office, movement=movement, units=[f.district.commune])
    registration = Registration.objects.get(movement=movement, unit=f.district.commune)

    def act():
        services.registration_submit(actor=f.unit_head, registration=registration, data={"pledge": "Phấn đấu"})

    return (
        f.unit_head,
        act,
        "Đăng ký thi đua của Xã A cho phong trào “Phong trào thi đua yêu nước năm 2025” đã được ghi nhận",
    )


def registration_back(f):
    movement = make_movement(f.office, f.district, registration_deadline=None)
    services.movement_launch(actor=f.office, movement=movement, units=[f.district.commune])
    registration = Registration.objects.get(movement=movement, unit=f.district.commune)
    services.registration_submit(actor=f.unit_head, registration=registration, data={})

    def act():
        services.registration_reopen(
            actor=f.office, registration=registration, reason="Ghi thiếu chỉ tiêu thu ngân sách"
        )

    return f.unit_head, act, "được mở lại để sửa: Ghi thiếu chỉ tiêu thu ngân sách"


def review_returned(f):
    cycle = _submitted(f)

    def act():
        services.review_return(actor=f.office, review=cycle.review, comment="Bổ sung số liệu thu ngân sách")

    return f.unit_head, act, "Báo cáo “Sơ kết 6 tháng đầu năm 2025” của Xã A bị trả lại để sửa: Bổ sung số liệu"


def review_accepted(f):
    cycle = _submitted(f)

    def act():
        services.review_accept(actor=f.office, review=cycle.review, office_scores=full_scores(cycle))

    return f.unit_head, act, "Báo cáo “Sơ kết 6 tháng đầu năm 2025” của Xã A đã được tiếp nhận."


def review_late(f):
    cycle = _cycle(f)

    def act():
        services.period_remind_late(actor=f.office, period=cycle.period)

    return f.unit_head, act, "Thường trực thi đua nhắc: đơn vị của bạn chưa nộp báo cáo “Sơ kết 6 tháng đầu năm 2025”"


def nomination_returned(f):
    nomination = screened(f.district.commune, "LDTT")

    def act():
        awards_services.nomination_return(actor=f.office, nomination=nomination, reason="Thiếu bản thành tích")

    return f.unit_head, act, "bị trả lại: Thiếu bản thành tích"


def nomination_screened(f):
    nomination = NominationFactory(
        person=PersonFactory(unit=f.district.commune), award_type=award("LDTT"), status=NominationStatus.SUBMITTED
    )

    def act():
        awards_services.nomination_screen(actor=f.office, nomination=nomination, override_reason="Đã xác minh")

    return f.unit_head, act, "đã được xác nhận hợp lệ, chờ Hội đồng xét"


def _voted(f, agree: int):
    nomination = screened(f.district.commune, "LDTT")
    members = council(f.district.district, f.chair, 3)
    session = opened(f.office, f.chair, f.district.district, [nomination], members)
    vote_all(item_of(session, nomination), members, agree)

    def act():
        council_services.session_close(actor=f.chair, session=session)

    return nomination, session, act


def nomination_approved(f):
    _nomination, _session, act = _voted(f, 3)
    return f.unit_head, act, "Hội đồng Thi đua - Khen thưởng đã thông qua hồ sơ đề nghị “Lao động tiên tiến”"


def nomination_rejected(f):
    _nomination, _session, act = _voted(f, 0)
    return f.unit_head, act, "Hội đồng Thi đua - Khen thưởng không thông qua hồ sơ đề nghị “Lao động tiên tiến”"


def decision_issued(f):
    nomination, session, close = _voted(f, 3)
    close()
    notice_over(session)

    def act():
        council_services.decision_issue(
            actor=f.office,
            body=f.district.district,
            number="125/QĐ-UBND",
            date=datetime.date(2025, 3, 20),
            signer_name="Nguyễn Văn Chủ",
            signer_title="Chủ tịch",
            summary="Về việc tặng danh hiệu thi đua năm 2024",
            nominations=[nomination],
            session=session,
        )

    return f.unit_head, act, "Quyết định số 125/QĐ-UBND ngày 20/03/2025 đã được ban hành: khen thưởng 1 hồ sơ của Xã A."


def objection_filed(f):
    nomination, _session, close = _voted(f, 3)
    close()

    def act():
        council_services.objection_submit(
            nomination=nomination, name="Trần Văn Dân", contact="0912345678", text="Thành tích kê khai chưa đúng."
        )

    return f.office, act, "về hồ sơ đang công khai"


def ballot_waiting(f):
    members = council(f.district.district, f.chair, 3)
    session = planned(f.office, f.district.district, [screened(f.district.commune, "LDTT")])

    def act():
        council_services.session_open(actor=f.chair, session=session, present_user_ids=[u.pk for u in members])

    return members[1], act, "Phiên họp “Phiên họp Hội đồng TĐKT” đã khai mạc: 1 hồ sơ chờ phiếu biểu quyết của bạn."


def title_registration_returned(f):
    from awards import registrations

    person = PersonFactory(unit=f.district.commune)
    registration = registrations.register_title(
        actor=f.unit_head, unit=f.district.commune, year=2025, award=award("LDTT"), subject=person
    )

    def act():
        registrations.return_registrations(
            actor=f.office, registrations=[registration], reason="Chưa có kết quả xếp loại năm trước."
        )

    return f.unit_head, act, "Đăng ký “Lao động tiên tiến” năm 2025"


SCENARIOS = {
    "movement_launched": movement_launched,
    "period_opened": period_opened,
    "registration_ok": registration_ok,
    "registration_back": registration_back,
    "review_returned": review_returned,
    "review_accepted": review_accepted,
    "review_late": review_late,
    "nomination_returned": nomination_returned,
    "nomination_screened": nomination_screened,
    "nomination_approved": nomination_approved,
    "nomination_rejected": nomination_rejected,
    "decision_issued": decision_issued,
    "objection_filed": objection_filed,
    "ballot_waiting": ballot_waiting,
    "title_reg_returned": title_registration_returned,
}


@pytest.fixture
def f(request, district, office, unit_head, chair):
    return SimpleNamespace(request=request, district=district, office=office, unit_head=unit_head, chair=chair)


def mails_to(user, text):
    return [m for m in mail.outbox if m.to == [user.email] and text in m.body]


def test_every_registered_kind_has_a_scenario():
    assert set(SCENARIOS) == set(EVENT_KINDS.keys())


@pytest.mark.parametrize("channel", NotifyChannel.values)
@pytest.mark.parametrize("kind", SCENARIOS)
def test_event_reaches_the_bell_and_the_mail_as_chosen(f, kind, channel):
    recipient, act, text = SCENARIOS[kind](f)
    notification_preferences_set(actor=recipient, channels={kind: channel})
    mail.outbox.clear()

    act()

    bell = Notification.objects.filter(user=recipient, key__startswith=f"{kind}:")
    assert bell.count() == 1
    assert text in bell.get().text
    reminders.send_due()
    if channel == NotifyChannel.IMMEDIATE:
        (message,) = mails_to(recipient, text)
        assert bell.get().link in message.body
    else:
        assert mails_to(recipient, text) == []
    task_send_digests()
    expected = 0 if channel == NotifyChannel.IN_APP else 1
    assert len(mails_to(recipient, text)) == expected
    # Sent (or never meant to be mailed): nothing more, whatever runs again.
    count = len(mail.outbox)
    task_send_digests()
    reminders.send_due()
    assert len(mail.outbox) == count
    assert ReminderOutbox.objects.filter(notification__in=bell, status=ReminderStatus.SENT).count() == expected


def test_emitting_the_same_event_twice_writes_once(f):
    recipient, act, _text = review_returned(f)
    act()
    review = f.request.getfixturevalue("cycle").review
    version = review.__class__.objects.get(pk=review.pk).version

    again = event_emit(
        kind="review_returned", target=review, event_id=version, recipients=[recipient.pk], text="Lần nữa"
    )

    assert again == 0
    assert Notification.objects.filter(user=recipient, key__startswith="review_returned:").count() == 1
    assert ReminderOutbox.objects.filter(kind="review_returned").count() == 1


def test_a_rolled_back_transition_tells_nobody(f):
    recipient, act, _text = review_returned(f)

    with pytest.raises(RuntimeError), transaction.atomic():
        act()
        raise RuntimeError("the request failed after the service")

    assert not Notification.objects.filter(user=recipient, key__startswith="review_returned:").exists()
    assert not ReminderOutbox.objects.filter(kind="review_returned").exists()


def test_the_actor_is_not_told_of_what_they_did(f, district, office):
    """The office member who is also head of the commune does not hear of their own return."""
    from organisation.enums import Role
    from organisation.models import Membership

    Membership.objects.create(user=office, unit=district.commune, role=Role.UNIT_HEAD)
    recipient, act, _text = review_returned(f)
    act()

    assert Notification.objects.filter(user=recipient, key__startswith="review_returned:").count() == 1
    assert not Notification.objects.filter(user=office, key__startswith="review_returned:").exists()


def test_immediate_email_is_queued_after_the_commit(f, django_capture_on_commit_callbacks):
    recipient, act, text = review_returned(f)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act()

    assert len(callbacks) == 1
    assert len(mails_to(recipient, text)) == 1  # the eager task sent it (no broker in tests)


def test_digest_lists_every_held_event_in_one_email_and_runs_twice_safely(f, stranger):
    cycle = _submitted(f)
    services.review_submit(actor=stranger, review=cycle.other_review, content=full_content(), scores=full_scores(cycle))
    # The head of xa-a also heads xa-b: two events, one digest.
    from organisation.enums import Role
    from organisation.models import Membership

    Membership.objects.create(user=f.unit_head, unit=f.district.other_commune, role=Role.UNIT_HEAD)
    notification_preferences_set(actor=f.unit_head, channels={"review_returned": NotifyChannel.DIGEST})
    mail.outbox.clear()
    services.review_return(actor=f.office, review=cycle.review, comment="Thiếu số liệu A")
    services.review_return(actor=f.office, review=cycle.other_review, comment="Thiếu số liệu B")
    reminders.send_due()
    assert mails_to(f.unit_head, "Thiếu số liệu") == []

    # Both returns, and the launch and the opening of the period (digest by default), for both heads.
    assert digest_release() == 6
    assert digest_release() == 0
    reminders.send_due()

    (digest,) = [m for m in mail.outbox if m.to == [f.unit_head.email]]
    assert digest.subject == "[Songlo] 4 thông báo mới"
    assert "Thiếu số liệu A" in digest.body and "Thiếu số liệu B" in digest.body
    assert "Thiếu số liệu A" in digest.alternatives[0][0]
    task_send_digests()
    assert len([m for m in mail.outbox if m.to == [f.unit_head.email]]) == 1


def test_held_rows_wait_for_the_digest_not_the_every_minute_send(f):
    recipient, act, _text = review_accepted(f)  # digest by default
    act()

    reminders.send_due()

    row = ReminderOutbox.objects.get(kind="review_accepted", recipient=recipient)
    assert row.status == ReminderStatus.HELD
    assert not NotificationPreference.objects.filter(user=recipient).exists()


# --- Preferences ------------------------------------------------------------------------
PREFS = "/notifications/preferences/"


def test_preferences_page_shows_defaults_and_saves_per_user(client_for, unit_head, stranger):
    client = client_for("unit_head")
    body = client.get(PREFS).content.decode()
    assert 'data-testid="preference-review_returned"' in body
    assert 'id="pref-review_returned-immediate" value="immediate" checked' in body

    response = client.post(PREFS, {"review_returned": "digest", "ballot_waiting": "in_app"})

    assert response.status_code == 302
    assert events.preferences_of(unit_head)["review_returned"] == "digest"
    assert events.preferences_of(unit_head)["ballot_waiting"] == "in_app"
    assert events.preferences_of(stranger)["review_returned"] == "immediate"
    assert AuditEvent.objects.filter(action="notification.preferences", actor=unit_head).count() == 1


def test_preferences_refuse_nonsense_and_change_nothing(client_for, unit_head):
    response = client_for("unit_head").post(PREFS, {"review_returned": "pigeon"}, follow=True)

    assert "Loại thông báo hoặc cách nhận không hợp lệ." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_preferences_list_the_roles_kinds_first(client_for):
    body = client_for("council_member").get(PREFS).content.decode()

    mine, others = body.split("Các loại khác")
    assert "preference-ballot_waiting" in mine
    assert "preference-review_returned" in others


def test_preferences_are_reachable_from_the_bell(client_for):
    assert PREFS in client_for("unit_head").get("/notifications/").content.decode()


def test_preferences_anonymous_redirects_to_login(client_for):
    assert client_for("anonymous").get(PREFS).status_code == 302


# --- The office's one-click reminder ---------------------------------------------------------
def remind_url(period):
    return f"/periods/{period.pk}/remind/"


def test_remind_late_reaches_exactly_the_late_units_heads(cycle, client_for, unit_head, stranger, office):
    services.review_submit(actor=stranger, review=cycle.other_review, content=full_content(), scores=full_scores(cycle))
    mail.outbox.clear()

    response = client_for("office").post(remind_url(cycle.period), follow=True)

    assert "Đã nhắc 1 đơn vị chưa nộp báo cáo (1 người nhận)." in response.content.decode()
    told = Notification.objects.filter(key__startswith="review_late:")
    assert list(told.values_list("user__username", flat=True)) == ["truong.xa-a"]
    reminders.send_due()
    assert [m.to for m in mail.outbox] == [[unit_head.email]]
    audit = AuditEvent.objects.get(action="period.remind_late")
    assert (audit.actor, audit.data["units"], audit.data["recipients"]) == (office, 1, 1)
    # The dashboard says who sent it, when, to how many units.
    body = client_for("office").get(f"/periods/{cycle.period.pk}/").content.decode()
    assert 'data-testid="late-reminders"' in body
    assert f"09:00 20/06/2025, {office.full_name}, 1 đơn vị" in body
    assert 'data-testid="remind-late"' in body and "data-confirm=" in body


def test_remind_late_is_refused_within_the_hours_then_allowed(cycle, frozen, client_for, settings):
    settings.NOTIFY_REMIND_LATE_HOURS = 24
    client = client_for("office")
    client.post(remind_url(cycle.period))

    frozen.shift(datetime.timedelta(hours=23))
    client = client_for("office")  # a new day, a new session
    response = client.post(remind_url(cycle.period), follow=True)

    body = response.content.decode()
    assert (
        "Đã nhắc các đơn vị chưa nộp lúc 09:00 20/06/2025; mỗi kỳ báo cáo chỉ nhắc một lần trong 24 giờ, "
        "có thể nhắc lại từ 09:00 21/06/2025."
    ) in body
    assert AuditEvent.objects.filter(action="period.remind_late").count() == 1
    assert Notification.objects.filter(key__startswith="review_late:").count() == 2  # the first click's

    frozen.shift(datetime.timedelta(hours=2))
    client_for("office").post(remind_url(cycle.period))
    assert AuditEvent.objects.filter(action="period.remind_late").count() == 2
    assert Notification.objects.filter(key__startswith="review_late:").count() == 4


def test_remind_late_with_everyone_submitted_is_refused(cycle, unit_head, stranger, office):
    for head, review in ((unit_head, cycle.review), (stranger, cycle.other_review)):
        services.review_submit(actor=head, review=review, content=full_content(), scores=full_scores(cycle))

    with pytest.raises(DomainError, match="không còn đơn vị nào để nhắc"):
        services.period_remind_late(actor=office, period=cycle.period)
    assert not AuditEvent.objects.filter(action="period.remind_late").exists()


@pytest.mark.parametrize("name", ["unit_head", "council_member", "chair"])
def test_remind_late_only_by_the_office_of_the_period(cycle, client_for, name):
    response = client_for(name).post(remind_url(cycle.period))

    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="period.remind_late").exists()
    assert not Notification.objects.filter(key__startswith="review_late:").exists()


def test_remind_late_refused_to_another_districts_office(cycle):
    from organisation.enums import Role
    from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

    other = UserFactory(username="vanphong.khac")
    MembershipFactory(user=other, unit=OrgUnitFactory(code="huyen-khac", name="Huyện Khác"), role=Role.OFFICE)

    from songlo.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        services.period_remind_late(actor=other, period=cycle.period)


def test_remind_late_on_a_closed_period_is_refused(cycle, office):
    services.period_close(actor=office, period=cycle.period)

    with pytest.raises(DomainError, match="đang mở"):
        services.period_remind_late(actor=office, period=cycle.period)


def test_preferences_page_queries_do_not_grow_with_stored_choices(client_for, unit_head):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("unit_head")
    client.get(PREFS)
    with CaptureQueriesContext(connection) as none_stored:
        client.get(PREFS)
    notification_preferences_set(
        actor=unit_head, channels={kind: NotifyChannel.IN_APP for kind, _event in EVENT_KINDS.items()}
    )
    with CaptureQueriesContext(connection) as all_stored:
        body = client.get(PREFS).content.decode()

    assert len(none_stored) == len(all_stored)
    assert body.count('value="in_app" checked') == len(EVENT_KINDS)


def test_dashboard_queries_do_not_grow_with_the_reminders_sent(cycle, client_for, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.services import audit_record

    client = client_for("office")
    url = f"/periods/{cycle.period.pk}/"
    services.period_remind_late(actor=office, period=cycle.period)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(6):
        audit_record(actor=office, action="period.remind_late", target=cycle.period, units=2, recipients=2)
    with CaptureQueriesContext(connection) as seven:
        body = client.get(url).content.decode()

    assert len(one) == len(seven)
    assert body.count(f"{office.full_name}, 2 đơn vị") == 5  # the last five
