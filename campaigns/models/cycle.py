from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.enums import (
    REVIEW_PENDING,
    IndicatorTotal,
    LatePolicy,
    MovementKind,
    MovementStatus,
    PeriodKind,
    PeriodStatus,
    RegistrationStatus,
    ReviewStatus,
)
from organisation.models import OrgUnit
from songlo.files import PrivateFile, private_file_field
from songlo.uploads import RandomName, private_storage
from songlo.versions import FrozenVersion


class Stage(models.Model):
    """A multi-year stage (e.g. 2020-2025) grouping the yearly movements."""

    name = models.CharField(_("tên giai đoạn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    owner = models.ForeignKey(OrgUnit, verbose_name=_("cấp phát động"), on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết thúc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="stage_years_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:stage_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class MovementQuerySet(models.QuerySet):
    def launched(self) -> MovementQuerySet:
        return self.filter(status=MovementStatus.LAUNCHED)


class Movement(models.Model):
    """An emulation movement (phong trào thi đua), regular (yearly) or thematic."""

    title = models.CharField(_("tên phong trào"), max_length=300)
    kind = models.CharField(_("loại phong trào"), max_length=10, choices=MovementKind.choices)
    owner = models.ForeignKey(
        OrgUnit, verbose_name=_("cấp phát động"), on_delete=models.PROTECT, related_name="owned_movements"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("giai đoạn"), null=True, blank=True, on_delete=models.SET_NULL, related_name="movements"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    summary_on = models.DateField(_("ngày tổng kết"), null=True, blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    launch_plan = models.FileField(
        _("kế hoạch phát động"), upload_to=RandomName("plans"), storage=private_storage, blank=True
    )
    description = models.TextField(_("nội dung, mục tiêu"), blank=True)
    registration_deadline = models.DateTimeField(_("hạn đăng ký thi đua"), null=True, blank=True)
    quota_collectives = models.PositiveSmallIntegerField(
        _("số tập thể tối đa mỗi đơn vị được đề nghị"), null=True, blank=True
    )
    quota_individuals = models.PositiveSmallIntegerField(
        _("số cá nhân tối đa mỗi đơn vị được đề nghị"), null=True, blank=True
    )
    dossier_deadline = models.DateTimeField(_("hạn nộp hồ sơ khen thưởng"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    launched_at = models.DateTimeField(_("ngày phát động"), null=True, blank=True)
    participants = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị tham gia"), through="Participation", related_name="movements", blank=True
    )

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="movement_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:movement_detail", args=[self.pk])


class MovementTarget(models.Model):
    """A measurable target (indicator) of a movement, e.g. "Tỷ lệ hộ gia đình văn hóa", in %, 90.

    Each unit's review reports a number for it (``ReviewFigure``); the period's dashboard totals
    them across units as ``total`` says (a sum of budgets, an average of rates).
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    target = models.DecimalField(
        _("mức phải đạt"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Mức mỗi đơn vị phải đạt, theo đơn vị tính (để trống nếu không giao)."),
    )
    total = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=IndicatorTotal.choices, default=IndicatorTotal.SUM
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["movement", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """A unit taking part in a launched movement. Rows are only added, never removed (history)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="participations")
    joined_at = models.DateTimeField(_("ngày tham gia"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.movement}"


class Registration(models.Model):
    """A unit's emulation registration (đăng ký thi đua) for a movement."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    collective_title = models.CharField(_("danh hiệu tập thể đăng ký"), max_length=30, blank=True)
    ldtt_count = models.PositiveIntegerField(_("số cá nhân đăng ký Lao động tiên tiến"), default=0)
    cstdcs_count = models.PositiveIntegerField(_("số cá nhân đăng ký Chiến sĩ thi đua cơ sở"), default=0)
    targets = models.JSONField(_("chỉ tiêu đăng ký"), default=dict, blank=True)
    pledge = models.TextField(_("nội dung giao ước"), blank=True)
    registered_at = models.DateTimeField(_("ngày đăng ký"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="registration_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.movement}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:registration_edit", args=[self.pk])


def default_reminder_offsets() -> list[int]:
    # Days before the deadline; negative: days after it ("overdue").
    return [7, 3, 1, -1]


class ReviewPeriodQuerySet(models.QuerySet):
    def open(self) -> ReviewPeriodQuerySet:
        return self.filter(status=PeriodStatus.OPEN)


class ReviewPeriod(models.Model):
    """A review period (sơ kết / tổng kết) of a movement, with its deadline and rubric."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("tên kỳ báo cáo"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=PeriodKind.choices)
    opens_at = models.DateTimeField(_("ngày mở"))
    deadline = models.DateTimeField(_("hạn nộp"))
    late_policy = models.CharField(
        _("xử lý nộp muộn"), max_length=12, choices=LatePolicy.choices, default=LatePolicy.ACCEPT_FLAG
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.SCHEDULED
    )
    reminder_offsets = models.JSONField(
        _("nhắc hạn (số ngày)"),
        default=default_reminder_offsets,
        help_text=_("Số ngày trước hạn nộp để nhắc, ví dụ [7, 3, 1]; số âm là sau hạn (quá hạn), ví dụ -1."),
    )

    objects = ReviewPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gt=F("opens_at")), name="period_deadline_after_open"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.movement}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:period_detail", args=[self.pk])


class Criterion(models.Model):
    """One line of a period's scoring rubric; weights of a period total 100."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("nhóm tiêu chí"), max_length=200)
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("trọng số (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["period", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name="criterion_weight_range"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewQuerySet(models.QuerySet):
    def for_unit(self, unit: OrgUnit) -> ReviewQuerySet:
        return self.filter(unit=unit)

    def pending(self) -> ReviewQuerySet:
        return self.filter(status__in=REVIEW_PENDING)

    def with_deadline(self) -> ReviewQuerySet:
        """Annotate ``effective_deadline``: the extension if any, else the period's deadline."""
        return self.annotate(effective_deadline=Coalesce("extended_deadline", "period__deadline"))


class Review(models.Model):
    """A unit's review for a period: self-scores, narrative, figures and evidence."""

    period = models.ForeignKey(ReviewPeriod, on_delete=models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NOT_STARTED
    )
    # The narrative in the structure officials use.
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế, nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    direction = models.TextField(_("phương hướng kỳ tới"), blank=True)
    figures = models.JSONField(_("số liệu chỉ tiêu"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("lần nộp"), default=0)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by an extension: the unit's own deadline, later than the period's.
    extended_deadline = models.DateTimeField(_("hạn được gia hạn"), null=True, blank=True)
    office_comment = models.TextField(_("ý kiến của thường trực"), blank=True)
    decided_at = models.DateTimeField(_("ngày xử lý"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="review_one_per_unit")]
        indexes = [models.Index(fields=["period", "status"], name="review_period_status_idx")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period.name}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:review_detail", args=[self.pk])

    @property
    def deadline(self):
        """The deadline that applies to this unit: its extension if any, else the period's."""
        return self.extended_deadline or self.period.deadline


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True)
    office_score = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="reviewscore_unique"),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0), name="reviewscore_self_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(office_score__isnull=True) | Q(office_score__gte=0), name="reviewscore_office_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} – {self.criterion}"


class ReviewFigure(models.Model):
    """The number a unit's review reports for one of the movement's targets.

    Figures typed before targets had numbers stay as text in ``Review.figures`` (shown as they were).
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="figure_values")
    target = models.ForeignKey(MovementTarget, on_delete=models.CASCADE, related_name="figure_values")
    value = models.DecimalField(_("số liệu"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["review", "target__order", "target__pk"]
        constraints = [models.UniqueConstraint(fields=["review", "target"], name="reviewfigure_unique")]

    def __str__(self) -> str:
        return f"{self.review} – {self.target}: {self.value}"


class ReviewVersion(FrozenVersion):
    """A frozen copy of a submitted review, kept when the office returns it."""

    subject_field = "review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="versions")

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["review", "-number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="reviewversion_unique")]


class Evidence(PrivateFile):
    """A file attached to a review, stored under a random name, served only through a checking view."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    file = private_file_field("evidence")

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["review", "uploaded_at"]


class Extension(models.Model):
    """A per-unit deadline extension granted by the office, with its reason."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="extensions")
    new_deadline = models.DateTimeField(_("hạn mới"))
    reason = models.TextField(_("lý do gia hạn"))
    granted_at = models.DateTimeField(_("ngày gia hạn"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["review", "-granted_at"]
        get_latest_by = "granted_at"

    def __str__(self) -> str:
        return f"{self.review} → {self.new_deadline:%d/%m/%Y}"
