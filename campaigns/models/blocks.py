from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organisation.models import OrgUnit
from songlo.text import Fold


class EmulationBlock(models.Model):
    """A cluster (cụm, by territory) or block (khối, by function) of units that emulate each other."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cụm thi đua")
        BLOCK = "block", _("Khối thi đua")

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.BLOCK)
    owner = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan quản lý"),
        on_delete=models.PROTECT,
        related_name="owned_blocks",
        help_text=_("Cấp tổ chức cụm, khối (ví dụ UBND huyện)."),
    )
    members = models.ManyToManyField(OrgUnit, verbose_name=_("đơn vị thành viên"), related_name="blocks", blank=True)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Fold("code"),
                name="emulationblock_code_ci_unique",
                violation_error_message=_("Mã cụm, khối này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BlockTerm(models.Model):
    """The leader (cụm trưởng / khối trưởng) and deputy of a block for one year."""

    block = models.ForeignKey(
        EmulationBlock, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="terms"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    leader = models.ForeignKey(OrgUnit, verbose_name=_("trưởng cụm, khối"), on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(OrgUnit, verbose_name=_("phó cụm, khối"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nhiệm kỳ trưởng, phó cụm")
        verbose_name_plural = _("nhiệm kỳ trưởng, phó cụm")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["block", "year"], name="blockterm_one_per_year"),
            models.CheckConstraint(condition=~Q(leader=F("deputy")), name="blockterm_leader_not_deputy"),
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.leader_id and self.leader_id == self.deputy_id:
            errors["deputy"] = _("Trưởng và phó cụm phải là hai đơn vị khác nhau.")
        if self.block_id and self.year:
            previous = BlockTerm.objects.filter(block_id=self.block_id, year=self.year - 1).exclude(pk=self.pk).first()
            if previous and previous.leader_id == self.leader_id:
                errors["leader"] = _("Đơn vị này đã làm trưởng cụm năm %(year)s: không được làm hai năm liền.") % {
                    "year": self.year - 1
                }
            following = BlockTerm.objects.filter(block_id=self.block_id, year=self.year + 1).exclude(pk=self.pk).first()
            if following and following.leader_id == self.leader_id:
                errors["leader"] = _("Đơn vị này làm trưởng cụm năm %(year)s: không được làm hai năm liền.") % {
                    "year": self.year + 1
                }
            if self.leader_id and not self.block.members.filter(pk=self.leader_id).exists():
                errors.setdefault("leader", _("Trưởng cụm phải là đơn vị thành viên của cụm."))
            if self.deputy_id and not self.block.members.filter(pk=self.deputy_id).exists():
                errors.setdefault("deputy", _("Phó cụm phải là đơn vị thành viên của cụm."))
        if errors:
            raise ValidationError(errors)


class BlockCriterion(models.Model):
    """One line of the scale a block uses for the year-end peer scoring (bình xét)."""

    block = models.ForeignKey(
        EmulationBlock, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="criteria"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm chéo của cụm")
        verbose_name_plural = _("tiêu chí chấm chéo của cụm")
        ordering = ["block", "year", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="blockcriterion_max_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}: {self.name}"


class BlockPeerScore(models.Model):
    """The score one member unit gives another on one criterion. A unit never scores itself."""

    criterion = models.ForeignKey(BlockCriterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị chấm"), on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị được chấm"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    scored_at = models.DateTimeField(_("ngày chấm"), auto_now=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("điểm chấm chéo")
        verbose_name_plural = _("điểm chấm chéo")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "scorer", "target"], name="blockpeerscore_unique"),
            models.CheckConstraint(condition=~Q(scorer=F("target")), name="blockpeerscore_not_self"),
            models.CheckConstraint(condition=Q(points__gte=0), name="blockpeerscore_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.scorer} → {self.target}: {self.points}"


class BlockVote(models.Model):
    """The block's year-end vote: its leading unit (suy tôn) and next year's leader and deputy."""

    block = models.ForeignKey(
        EmulationBlock, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="votes"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    leading_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị dẫn đầu (suy tôn)"), on_delete=models.PROTECT, related_name="+"
    )
    next_leader = models.ForeignKey(
        OrgUnit, verbose_name=_("trưởng cụm năm sau"), on_delete=models.PROTECT, related_name="+"
    )
    next_deputy = models.ForeignKey(
        OrgUnit, verbose_name=_("phó cụm năm sau"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(_("ghi chú biên bản"), blank=True)
    recorded_at = models.DateTimeField(_("ngày ghi nhận"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả suy tôn của cụm")
        verbose_name_plural = _("kết quả suy tôn của cụm")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["block", "year"], name="blockvote_one_per_year"),
            models.CheckConstraint(condition=~Q(next_leader=F("next_deputy")), name="blockvote_leader_not_deputy"),
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}: {self.leading_unit}"
