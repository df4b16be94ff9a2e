"""The award catalogue as versioned law: legal versions, award types, per-version rules, base salary."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import Authority, AwardCategory, AwardLevel, SubjectKind
from songlo.text import Fold


class LegalVersion(models.Model):
    """A legal text in force for a period (e.g. Decree 98/2023 from 01/01/2024 to 30/06/2025)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("văn bản"), max_length=300)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    # The least share of all council members that must be present to open a session under this
    # version (docs/domain.md#rule-18); a session may ask for more, never for less.
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu của Hội đồng: tử số"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("tỷ lệ có mặt tối thiểu của Hội đồng: mẫu số"),
        default=3,
        help_text=_("Phiên họp Hội đồng chỉ khai mạc khi số thành viên có mặt đạt tỷ lệ này; tối thiểu là quá bán."),
    )

    class Meta:
        verbose_name = _("văn bản pháp lý")
        verbose_name_plural = _("văn bản pháp lý")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="legalversion_valid_range"
            ),
            # More than half and at most all: a minority of the council never decides.
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=F("quorum_denominator"))
                & Q(quorum_denominator__lt=F("quorum_numerator") * 2),
                name="legalversion_quorum_floor",
                violation_error_message=_(
                    "Tỷ lệ có mặt tối thiểu của Hội đồng phải lớn hơn một nửa và không quá toàn bộ thành viên."
                ),
            ),
            models.UniqueConstraint(
                Fold("code"),
                name="legalversion_code_ci_unique",
                violation_error_message=_("Mã văn bản này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AwardType(models.Model):
    """One entry of the catalogue (its code is a stable interface: docs/domain.md#rule-1)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=30, blank=True)
    category = models.CharField(_("loại"), max_length=10, choices=AwardCategory.choices)
    for_individual = models.BooleanField(_("cho cá nhân"), default=False)
    for_collective = models.BooleanField(_("cho tập thể"), default=False)
    for_household = models.BooleanField(_("cho hộ gia đình"), default=False)
    yearly = models.BooleanField(_("xét hằng năm"), default=False)
    level = models.CharField(_("cấp"), max_length=10, choices=AwardLevel.choices)
    multiplier_individual = models.DecimalField(
        _("hệ số tiền thưởng (cá nhân)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    multiplier_collective = models.DecimalField(
        _("hệ số tiền thưởng (tập thể)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                Fold("code"),
                name="awardtype_code_ci_unique",
                violation_error_message=_("Mã danh hiệu này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.code

    def subject_kinds(self) -> set[str]:
        kinds = set()
        if self.for_individual:
            kinds.add(SubjectKind.INDIVIDUAL)
        if self.for_collective:
            kinds.add(SubjectKind.COLLECTIVE)
        if self.for_household:
            kinds.add(SubjectKind.HOUSEHOLD)
        return kinds


class AwardRule(models.Model):
    """What a legal version says about one award type: ballot, pass mark, authority, thresholds.

    ``conditions`` holds the eligibility thresholds and switches, keyed by condition
    (see ``awards.eligibility.CONDITIONS``): ``{"min_service_months": {"on": true, "value": 6}}``.
    Missing keys fall back to the defaults in code; [V] conditions cannot be switched off.
    """

    legal_version = models.ForeignKey(
        LegalVersion, verbose_name=_("văn bản pháp lý"), on_delete=models.CASCADE, related_name="rules"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.CASCADE, related_name="rules"
    )
    authority = models.CharField(_("thẩm quyền quyết định"), max_length=20, choices=Authority.choices)
    ballot_required = models.BooleanField(_("bắt buộc bỏ phiếu kín"), default=False)
    pass_mark = models.DecimalField(
        _("tỷ lệ phiếu đồng ý tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tính trên tổng số thành viên Hội đồng. Để trống: quá bán số thành viên có mặt."),
    )
    conditions = models.JSONField(_("điều kiện, ngưỡng"), default=dict, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quy định theo văn bản")
        verbose_name_plural = _("quy định theo văn bản")
        ordering = ["award_type__order", "legal_version__valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["legal_version", "award_type"], name="awardrule_one_per_version"),
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | (Q(pass_mark__gt=0) & Q(pass_mark__lte=100)),
                name="awardrule_pass_mark_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code} – {self.legal_version.code}"


class BaseSalary(models.Model):
    """The base salary (lương cơ sở) in force from a date; rewards are multiples of it."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} ₫ ({self.valid_from:%d/%m/%Y})".replace(",", ".")
