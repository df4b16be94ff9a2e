"""Statuses and choices of the council."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.enums import BatchStatus

__all__ = ["BatchStatus"]  # kept here for the council's modules: the status lives in organisation


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    OPEN = "open", _("Đang họp, bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")


SESSION_TRANSITIONS = {
    SessionStatus.PLANNED: {SessionStatus.OPEN},
    SessionStatus.OPEN: {SessionStatus.CLOSED},
    SessionStatus.CLOSED: set(),
}


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")


class VoteMethod(models.TextChoices):
    ONLINE = "online", _("Bỏ phiếu trực tuyến tại phiên họp")
    WRITTEN = "written", _("Phiếu bằng văn bản (vắng mặt), văn phòng nhập")


class ItemResult(models.TextChoices):
    PENDING = "", _("Chưa kiểm phiếu")
    PASSED = "passed", _("Thông qua")
    FAILED = "failed", _("Không thông qua")


class RecoveryStatus(models.TextChoices):
    NONE = "", _("Không")
    TO_RECOVER = "to_recover", _("Phải thu hồi tiền thưởng")
    RECOVERED = "recovered", _("Đã thu hồi")


class RevocationGround(models.TextChoices):
    FRAUD = "fraud", _("Gian dối, khai man thành tích")
    FALSE_DOSSIER = "false_dossier", _("Hồ sơ không trung thực, giả mạo")
    UNLAWFUL_APPRAISAL = "unlawful_appraisal", _("Thẩm định, xét duyệt, đề nghị trái pháp luật")
    CRITERIA_NOT_MET = "criteria_not_met", _("Không đạt tiêu chuẩn trong thời gian lập thành tích")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ cấp trên")
    AWARDED = "awarded", _("Cấp trên đã khen thưởng")
    REFUSED = "refused", _("Cấp trên không khen thưởng")


PROPOSAL_TRANSITIONS = {
    ProposalStatus.PENDING: {ProposalStatus.AWARDED, ProposalStatus.REFUSED},
    ProposalStatus.AWARDED: set(),
    ProposalStatus.REFUSED: set(),
}


class BundleStatus(models.TextChoices):
    DRAFTED = "drafted", _("Đang soạn")
    SENT = "sent", _("Đã gửi cấp trên")
    RECEIVED = "received", _("Cấp trên đã nhận")
    DECIDED = "decided", _("Cấp trên đã quyết định")


BUNDLE_TRANSITIONS = {
    BundleStatus.DRAFTED: {BundleStatus.SENT},
    BundleStatus.SENT: {BundleStatus.RECEIVED, BundleStatus.DECIDED},
    BundleStatus.RECEIVED: {BundleStatus.DECIDED},
    BundleStatus.DECIDED: set(),
}


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Chưa giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")


OBJECTION_TRANSITIONS = {
    ObjectionStatus.OPEN: {ObjectionStatus.RESOLVED},
    ObjectionStatus.RESOLVED: set(),
}


# The reminder outbox's kind of the ballots not yet cast (council.reminders).
BALLOT_REMINDER = "ballot"


class CertificateField(models.TextChoices):
    """What a certificate prints, each at its own place on a pre-printed blank."""

    NAME = "name", _("Họ và tên, tên tập thể")
    UNIT = "unit", _("Đơn vị")
    AWARD = "award", _("Danh hiệu, hình thức khen thưởng")
    ACHIEVEMENT = "achievement", _("Thành tích")
    DECISION = "decision", _("Số, ngày quyết định")
    ORDINAL = "ordinal", _("Số sổ vàng")
    PLACE_DATE = "place_date", _("Địa danh, ngày tháng")
    SIGNER_TITLE = "signer_title", _("Chức vụ người ký")
    SIGNER_NAME = "signer_name", _("Người ký")


class TextAlign(models.TextChoices):
    LEFT = "L", _("Trái")
    CENTER = "C", _("Giữa")
    RIGHT = "R", _("Phải")


class DocumentKind(models.TextChoices):
    """The council's documents written from a DOCX template (council.docx_templates)."""

    DECISION = "decision", _("Quyết định khen thưởng kèm danh sách")
    MINUTES = "minutes", _("Biên bản họp Hội đồng")
    BUNDLE = "bundle", _("Tờ trình đề nghị cấp trên khen thưởng")
