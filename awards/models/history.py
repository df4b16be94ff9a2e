"""What later eligibility reads: people, yearly ratings, initiatives, discipline, award history."""

from __future__ import annotations

import operator
from functools import reduce

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    AwardKind,
    DisciplineLevel,
    Gender,
    InitiativeKind,
    InitiativeLevel,
    RatingValue,
    SubjectClass,
)
from awards.models.catalogue import AwardType
from campaigns.models import EmulationBlock
from organisation.models import OrgUnit
from songlo.text import Fold

# A record belongs to exactly one subject: a person or a unit.
ONE_SUBJECT = (Q(person__isnull=False) & Q(unit__isnull=True)) | (Q(person__isnull=True) & Q(unit__isnull=False))


def exactly_one(*fields: str) -> Q:
    """Exactly one of these foreign keys is set: a record's subject (a person, a unit, a household)."""
    return reduce(
        operator.or_,
        (reduce(operator.and_, (Q(**{f"{f}__isnull": f != chosen}) for f in fields)) for chosen in fields),
    )


class PersonQuerySet(models.QuerySet):
    def in_units(self, units) -> PersonQuerySet:
        return self.filter(unit__in=units)


class Person(models.Model):
    """An individual who can be nominated (not necessarily a user of the system)."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    gender = models.CharField(_("giới tính"), max_length=3, choices=Gender.choices)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    joined_on = models.DateField(_("ngày bắt đầu công tác"), null=True, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    # Blank while unknown: the statistics forms count the people who lack it.
    subject_class = models.CharField(
        _("phân loại đối tượng"),
        max_length=20,
        choices=SubjectClass.choices,
        blank=True,
        help_text=_("Theo biểu thống kê 0602.N, 0603.N (Thông tư 02/2023/TT-BNV)."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["unit__path", "full_name"]
        constraints = [
            models.UniqueConstraint(
                Fold("code"),
                name="person_code_ci_unique",
                violation_error_message=_("Mã cá nhân này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("awards:person_detail", args=[self.code])


class Household(models.Model):
    """A household (hộ gia đình) of a village or residential unit: the subject of GDVH."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    head_name = models.CharField(_("họ và tên chủ hộ"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("thôn, tổ dân phố"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    members_count = models.PositiveSmallIntegerField(_("số nhân khẩu"), null=True, blank=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["unit__path", "head_name"]
        constraints = [
            models.UniqueConstraint(
                Fold("code"),
                name="household_code_ci_unique",
                violation_error_message=_("Mã hộ gia đình này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return _("Hộ %(name)s") % {"name": self.head_name}


class Rating(models.Model):
    """The yearly rating (xếp loại) of a person or a unit."""

    year = models.PositiveSmallIntegerField(_("năm"))
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    rating = models.CharField(_("xếp loại"), max_length=6, choices=RatingValue.choices)

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="rating_one_subject"),
            models.UniqueConstraint(
                fields=["year", "person"], condition=Q(person__isnull=False), name="rating_person_year"
            ),
            models.UniqueConstraint(fields=["year", "unit"], condition=Q(unit__isnull=False), name="rating_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} {self.year}: {self.rating}"


class Initiative(models.Model):
    """An initiative (sáng kiến) or science work recognised at some level in a year."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE)
    authors = models.ManyToManyField(Person, verbose_name=_("tác giả"), related_name="initiatives")
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=InitiativeLevel.choices)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))

    class Meta:
        verbose_name = _("sáng kiến, đề tài")
        verbose_name_plural = _("sáng kiến, đề tài")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(
                Fold("code"),
                name="initiative_code_ci_unique",
                violation_error_message=_("Mã sáng kiến này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Discipline(models.Model):
    """A disciplinary measure. While ``end`` is empty the matter is pending and blocks awards."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines"
    )
    level = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineLevel.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Để trống khi đang xem xét, chưa kết thúc.")
    )

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="discipline_one_subject"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="discipline_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit}: {self.get_level_display()}"

    @property
    def pending(self) -> bool:
        return self.end is None


class AwardRecord(models.Model):
    """An award received (the history later eligibility reads). A decision FK may be added later."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.CASCADE, related_name="awards"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.CASCADE, related_name="awards"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="awards",
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại hình"), max_length=12, choices=AwardKind.choices, default=AwardKind.MERIT)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    revoked = models.BooleanField(_("đã hủy bỏ"), default=False)
    # docs/domain.md#rule-9: one initiative backs at most one commendation form.
    initiatives = models.ManyToManyField(
        Initiative,
        verbose_name=_("sáng kiến, đề tài làm căn cứ"),
        related_name="award_records",
        blank=True,
        help_text=_("Mỗi sáng kiến chỉ làm căn cứ cho một hình thức khen thưởng."),
    )

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "award_type__order"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("person", "unit", "household"), name="awardrecord_one_subject"
            ),
            models.UniqueConstraint(
                fields=["person", "award_type", "year"],
                condition=Q(person__isnull=False),
                name="awardrecord_person_award_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award_type", "year"],
                condition=Q(unit__isnull=False),
                name="awardrecord_unit_award_year",
            ),
            models.UniqueConstraint(
                fields=["household", "award_type", "year"],
                condition=Q(household__isnull=False),
                name="awardrecord_household_award_year",
            ),
        ]
        indexes = [models.Index(fields=["year", "award_type"], name="awardrecord_year_award_idx")]

    def __str__(self) -> str:
        return f"{self.award_type.code} {self.year} – {self.person or self.unit or self.household}"


class Acclamation(models.Model):
    """Suy tôn: the unit a block voted as its leading unit of the year (basis for CO_TINH)."""

    block = models.ForeignKey(
        EmulationBlock, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="acclamations"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị được suy tôn"), on_delete=models.CASCADE, related_name="acclamations"
    )

    class Meta:
        verbose_name = _("suy tôn dẫn đầu cụm, khối")
        verbose_name_plural = _("suy tôn dẫn đầu cụm, khối")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["block", "year"], name="acclamation_one_per_block_year")]

    def __str__(self) -> str:
        return f"{self.block} {self.year}: {self.unit}"
