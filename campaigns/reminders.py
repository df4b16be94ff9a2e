"""Deadline reminders: a scan writes the outbox, a sender claims and mails it.

Reminders are stored state. The scan computes, from the stored deadlines and offsets, the
latest window of each pending item that is due now and writes one outbox row per recipient
under a unique constraint; running it twice, or two at once, writes nothing more. The sender
claims rows with a conditional UPDATE (pending -> sending, with a token), sends one digest per
recipient on one SMTP connection, and marks the digest's rows sent right after it went out.
A worker killed between the send and the mark leaves that one digest in ``sending``: after
the lease it is claimed again and may repeat; every other claimed row was not yet sent.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import (
    REVIEW_PENDING,
    MovementStatus,
    PeriodStatus,
    RegistrationStatus,
    ReminderKind,
    ReminderStatus,
)
from campaigns.models import Notification, Registration, ReminderOutbox, Review
from campaigns.models.cycle import default_reminder_offsets
from organisation.enums import Role
from organisation.models import Membership
from songlo.mail import absolute_url, build_email, site_domain
from songlo.registry import Registry

logger = logging.getLogger(__name__)

EMAIL_TEMPLATE = "reminder"
# An email with events (alone, or with reminders due at the same time): campaigns/events.py.
EVENT_TEMPLATE = "notification"
# Recipients whose rows one claim takes; each digest is still marked sent on its own.
CLAIM_RECIPIENTS = 50
BULK_SIZE = 1000


# --- What is reminded -------------------------------------------------------------------


@dataclass(frozen=True)
class PendingItem:
    """Something a unit still owes, with the deadline that applies to it."""

    kind: str
    target_id: int
    unit_id: int
    unit_path: str
    owner_path: str  # the body that set the deadline: its office gets the overdue copies
    deadline: datetime.datetime
    offsets: tuple[int, ...]
    # Who is reminded: None for the unit's heads (and the office on overdue windows); a source
    # whose item is owed by named people (council ballots) lists their user ids instead.
    recipients: frozenset[int] | None = None


@dataclass
class ItemView:
    """What an email or a notification says about one item, read when sending."""

    kind: str
    kind_label: str
    title: str
    unit_name: str
    deadline: datetime.datetime
    url: str
    days_left: int = 0
    # What the link asks the reader to do (the digest's last column).
    action_label: str = ""
    # Recipients who still owe the item, for items owed person by person (None: everyone).
    owed_by: frozenset[int] | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left


def target_url(obj) -> str:
    # The item's own page when its app defines one; the home task list otherwise.
    try:
        path = obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        path = reverse("home")
    return absolute_url(path)


class ReviewSource:
    kind = ReminderKind.REVIEW
    label = ReminderKind.REVIEW.label
    model = Review

    def pending_items(self) -> Iterator[PendingItem]:
        rows = (
            Review.objects.pending()
            .filter(period__status=PeriodStatus.OPEN)
            .with_deadline()
            .values_list(
                "pk",
                "unit_id",
                "unit__path",
                "period__movement__owner__path",
                "effective_deadline",
                "period__reminder_offsets",
            )
        )
        for pk, unit_id, unit_path, owner_path, deadline, offsets in rows.iterator(chunk_size=2000):
            yield PendingItem(self.kind, pk, unit_id, unit_path, owner_path, deadline, clean_offsets(offsets))

    def views(self, ids: Iterable[int]) -> dict[int, tuple[bool, ItemView]]:
        """For each id: (still pending, what to say). Missing ids were deleted."""
        result = {}
        reviews = Review.objects.filter(pk__in=list(ids)).select_related("unit", "period", "period__movement")
        for review in reviews:
            pending = review.status in REVIEW_PENDING and review.period.status == PeriodStatus.OPEN
            result[review.pk] = (
                pending,
                ItemView(
                    kind=self.kind,
                    kind_label=str(self.label),
                    title=f"{review.period.name} – {review.period.movement.title}",
                    unit_name=review.unit.name,
                    deadline=review.deadline,
                    url=target_url(review),
                ),
            )
        return result


REGISTRATION_PENDING = (RegistrationStatus.PENDING, RegistrationStatus.REOPENED)


class RegistrationSource:
    kind = ReminderKind.REGISTRATION
    label = ReminderKind.REGISTRATION.label
    model = Registration

    def pending_items(self) -> Iterator[PendingItem]:
        # Movements carry no offsets of their own: registrations use the default ones.
        offsets = tuple(default_reminder_offsets())
        rows = Registration.objects.filter(
            status__in=REGISTRATION_PENDING,
            movement__status=MovementStatus.LAUNCHED,
            movement__registration_deadline__isnull=False,
        ).values_list("pk", "unit_id", "unit__path", "movement__owner__path", "movement__registration_deadline")
        for pk, unit_id, unit_path, owner_path, deadline in rows.iterator(chunk_size=2000):
            yield PendingItem(self.kind, pk, unit_id, unit_path, owner_path, deadline, offsets)

    def views(self, ids: Iterable[int]) -> dict[int, tuple[bool, ItemView]]:
        result = {}
        for reg in Registration.objects.filter(pk__in=list(ids)).select_related("unit", "movement"):
            pending = (
                reg.status in REGISTRATION_PENDING
                and reg.movement.status == MovementStatus.LAUNCHED
                and reg.movement.registration_deadline is not None
            )
            result[reg.pk] = (
                pending,
                ItemView(
                    kind=self.kind,
                    kind_label=str(self.label),
                    title=reg.movement.title,
                    unit_name=reg.unit.name,
                    deadline=reg.movement.registration_deadline,
                    url=target_url(reg),
                ),
            )
        return result


# What is reminded, by kind. Apps above campaigns add their sources, of kinds they declare
# themselves, with ``register_source`` from their AppConfig.ready(). A source has ``kind`` (the
# outbox's kind, at most 20 characters), ``label`` (what the kind is called: the admin's filter,
# the digest), ``model`` (the outbox target's model), ``pending_items()`` yielding PendingItems
# and ``views(ids)`` returning, per target id, (still pending, ItemView). Registering the same
# kind twice keeps one source; ``order`` is the kinds' order on screen.
SOURCES: Registry = Registry("reminder sources")


def register_source(source, *, order: int = 100) -> None:
    """Add (or replace) the reminder source of ``source.kind``."""
    SOURCES.register(source.kind, source, order=order)


register_source(ReviewSource(), order=10)
register_source(RegistrationSource(), order=20)


def clean_offsets(raw) -> tuple[int, ...]:
    """The period's offsets as whole days; nonsense from the admin's JSON field is ignored."""
    if not isinstance(raw, list | tuple):
        return tuple(default_reminder_offsets())
    offsets = set()
    for value in raw:
        if isinstance(value, bool):
            continue
        try:
            offsets.add(int(value))
        except (TypeError, ValueError):
            continue
    return tuple(sorted(offsets, reverse=True))


def latest_due_window(deadline: datetime.datetime, offsets: Iterable[int], now: datetime.datetime) -> int | None:
    """The offset of the latest window of ``deadline`` that is due at ``now``, or None.

    A window opens ``offset`` days before the deadline (after it when negative) and stays due,
    so a missed beat catches up; windows before the deadline lapse once the deadline passed
    (after it, only the overdue windows speak). Of several due windows only the latest counts.
    An overdue window lapses ``REMINDER_OVERDUE_GRACE_DAYS`` after it opened: nobody wants a
    reminder about a deadline that passed months ago when a scan first sees it.
    """
    grace = datetime.timedelta(days=settings.REMINDER_OVERDUE_GRACE_DAYS)
    best: int | None = None
    best_due: datetime.datetime | None = None
    for offset in offsets:
        due = deadline - datetime.timedelta(days=offset)
        if due > now or (offset > 0 and now >= deadline) or (offset <= 0 and now > due + grace):
            continue
        if best_due is None or due > best_due:
            best, best_due = offset, due
    return best


# --- The scan ---------------------------------------------------------------------------


@dataclass
class ScanResult:
    items: int = 0  # pending items with a window due now
    queued: int = 0  # outbox rows written by this scan


def _recipients(items: list[tuple[PendingItem, int]]) -> dict[tuple[str, int], set[int]]:
    """User ids per item: the unit's heads; for overdue windows also the office above the unit."""
    unit_ids = {item.unit_id for item, _offset in items if item.recipients is None}
    heads: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in Membership.objects.heads().filter(unit_id__in=unit_ids).values_list("unit_id", "user_id"):
        heads[unit_id].add(user_id)
    offices: list[tuple[str, int]] = []
    if any(offset < 0 and item.recipients is None for item, offset in items):
        offices = list(Membership.objects.filter(role=Role.OFFICE).values_list("unit__path", "user_id"))
    result = {}
    for item, offset in items:
        if item.recipients is not None:
            result[(item.kind, item.target_id)] = set(item.recipients)
            continue
        users = set(heads.get(item.unit_id, ()))
        if offset < 0:
            # The office of the body that set the deadline, or of a unit between it and the unit.
            users |= {
                user_id
                for path, user_id in offices
                if item.unit_path.startswith(path) and path.startswith(item.owner_path)
            }
        result[(item.kind, item.target_id)] = users
    return result


def scan(*, now: datetime.datetime | None = None) -> ScanResult:
    """Write the outbox rows due at ``now``. Safe to run twice or concurrently: the unique
    constraint (target, kind, window, recipient) keeps one row; nothing is sent here."""
    now = now or timezone.now()
    result = ScanResult()
    for kind, source in SOURCES.items():
        due: list[tuple[PendingItem, int]] = []
        for item in source.pending_items():
            offset = latest_due_window(item.deadline, item.offsets, now)
            if offset is not None:
                due.append((item, offset))
        result.items += len(due)
        content_type = ContentType.objects.get_for_model(source.model)
        for start in range(0, len(due), BULK_SIZE):
            result.queued += _write_rows(kind, content_type, due[start : start + BULK_SIZE], now)
    return result


def _write_rows(kind: str, content_type, chunk: list[tuple[PendingItem, int]], now: datetime.datetime) -> int:
    recipients = _recipients(chunk)
    existing = set(
        ReminderOutbox.objects.filter(
            kind=kind, target_type=content_type, target_id__in=[item.target_id for item, _o in chunk]
        ).values_list("target_id", "deadline", "offset_days", "recipient_id")
    )
    rows = []
    for item, offset in chunk:
        for user_id in sorted(recipients[(kind, item.target_id)]):
            if (item.target_id, item.deadline, offset, user_id) in existing:
                continue
            rows.append(
                ReminderOutbox(
                    kind=kind,
                    target_type=content_type,
                    target_id=item.target_id,
                    deadline=item.deadline,
                    offset_days=offset,
                    due_at=item.deadline - datetime.timedelta(days=offset),
                    recipient_id=user_id,
                    next_attempt_at=now,
                )
            )
    # A concurrent scan may have written some of these since the read: the constraint wins.
    ReminderOutbox.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- Sending ----------------------------------------------------------------------------


@dataclass
class SendResult:
    emails: int = 0  # digests handed to the mail server
    sent: int = 0  # outbox rows marked sent (with their notifications)
    retried: int = 0  # rows put back for a later attempt after a transient error
    failed: int = 0
    skipped: int = 0  # no longer owed (submitted, extended, period closed) or superseded
    errors: list[str] = field(default_factory=list)


TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, TRANSIENT_ERRORS)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2 x base, 4 x base... capped."""
    seconds = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.REMINDER_RETRY_CAP_SECONDS))


def claimable(now: datetime.datetime) -> Q:
    lease_expired = now - datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    return Q(status=ReminderStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=ReminderStatus.SENDING, claimed_at__lt=lease_expired
    )


def message_id_for(row_ids: list[int]) -> str:
    """Stable for a given set of rows: a digest sent again after a crash keeps its Message-ID."""
    ids = sorted(row_ids)
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:12]
    return f"<songlo-reminder-{ids[0]}-{digest}@{site_domain()}>"


def _claim(now: datetime.datetime) -> str | None:
    """Claim the rows of the next few recipients; returns the claim token, None when idle."""
    recipient_ids = list(
        ReminderOutbox.objects.filter(claimable(now))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:CLAIM_RECIPIENTS]
    )
    if not recipient_ids:
        return None
    token = uuid.uuid4().hex
    # The conditional UPDATE is the claim: a concurrent sender re-evaluates the WHERE after
    # our commit and finds the rows no longer claimable.
    ReminderOutbox.objects.filter(claimable(now), recipient_id__in=recipient_ids).update(
        status=ReminderStatus.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return token


def senders_for(queued: int) -> int:
    """How many send passes a scan that queued ``queued`` rows hands to the workers: one per
    CLAIM_RECIPIENTS rows, at most REMINDER_SENDERS (the workers' processes send them side by
    side; the claims keep them from sending a row twice), at least one (retries are due too)."""
    return max(1, min(settings.REMINDER_SENDERS, -(-queued // CLAIM_RECIPIENTS)))


def send_due(*, now: datetime.datetime | None = None, max_rounds: int = 10_000) -> SendResult:
    """Send every claimable outbox row, one digest email per recipient.

    Side effects: emails on one SMTP connection per call (reopened after a drop); rows marked
    sent with their Message-ID, and one in-app Notification per row, in one transaction per
    digest; transient SMTP errors put the rows back with exponential backoff until
    REMINDER_MAX_ATTEMPTS, then mark them failed with the error.
    """
    now = now or timezone.now()
    result = SendResult()
    mailer = _Mailer()
    try:
        for _round in range(max_rounds):
            token = _claim(now)
            if token is None:
                break
            _send_claimed(token, now, mailer, result)
    finally:
        mailer.close()
    return result


class _Mailer:
    """One SMTP connection for the whole batch, opened on first use and after a drop."""

    def __init__(self):
        self.connection = None

    def send(self, message) -> None:
        if self.connection is None:
            self.connection = get_connection()
            self.connection.open()
        message.connection = self.connection
        self.connection.send_messages([message])

    def close(self) -> None:
        if self.connection is not None:
            # After a drop the server is gone: nothing is left to close politely.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def _send_claimed(token: str, now: datetime.datetime, mailer: _Mailer, result: SendResult) -> None:
    rows = list(
        ReminderOutbox.objects.filter(claim_token=token, status=ReminderStatus.SENDING)
        .select_related("recipient", "notification")
        .order_by("recipient_id", "deadline", "pk")
    )
    views: dict[tuple[str, int], tuple[bool, ItemView]] = {}
    by_kind: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row.notification_id is None:
            by_kind[row.kind].add(row.target_id)
    for kind, ids in by_kind.items():
        source = SOURCES.get(kind)
        if source is not None:
            views.update({(kind, pk): view for pk, view in source.views(ids).items()})

    by_recipient: dict[int, list[ReminderOutbox]] = defaultdict(list)
    for row in rows:
        by_recipient[row.recipient_id].append(row)
    for recipient_rows in by_recipient.values():
        live, stale = _sort_out(recipient_rows, views)
        if stale:
            _finish(stale, token, ReminderStatus.SKIPPED, now=now, error=_("Không còn phải nhắc."))
            result.skipped += len(stale)
        if live:
            _send_digest(live, views, token, now, mailer, result)


def _sort_out(rows: list[ReminderOutbox], views) -> tuple[list[ReminderOutbox], list[ReminderOutbox]]:
    """Keep what is still owed, at its current deadline, one (the latest) window per item."""
    latest: dict[tuple[str, int], ReminderOutbox] = {}
    stale = []
    events = []
    for row in rows:
        if row.notification_id is not None:
            events.append(row)  # an event happened: it stays news, once per recipient
            continue
        pending, view = views.get((row.kind, row.target_id), (False, None))
        if not pending or view.deadline != row.deadline:
            stale.append(row)
            continue
        if view.owed_by is not None and row.recipient_id not in view.owed_by:
            stale.append(row)
            continue
        key = (row.kind, row.target_id)
        current = latest.get(key)
        if current is None or row.due_at > current.due_at:
            if current is not None:
                stale.append(current)
            latest[key] = row
        else:
            stale.append(row)
    return list(latest.values()) + events, stale


def days_left(deadline: datetime.datetime, now: datetime.datetime) -> int:
    """Whole calendar days in Asia/Ho_Chi_Minh from today to the deadline (negative: late)."""
    return (timezone.localdate(deadline) - timezone.localdate(now)).days


def _digest_items(rows: list[ReminderOutbox], views, now: datetime.datetime) -> list[ItemView]:
    items = []
    for row in rows:
        view = views[(row.kind, row.target_id)][1]
        items.append(
            ItemView(
                kind=view.kind,
                kind_label=view.kind_label,
                title=view.title,
                unit_name=view.unit_name,
                deadline=view.deadline,
                url=view.url,
                days_left=days_left(view.deadline, now),
                action_label=view.action_label,
            )
        )
    return items


@dataclass
class EventItem:
    """An event in an email: the bell row it repeats."""

    kind_label: str
    text: str
    url: str
    at: datetime.datetime


def _event_items(rows: list[ReminderOutbox]) -> list[EventItem]:
    from campaigns.events import EVENT_KINDS

    items = []
    for row in rows:
        event = EVENT_KINDS.get(row.kind)
        note = row.notification
        items.append(EventItem(str(event.label) if event else row.kind, note.text, note.link, note.created_at))
    return items


def _send_digest(rows, views, token, now, mailer: _Mailer, result: SendResult) -> None:
    recipient = rows[0].recipient
    reminder_rows = [row for row in rows if row.notification_id is None]
    event_rows = [row for row in rows if row.notification_id is not None]
    items = _digest_items(reminder_rows, views, now)
    events = _event_items(event_rows)
    ids = [row.pk for row in rows]
    message_id = message_id_for(ids)
    if recipient.email:
        message = build_email(
            EVENT_TEMPLATE if events else EMAIL_TEMPLATE,
            {
                "recipient": recipient,
                "items": items,
                "events": events,
                "count": len(items) + len(events),
                "site_url": settings.SITE_URL,
            },
            to=[recipient.email],
            message_id=message_id,
        )
        try:
            mailer.send(message)
        except Exception as exc:  # classified below: transient errors retry, the rest fail
            mailer.close()
            _after_error(rows, token, now, exc, result)
            return
        result.emails += 1
    # Without an address the reminder still reaches the person in the app (an event already did).
    result.sent += _mark_sent(rows, reminder_rows, items, token, now, message_id if recipient.email else "")


def _mark_sent(rows, reminder_rows, items: list[ItemView], token: str, now: datetime.datetime, message_id: str) -> int:
    """Mark the digest's rows sent (those still claimed by ``token``) and write a reminder's
    bell row for each of ours, in one transaction; returns how many rows were ours."""
    ids = [row.pk for row in rows]
    notes = [
        (row.pk, row.recipient_id, notification_text(item)[:500], item.url)
        for row, item in zip(reminder_rows, items, strict=True)
    ]
    if connection.vendor == "postgresql":
        return _mark_sent_in_one_statement(ids, notes, token, now, message_id)
    with transaction.atomic():
        marked = ReminderOutbox.objects.filter(pk__in=ids, claim_token=token, status=ReminderStatus.SENDING).update(
            status=ReminderStatus.SENT, sent_at=now, message_id=message_id, last_error=""
        )
        ours = set(ids)
        if marked != len(ids):
            # Some rows were taken by another sender after our lease ran out: notify for ours only.
            ours = set(
                ReminderOutbox.objects.filter(
                    pk__in=ids, claim_token=token, status=ReminderStatus.SENT, sent_at=now
                ).values_list("pk", flat=True)
            )
        # Events wrote their bell row when they happened; reminders write theirs now.
        Notification.objects.bulk_create(
            Notification(user_id=user_id, text=text, link=link) for pk, user_id, text, link in notes if pk in ours
        )
    return len(ours)


def _mark_sent_in_one_statement(ids, notes, token: str, now: datetime.datetime, message_id: str) -> int:
    """PostgreSQL: the same as the ORM's UPDATE then INSERT, in one statement (one round trip
    instead of four with the transaction's; a statement is atomic on its own). Only the rows the
    UPDATE marked get their bell row, as rows taken by another sender must not."""
    outbox, notification = ReminderOutbox._meta.db_table, Notification._meta.db_table
    sql = f"""
        WITH marked AS (
            UPDATE {outbox} SET status = %s, sent_at = %s, message_id = %s, last_error = ''
            WHERE id = ANY(%s) AND claim_token = %s AND status = %s
            RETURNING id
        ), notified AS (
            INSERT INTO {notification} (user_id, text, link, created_at, read_at, key)
            SELECT note.user_id, note.text, note.link, %s, NULL, ''
            FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS note (id, user_id, text, link)
            JOIN marked ON marked.id = note.id
        )
        SELECT count(*) FROM marked
    """  # noqa: S608 (the two table names are the models')
    params = [
        ReminderStatus.SENT,
        now,
        message_id,
        ids,
        token,
        ReminderStatus.SENDING,
        timezone.now(),
        [note[0] for note in notes],
        [note[1] for note in notes],
        [note[2] for note in notes],
        [note[3] for note in notes],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # the INSERT runs whether or not the SELECT reads it
        return cursor.fetchone()[0]


def notification_text(item: ItemView) -> str:
    deadline = timezone.localtime(item.deadline).strftime("%d/%m/%Y")
    if item.overdue:
        return _("%(kind)s “%(title)s” của %(unit)s đã quá hạn %(days)d ngày (hạn %(deadline)s).") % {
            "kind": item.kind_label,
            "title": item.title,
            "unit": item.unit_name,
            "days": item.days_late,
            "deadline": deadline,
        }
    return _("%(kind)s “%(title)s” của %(unit)s: còn %(days)d ngày, hạn %(deadline)s.") % {
        "kind": item.kind_label,
        "title": item.title,
        "unit": item.unit_name,
        "days": item.days_left,
        "deadline": deadline,
    }


def _after_error(rows, token, now, exc: BaseException, result: SendResult) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    result.errors.append(error)
    attempts = max(row.attempts for row in rows)  # already counted by the claim
    if is_transient(exc) and attempts < settings.REMINDER_MAX_ATTEMPTS:
        logger.warning("reminder digest to user %s: transient error, retrying: %s", rows[0].recipient_id, error)
        _finish(rows, token, ReminderStatus.PENDING, now=now, error=error, retry_at=now + retry_delay(attempts))
        result.retried += len(rows)
    else:
        logger.error("reminder digest to user %s failed: %s", rows[0].recipient_id, error)
        _finish(rows, token, ReminderStatus.FAILED, now=now, error=error)
        result.failed += len(rows)


def _finish(rows, token, status: str, *, now, error: str = "", retry_at=None) -> int:
    updates = {"status": status, "last_error": error, "claim_token": ""}
    if retry_at is not None:
        updates["next_attempt_at"] = retry_at
    return ReminderOutbox.objects.filter(
        pk__in=[row.pk for row in rows], claim_token=token, status=ReminderStatus.SENDING
    ).update(**updates)


def outbox_send_again(*, ids: Iterable[int], now: datetime.datetime | None = None) -> int:
    """Put failed (or skipped, or sent) rows back in the queue for the next send; returns how many.

    Side effects: rows become pending, attempts reset, error kept until the next try."""
    now = now or timezone.now()
    return (
        ReminderOutbox.objects.filter(pk__in=list(ids))
        .exclude(status__in=[ReminderStatus.PENDING, ReminderStatus.SENDING])
        .update(status=ReminderStatus.PENDING, attempts=0, next_attempt_at=now, claim_token="", claimed_at=None)
    )
