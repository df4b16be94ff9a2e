from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")
    TOWNSHIP = "township", _("Thị trấn")
    AGENCY = "agency", _("Cơ quan")
    SCHOOL = "school", _("Trường học")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    VILLAGE = "village", _("Thôn, tổ dân phố")
    OTHER = "other", _("Khác")


class Role(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    OFFICE = "office", _("Thường trực thi đua")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    COUNCIL_CHAIR = "council_chair", _("Chủ tịch Hội đồng")


# Roles that act for the whole body that owns the council (the unit and everything under it).
BODY_ROLES = frozenset({Role.OFFICE, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR})
COUNCIL_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR})


class BatchStatus(models.TextChoices):
    """The state of a file built by a task while the page waits (certificates, PDFs)."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")
