"""Events people are told about: the bell, and email through the reminder outbox.

A service that makes a transition someone must act on or wants to know (a review returned, a
ballot waiting...) calls ``event_emit`` inside its transaction, right after its audit line. It
writes one in-app notification (the bell) per recipient and, for those who want it by email,
one outbox row next to the deadline reminders: sent by the same claimed sending
(``campaigns.reminders.send_due``) either at once or, held, by the daily digest job
(``digest_release``). Both rows have unique keys built from (kind, target, event id,
recipient): an event emitted twice, or by two workers at once, is written once. A transaction
that rolls back writes nothing.

Apps above campaigns register their kinds with ``register_event_kind`` in their
``AppConfig.ready()``, as they register reminder sources; campaigns never names them.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record
from campaigns.enums import EventKind, NotifyChannel, ReminderStatus
from campaigns.models import Notification, NotificationPreference, ReminderOutbox
from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from songlo.exceptions import DomainError
from songlo.registry import Registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventType:
    """A kind of event: what it is called, who it concerns and how they are told by default."""

    kind: str  # at most 20 characters (the outbox's and the preference's kind)
    label: str | Promise
    default: str = NotifyChannel.IMMEDIATE
    # The roles it concerns: the preferences page shows a user the kinds of their roles first.
    roles: frozenset[str] = field(default_factory=frozenset)
    audience: str | Promise = ""  # who is told, in words (the preferences page)


EVENT_KINDS: Registry[EventType] = Registry("event kinds")


def register_event_kind(event: EventType, *, order: int = 100) -> EventType:
    """Add (or replace) the kind ``event.kind``."""
    return EVENT_KINDS.register(event.kind, event, order=order)


HEADS = frozenset({Role.UNIT_HEAD})
# campaigns' own kinds: (kind, default channel, who is told).
for _order, (_kind, _default, _audience) in enumerate(
    [
        (EventKind.MOVEMENT_LAUNCHED, NotifyChannel.DIGEST, _("Đơn vị tham gia")),
        (EventKind.REGISTRATION_ACCEPTED, NotifyChannel.IN_APP, _("Thủ trưởng đơn vị")),
        (EventKind.REGISTRATION_RETURNED, NotifyChannel.IMMEDIATE, _("Thủ trưởng đơn vị")),
        (EventKind.PERIOD_OPENED, NotifyChannel.DIGEST, _("Đơn vị tham gia")),
        (EventKind.REVIEW_LATE, NotifyChannel.IMMEDIATE, _("Đơn vị chưa nộp báo cáo")),
        (EventKind.REVIEW_RETURNED, NotifyChannel.IMMEDIATE, _("Thủ trưởng đơn vị")),
        (EventKind.REVIEW_ACCEPTED, NotifyChannel.DIGEST, _("Thủ trưởng đơn vị")),
    ]
):
    register_event_kind(EventType(_kind, _kind.label, _default, HEADS, _audience), order=10 + _order)


# --- Who is told ------------------------------------------------------------------------


def unit_heads(unit_ids: Iterable[int]) -> set[int]:
    """The user ids of the heads of these units."""
    return set(Membership.objects.heads().filter(unit_id__in=list(unit_ids)).values_list("user_id", flat=True))


def office_of(unit: OrgUnit) -> set[int]:
    """The user ids of the nearest emulation office at or above ``unit`` (the one that acts for it)."""
    ancestors = [unit.path[:end] for end in range(len(unit.path), 0, -1) if unit.path[end - 1] == "/"]
    rows = Membership.objects.filter(role=Role.OFFICE, unit__path__in=ancestors or [unit.path]).values_list(
        "unit__path", "user_id"
    )
    by_path: dict[str, set[int]] = {}
    for path, user_id in rows:
        by_path.setdefault(path, set()).add(user_id)
    nearest = max(by_path, key=len, default=None)
    return by_path[nearest] if nearest else set()


# --- Preferences ------------------------------------------------------------------------


def channels_for(kind: str, user_ids: Iterable[int]) -> dict[int, str]:
    """How each user wants ``kind``: their stored choice, or the kind's default."""
    event = EVENT_KINDS.get(kind)
    default = event.default if event else NotifyChannel.IMMEDIATE
    ids = list(user_ids)
    chosen = dict(NotificationPreference.objects.filter(kind=kind, user_id__in=ids).values_list("user_id", "channel"))
    return {user_id: chosen.get(user_id, default) for user_id in ids}


def preferences_of(user) -> dict[str, str]:
    """Every registered kind with the channel ``user`` gets it by (stored or default)."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "channel"))
    return {kind: chosen.get(kind, event.default) for kind, event in EVENT_KINDS.items()}


@transaction.atomic
def notification_preferences_set(*, actor, channels: Mapping[str, str]) -> int:
    """Store how ``actor`` wants each kind. Unknown kinds or channels are refused, nothing changed.

    Side effects: one preference row per kind that differs from before (upsert), audit (the
    kinds changed). Returns how many changed."""
    valid = set(NotifyChannel.values)
    for kind, channel in channels.items():
        if kind not in EVENT_KINDS or channel not in valid:
            raise DomainError(_("Loại thông báo hoặc cách nhận không hợp lệ."))
    current = preferences_of(actor)
    changed = {kind: channel for kind, channel in channels.items() if current.get(kind) != channel}
    for kind, channel in changed.items():
        NotificationPreference.objects.update_or_create(user=actor, kind=kind, defaults={"channel": channel})
    if changed:
        audit_record(actor=actor, action="notification.preferences", target=actor, kinds=changed)
    return len(changed)


# --- Emitting ---------------------------------------------------------------------------


def event_key(kind: str, target: models.Model, event_id: str | int) -> str:
    content_type = ContentType.objects.get_for_model(target)
    return f"{kind}:{content_type.pk}:{target.pk}:{event_id}"[:200]


def event_emit(
    *,
    kind: str,
    target: models.Model,
    event_id: str | int,
    recipients: Iterable[int],
    text: str | Promise,
    params: Mapping[str, object] | None = None,
    link: str = "",
    actor=None,
    now: datetime.datetime | None = None,
) -> int:
    """Tell ``recipients`` (user ids) that ``kind`` happened to ``target``.

    Call inside the transition's transaction, after its audit line; ``event_id`` tells this
    event from other events of the same kind on the same target (the audit line's id, or a
    version). ``text`` is a (lazy) gettext message filled with ``params`` in the site's
    language. ``actor`` is not told of what they did themselves.
    Side effects: one bell row per recipient; one outbox row per recipient who wants email
    (pending, or held for the daily digest); the sending queued after the commit. Emitted
    again with the same (kind, target, event_id): nothing more is written. Returns how many
    bell rows this call wrote."""
    now = now or timezone.now()
    users = set(recipients)
    if actor is not None and getattr(actor, "pk", None) is not None:
        users.discard(actor.pk)
    if not users:
        return 0
    key = event_key(kind, target, event_id)
    existing = set(Notification.objects.filter(key=key, user_id__in=users).values_list("user_id", flat=True))
    new = sorted(users - existing)
    # Emitted from a request in English or in Vietnamese, the bell speaks the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        text = (str(text) % params if params else str(text))[:500]
    # A concurrent emit of the same event may write some of these first: the constraint wins.
    Notification.objects.bulk_create(
        [Notification(user_id=user_id, text=text, link=link[:500], key=key) for user_id in new], ignore_conflicts=True
    )
    channels = channels_for(kind, new)
    by_mail = [user_id for user_id in new if channels[user_id] != NotifyChannel.IN_APP]
    if by_mail:
        content_type = ContentType.objects.get_for_model(target)
        notes = dict(
            Notification.objects.filter(key=key, user_id__in=by_mail, outbox__isnull=True).values_list("user_id", "pk")
        )
        ReminderOutbox.objects.bulk_create(
            [
                ReminderOutbox(
                    kind=kind,
                    target_type=content_type,
                    target_id=target.pk,
                    deadline=now,
                    offset_days=0,
                    due_at=now,
                    recipient_id=user_id,
                    status=ReminderStatus.HELD if channels[user_id] == NotifyChannel.DIGEST else ReminderStatus.PENDING,
                    next_attempt_at=now,
                    notification_id=note_id,
                )
                for user_id, note_id in notes.items()
            ],
            ignore_conflicts=True,
        )
        if any(channels[user_id] == NotifyChannel.IMMEDIATE for user_id in notes):
            transaction.on_commit(queue_sending)
    return len(new)


def queue_sending() -> None:
    """Have the outbox sent now (a worker; in-process without a broker)."""
    from campaigns.tasks import task_send_reminders

    try:
        task_send_reminders.delay()
    except Exception:  # a broker that does not answer: the every-minute send takes the rows
        logger.exception("could not queue the sending of event emails")


# --- The daily digest -------------------------------------------------------------------


def digest_release(*, now: datetime.datetime | None = None) -> int:
    """Make every held event row up to ``now`` sendable now; returns how many.

    Safe to run twice or at once on two workers: a row is held once, then pending, then sent
    by the claimed sending (one email per recipient listing all their items)."""
    now = now or timezone.now()
    return ReminderOutbox.objects.filter(status=ReminderStatus.HELD, due_at__lte=now).update(
        status=ReminderStatus.PENDING, next_attempt_at=now
    )
