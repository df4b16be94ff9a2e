from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.enums import NotifyChannel, ReminderStatus


def reminder_kinds() -> list[tuple[str, str]]:
    """The kinds of the registered reminder sources and event kinds with their labels: the
    outbox kind's choices.

    A callable, so that the apps above campaigns add their kinds (in ``ready()``) without
    campaigns naming them, and without a migration when one is added."""
    from campaigns.events import EVENT_KINDS
    from campaigns.reminders import SOURCES  # the sources read these models

    return [(kind, source.label) for kind, source in SOURCES.items()] + [
        (kind, event.label) for kind, event in EVENT_KINDS.items()
    ]


def event_kinds() -> list[tuple[str, str]]:
    from campaigns.events import EVENT_KINDS

    return [(kind, event.label) for kind, event in EVENT_KINDS.items()]


class ReminderOutbox(models.Model):
    """One reminder owed to one recipient: (target, kind, window) written once by the scan.

    The window is the pair (deadline, offset_days): an extension moves the deadline and so
    opens new windows, while a repeated or overlapping scan hits the unique constraint.
    Sending claims the row (status pending -> sending with a claim token) before it mails.
    """

    kind = models.CharField(_("loại nhắc"), max_length=20, choices=reminder_kinds)
    target_type = models.ForeignKey(ContentType, verbose_name=_("loại đối tượng"), on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    target = GenericForeignKey("target_type", "target_id")
    deadline = models.DateTimeField(_("hạn"))
    offset_days = models.SmallIntegerField(_("số ngày trước hạn"), help_text=_("Số âm: số ngày sau hạn (quá hạn)."))
    due_at = models.DateTimeField(_("đến lượt nhắc lúc"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"))
    claimed_at = models.DateTimeField(_("nhận gửi lúc"), null=True, blank=True)
    claim_token = models.CharField(_("mã lượt gửi"), max_length=32, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # An event's email: the bell row it repeats (its text and link). Unique, so an event is
    # mailed at most once per recipient; empty for deadline reminders.
    notification = models.OneToOneField(
        "campaigns.Notification",
        verbose_name=_("thông báo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox",
    )

    class Meta:
        verbose_name = _("thư nhắc hạn")
        verbose_name_plural = _("thư nhắc hạn")
        ordering = ["-due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "deadline", "offset_days", "recipient"],
                condition=Q(notification__isnull=True),
                name="reminder_once_per_target_window_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReminderStatus.SENT) | Q(sent_at__isnull=False), name="reminder_sent_has_time"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="reminder_queue_idx"),
            models.Index(fields=["recipient", "status"], name="reminder_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.target_id} ({self.offset_days:+d}) → {self.recipient_id}"

    @property
    def is_overdue(self) -> bool:
        return self.offset_days < 0


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(user_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification (the bell in the top bar)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("nội dung"), max_length=500)
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # An event's key (kind:target type:target id:event id), empty for deadline reminders: the
    # same event is written once per user however many times it is emitted.
    key = models.CharField(_("mã sự kiện"), max_length=200, blank=True, default="")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_event_once")
        ]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """How one user wants to be told of one kind of event; no row: the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=event_kinds)
    channel = models.CharField(_("cách nhận"), max_length=10, choices=NotifyChannel.choices)

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"
