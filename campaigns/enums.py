from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên (hằng năm)")
    THEMATIC = "thematic", _("Chuyên đề, theo đợt")


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    LAUNCHED = "launched", _("Đã phát động")
    CLOSED = "closed", _("Đã kết thúc")


class IndicatorTotal(models.TextChoices):
    """How a target's figures of several units make one figure (a sum of budgets, an average of rates)."""

    SUM = "sum", _("Cộng số liệu các đơn vị")
    AVERAGE = "average", _("Trung bình các đơn vị")


MOVEMENT_TRANSITIONS = {
    MovementStatus.DRAFT: {MovementStatus.LAUNCHED},
    MovementStatus.LAUNCHED: {MovementStatus.CLOSED},
    MovementStatus.CLOSED: set(),
}


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Chưa đăng ký")
    REGISTERED = "registered", _("Đã đăng ký")
    REOPENED = "reopened", _("Mở lại để sửa")


REGISTRATION_TRANSITIONS = {
    RegistrationStatus.PENDING: {RegistrationStatus.REGISTERED},
    RegistrationStatus.REGISTERED: {RegistrationStatus.REOPENED},
    RegistrationStatus.REOPENED: {RegistrationStatus.REGISTERED},
}


class PeriodKind(models.TextChoices):
    MIDTERM = "so_ket", _("Sơ kết")
    FINAL = "tong_ket", _("Tổng kết")


class LatePolicy(models.TextChoices):
    REFUSE = "refuse", _("Không nhận báo cáo nộp muộn")
    ACCEPT_FLAG = "accept_flag", _("Nhận và đánh dấu nộp muộn")


class PeriodStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Chưa mở")
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


PERIOD_TRANSITIONS = {
    PeriodStatus.SCHEDULED: {PeriodStatus.OPEN},
    PeriodStatus.OPEN: {PeriodStatus.CLOSED},
    PeriodStatus.CLOSED: set(),
}


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# Saving a draft keeps a draft a draft and a returned review returned (with its comment).
REVIEW_TRANSITIONS = {
    ReviewStatus.NOT_STARTED: {ReviewStatus.DRAFT, ReviewStatus.SUBMITTED},
    ReviewStatus.DRAFT: {ReviewStatus.DRAFT, ReviewStatus.SUBMITTED},
    ReviewStatus.SUBMITTED: {ReviewStatus.RETURNED, ReviewStatus.ACCEPTED},
    ReviewStatus.RETURNED: {ReviewStatus.RETURNED, ReviewStatus.SUBMITTED},
    ReviewStatus.ACCEPTED: set(),
}
# Statuses in which the unit still owes a submission (what reminders look for).
REVIEW_PENDING = frozenset({ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT, ReviewStatus.RETURNED})
# Statuses in which the unit head may edit the content.
REVIEW_EDITABLE = REVIEW_PENDING


class ReminderKind(models.TextChoices):
    """What a reminder of campaigns is about. Each kind is a source in
    ``campaigns.reminders.SOURCES``; higher apps register sources of their own kinds, and the
    outbox's kind takes its choices from the registered sources."""

    REVIEW = "review", _("Báo cáo định kỳ")
    REGISTRATION = "registration", _("Đăng ký thi đua")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    SKIPPED = "skipped", _("Không gửi")
    # An event a user wants in the daily digest: the digest job makes it pending.
    HELD = "held", _("Chờ thư tổng hợp")


class NotifyChannel(models.TextChoices):
    """How a user wants to be told of one kind of event (the bell always shows it)."""

    IN_APP = "in_app", _("Chỉ trên ứng dụng")
    IMMEDIATE = "immediate", _("Gửi thư ngay")
    DIGEST = "digest", _("Thư tổng hợp hằng ngày")


class EventKind(models.TextChoices):
    """What campaigns tells people about (awards and council register kinds of their own)."""

    REVIEW_RETURNED = "review_returned", _("Báo cáo bị trả lại")
    REVIEW_ACCEPTED = "review_accepted", _("Báo cáo được tiếp nhận")
    REVIEW_LATE = "review_late", _("Thường trực nhắc nộp báo cáo")
    MOVEMENT_LAUNCHED = "movement_launched", _("Phong trào được phát động")
    PERIOD_OPENED = "period_opened", _("Kỳ báo cáo được mở")
    REGISTRATION_ACCEPTED = "registration_ok", _("Đăng ký thi đua được ghi nhận")
    REGISTRATION_RETURNED = "registration_back", _("Đăng ký thi đua được mở lại để sửa")


# Statuses from which "send again" (admin) puts a row back in the queue.
REMINDER_RESENDABLE = frozenset({ReminderStatus.FAILED, ReminderStatus.SKIPPED, ReminderStatus.SENT})
