"""Choices of the commendation cycle and the nomination state machine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class AwardLevel(models.TextChoices):
    BASE = "co_so", _("Cơ sở")
    DISTRICT = "huyen", _("Cấp huyện")
    PROVINCE = "tinh", _("Cấp tỉnh, bộ")
    NATIONAL = "toan_quoc", _("Toàn quốc, Nhà nước")


class Authority(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Thủ trưởng cơ quan, đơn vị")
    COMMUNE_CHAIR = "commune_chair", _("Chủ tịch UBND cấp xã")
    DISTRICT_CHAIR = "district_chair", _("Chủ tịch UBND cấp huyện")
    PROVINCE_CHAIR = "province_chair", _("Chủ tịch UBND cấp tỉnh")
    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    PRESIDENT = "president", _("Chủ tịch nước")


# Order matters: a higher authority comes later (the council helper compares levels).
AUTHORITY_RANK = {a: i for i, a in enumerate(Authority.values)}


class AwardKind(models.TextChoices):
    """Loại hình khen thưởng. Only merit awards count towards later prerequisites."""

    MERIT = "cong_trang", _("Công trạng")
    MOVEMENT = "phong_trao", _("Theo phong trào, chuyên đề")
    AD_HOC = "dot_xuat", _("Đột xuất")
    SERVICE = "cong_hien", _("Quá trình cống hiến")
    FOREIGN = "doi_ngoai", _("Đối ngoại")
    SENIORITY = "nien_han", _("Niên hạn")
    RESISTANCE = "khang_chien", _("Kháng chiến")


class SubjectClass(models.TextChoices):
    """Phân loại đối tượng khen thưởng (cá nhân) of the statistics forms 0602.N and 0603.N (Circular 02/2023/TT-BNV)."""

    PROVINCE_LEADER = "lanh_dao_tinh", _("Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên")
    DEPARTMENT_LEADER = "lanh_dao_so", _("Lãnh đạo cấp vụ, sở, ngành và tương đương")
    ENTREPRENEUR = "doanh_nhan", _("Doanh nhân")
    OTHER_LEADER = "lanh_dao_khac", _("Các cấp lãnh đạo khác từ phó phòng trở lên")
    WORKER = "truc_tiep", _("Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu")


class RatingValue(models.TextChoices):
    EXCELLENT = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "HTNV", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "KHTNV", _("Không hoàn thành nhiệm vụ")


# Higher is better.
RATING_RANK = {
    RatingValue.NOT_COMPLETED: 0,
    RatingValue.COMPLETED: 1,
    RatingValue.GOOD: 2,
    RatingValue.EXCELLENT: 3,
}


class InitiativeLevel(models.TextChoices):
    BASE = "co_so", _("Cấp cơ sở")
    PROVINCE = "tinh", _("Cấp tỉnh")
    NATIONAL = "toan_quoc", _("Toàn quốc")


INITIATIVE_RANK = {InitiativeLevel.BASE: 0, InitiativeLevel.PROVINCE: 1, InitiativeLevel.NATIONAL: 2}


class InitiativeKind(models.TextChoices):
    INITIATIVE = "sang_kien", _("Sáng kiến")
    SCIENCE = "de_tai", _("Đề tài, công trình khoa học")


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "khien_trach", _("Khiển trách")
    WARNING = "canh_cao", _("Cảnh cáo")
    SALARY_DOWN = "ha_bac_luong", _("Hạ bậc lương")
    DISMISSAL_POST = "cach_chuc", _("Cách chức")
    DISMISSAL = "buoc_thoi_viec", _("Buộc thôi việc")


DISCIPLINE_RANK = {level: i for i, level in enumerate(DisciplineLevel.values)}


class Gender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nữ", _("Nữ")


class Confidence(models.TextChoices):
    """How sure we are of a rule: [V] enforced, [L] on but configurable, [U] off (docs/domain.md#confidence)."""

    VERIFIED = "V", _("Đã đối chiếu văn bản (bắt buộc)")
    LIKELY = "L", _("Nhiều khả năng đúng (bật, có thể tắt)")
    UNVERIFIED = "U", _("Chưa kiểm chứng (tắt mặc định)")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    SCREENED = "screened", _("Hợp lệ")
    RETURNED = "returned", _("Trả lại")
    IN_COUNCIL = "in_council", _("Trình Hội đồng")
    APPROVED = "approved", _("Hội đồng thông qua")
    REJECTED = "rejected", _("Không được thông qua")
    DECIDED = "decided", _("Đã có quyết định")
    REVOKED = "revoked", _("Đã hủy bỏ")


class SubmissionStatus(models.TextChoices):
    """A submission (tờ trình) carrying a list: its own state; each line keeps its nomination's."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Có dòng bị trả lại")
    SCREENED = "screened", _("Đã thẩm định")


class RegistrationStatus(models.TextChoices):
    """A named registration for a title (đăng ký danh hiệu) as the office sees it."""

    REGISTERED = "registered", _("Đã đăng ký")
    ACCEPTED = "accepted", _("Được chấp nhận")
    RETURNED = "returned", _("Bị trả lại")


# The unit submits, the office screens or returns, the council approves or rejects, a decision (of
# the body or of the higher level) decides, the higher level may refuse, the granting body revokes.
NOMINATION_TRANSITIONS = {
    NominationStatus.DRAFT: {NominationStatus.SUBMITTED},
    NominationStatus.SUBMITTED: {NominationStatus.SCREENED, NominationStatus.RETURNED},
    NominationStatus.RETURNED: {NominationStatus.SUBMITTED},
    NominationStatus.SCREENED: {NominationStatus.IN_COUNCIL, NominationStatus.RETURNED},
    NominationStatus.IN_COUNCIL: {NominationStatus.APPROVED, NominationStatus.REJECTED},
    NominationStatus.APPROVED: {NominationStatus.DECIDED, NominationStatus.REJECTED},
    NominationStatus.REJECTED: set(),
    NominationStatus.DECIDED: {NominationStatus.REVOKED},
    NominationStatus.REVOKED: set(),
}
# The unit may still edit the dossier.
NOMINATION_EDITABLE = frozenset({NominationStatus.DRAFT, NominationStatus.RETURNED})
# Nominations that use a movement quota (everything sent and not refused).
NOMINATION_COUNTS_FOR_QUOTA = frozenset(
    {
        NominationStatus.SUBMITTED,
        NominationStatus.SCREENED,
        NominationStatus.RETURNED,
        NominationStatus.IN_COUNCIL,
        NominationStatus.APPROVED,
        NominationStatus.DECIDED,
    }
)

# Badge colours by meaning: draft grey, submitted blue, returned amber, approved green,
# rejected red, revoked dark.
NOMINATION_BADGES = {
    NominationStatus.DRAFT: "text-bg-secondary",
    NominationStatus.SUBMITTED: "text-bg-primary",
    NominationStatus.SCREENED: "text-bg-info",
    NominationStatus.RETURNED: "text-bg-warning",
    NominationStatus.IN_COUNCIL: "text-bg-primary",
    NominationStatus.APPROVED: "text-bg-success",
    NominationStatus.REJECTED: "text-bg-danger",
    NominationStatus.DECIDED: "text-bg-success",
    NominationStatus.REVOKED: "text-bg-dark",
}


# The reminder outbox's kind of the nomination dossiers due (awards.reminders).
NOMINATION_REMINDER = "nomination"

# The collective titles a unit may register for when it joins a movement (campaigns' registration
# form), in the order they are offered.
REGISTRABLE_COLLECTIVE_TITLES = (
    ("TTLDTT", _("Tập thể lao động tiên tiến")),
    ("TTLDXS", _("Tập thể lao động xuất sắc")),
    ("CO_TINH", _("Cờ thi đua cấp tỉnh")),
    ("XA_TIEU_BIEU", _("Xã tiêu biểu")),
)


class ImportJobStatus(models.TextChoices):
    """An upload of the import page, read and checked by a task, then written once confirmed."""

    PREVIEWING = "previewing", _("Đang đọc và kiểm tra tệp")
    READY = "ready", _("Chờ xác nhận")
    REFUSED = "refused", _("Không nhập được")
    IMPORTING = "importing", _("Đang ghi dữ liệu")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Lỗi hệ thống")
    CANCELLED = "cancelled", _("Đã hủy")
    EXPIRED = "expired", _("Quá hạn xác nhận")


# The preview either finds problems or waits for the person; a confirmed job is written once;
# an upload not confirmed in time expires (its file deleted by the periodic clean-up).
IMPORT_JOB_TRANSITIONS = {
    ImportJobStatus.PREVIEWING: {
        ImportJobStatus.READY,
        ImportJobStatus.REFUSED,
        ImportJobStatus.FAILED,
        ImportJobStatus.EXPIRED,
    },
    ImportJobStatus.READY: {ImportJobStatus.IMPORTING, ImportJobStatus.CANCELLED, ImportJobStatus.EXPIRED},
    ImportJobStatus.IMPORTING: {ImportJobStatus.DONE, ImportJobStatus.REFUSED, ImportJobStatus.FAILED},
    ImportJobStatus.REFUSED: set(),
    ImportJobStatus.DONE: set(),
    ImportJobStatus.FAILED: set(),
    ImportJobStatus.CANCELLED: set(),
    ImportJobStatus.EXPIRED: set(),
}
# A task is (or will be) working on the job: its page keeps polling.
IMPORT_JOB_RUNNING = frozenset({ImportJobStatus.PREVIEWING, ImportJobStatus.IMPORTING})
# The job's upload is still kept on disk.
IMPORT_JOB_KEEPS_FILE = frozenset({ImportJobStatus.PREVIEWING, ImportJobStatus.READY, ImportJobStatus.IMPORTING})
IMPORT_JOB_BADGES = {
    ImportJobStatus.PREVIEWING: "text-bg-info",
    ImportJobStatus.READY: "text-bg-primary",
    ImportJobStatus.REFUSED: "text-bg-warning",
    ImportJobStatus.IMPORTING: "text-bg-info",
    ImportJobStatus.DONE: "text-bg-success",
    ImportJobStatus.FAILED: "text-bg-danger",
    ImportJobStatus.CANCELLED: "text-bg-secondary",
    ImportJobStatus.EXPIRED: "text-bg-secondary",
}


class ImportPhase(models.TextChoices):
    """Where a running job's task is: waiting for a worker, reading rows, checking and writing."""

    WAITING = "waiting", _("Đang chờ đến lượt xử lý")
    READING = "reading", _("Đang đọc tệp")
    CHECKING = "checking", _("Đang kiểm tra và đối chiếu dữ liệu")
