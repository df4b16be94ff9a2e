"""Nominations (đề nghị khen thưởng) and their dossiers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, NominationStatus, SubmissionStatus
from awards.models.catalogue import AwardType
from awards.models.history import Household, Initiative, Person, exactly_one
from campaigns.models import Movement
from organisation.models import OrgUnit
from songlo.files import PrivateFile, private_file_field
from songlo.versions import FrozenVersion

# The dossier fields, frozen into a NominationVersion at each submission.
DOSSIER_FIELDS = (
    "letter_number",
    "letter_date",
    "letter_signer",
    "letter_summary",
    "report_situation",
    "report_achievements",
    "report_measures",
    "report_initiatives",
    "report_prior_awards",
    "report_discipline",
    "minutes_date",
    "minutes_attendees",
    "minutes_votes_for",
    "minutes_members",
    "minutes_summary",
)


class NominationQuerySet(models.QuerySet):
    def for_units(self, units) -> NominationQuerySet:
        return self.filter(unit__in=units)

    def with_related(self) -> NominationQuerySet:
        return self.select_related("person", "subject_unit", "unit", "award_type", "movement")


class Submission(models.Model):
    """A unit's submission letter (tờ trình) carrying a list: its lines are nominations.

    A commune sends one submission with forty LĐTT, six CSTĐCS, two collectives and a dozen
    households; each line keeps its own eligibility, dossier, screening and outcome (its
    nomination's), so the office can accept or return lines one by one or all together.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="submissions"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("lần nộp"), default=0)
    letter_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    letter_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    letter_signer = models.CharField(_("người ký tờ trình"), max_length=200, blank=True)
    letter_summary = models.TextField(_("nội dung đề nghị"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-year", "unit", "-pk"]
        indexes = [models.Index(fields=["year", "status"], name="submission_year_status_idx")]

    def __str__(self) -> str:
        return self.title or _("Tờ trình năm %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit}


class Nomination(models.Model):
    """A unit's proposal of one subject (a person, a unit or a household) for one award in one
    year: on its own, or as one line of a submission's list."""

    # The proposing unit: whose head prepares the dossier and who may see it.
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="nominations"
    )
    # A copy of ``unit.path``, so that the list's order (year, then the tree) is one index on
    # this table: kept equal by ``save()`` and, when units move or change code, by
    # ``refresh_unit_paths`` (awards/apps.py connects it to OrgUnit's post_save).
    unit_path = models.CharField(max_length=500, editable=False, default="")
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    subject_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_nominations",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # The list this nomination is a line of (None: a dossier of its own, as before lists).
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("tờ trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    # Loại hình: from the movement for a thematic one, chosen otherwise; copied to the award record.
    kind = models.CharField(_("loại hình"), max_length=12, choices=AwardKind.choices, default=AwardKind.MERIT)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    # docs/domain.md#rule-9: the initiatives this nomination relies on (one initiative backs at most one form).
    initiatives = models.ManyToManyField(
        Initiative,
        verbose_name=_("sáng kiến, đề tài làm căn cứ"),
        related_name="nominations",
        blank=True,
        help_text=_("Mỗi sáng kiến chỉ làm căn cứ cho một hình thức khen thưởng."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("lần nộp"), default=0)

    # Tờ trình (submission letter).
    letter_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    letter_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    letter_signer = models.CharField(_("người ký tờ trình"), max_length=200, blank=True)
    letter_summary = models.TextField(_("nội dung đề nghị"), blank=True)
    # Báo cáo thành tích (the decree's individual / collective report forms).
    report_situation = models.TextField(
        _("sơ lược lý lịch / đặc điểm, tình hình"),
        blank=True,
        help_text=_("Cá nhân: sơ lược lý lịch, chức vụ, nhiệm vụ được giao. Tập thể: đặc điểm, tình hình, cơ cấu."),
    )
    report_achievements = models.TextField(_("thành tích đạt được"), blank=True)
    report_measures = models.TextField(_("biện pháp, giải pháp đã thực hiện"), blank=True)
    report_initiatives = models.TextField(_("sáng kiến, đề tài, giải pháp"), blank=True)
    report_prior_awards = models.TextField(_("các hình thức khen thưởng đã nhận"), blank=True)
    report_discipline = models.TextField(_("kỷ luật (nếu có)"), blank=True)
    # Biên bản (minutes of the review meeting).
    minutes_date = models.DateField(_("ngày họp bình xét"), null=True, blank=True)
    minutes_attendees = models.PositiveSmallIntegerField(_("số người dự họp"), null=True, blank=True)
    minutes_members = models.PositiveSmallIntegerField(_("tổng số thành viên"), null=True, blank=True)
    minutes_votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    minutes_summary = models.TextField(_("nội dung biên bản"), blank=True)

    # The engine's verdict when last checked (advice), and the office's override if any.
    eligible = models.BooleanField(_("đủ điều kiện"), null=True, blank=True)
    eligibility_reasons = models.JSONField(_("lý do"), default=list, blank=True)
    override_reason = models.TextField(_("lý do chấp nhận dù chưa đủ điều kiện"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(_("ngày thẩm định"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "unit_path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("person", "subject_unit", "household"),
                name="nomination_one_subject",
            ),
            models.UniqueConstraint(
                fields=["person", "award_type", "year"],
                condition=Q(person__isnull=False),
                name="nomination_person_award_year",
            ),
            models.UniqueConstraint(
                fields=["subject_unit", "award_type", "year"],
                condition=Q(subject_unit__isnull=False),
                name="nomination_unit_award_year",
            ),
            models.UniqueConstraint(
                fields=["household", "award_type", "year"],
                condition=Q(household__isnull=False),
                name="nomination_household_award_year",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"], name="nomination_status_year_idx"),
            # Dossiers of one status in a subtree (the office's home): read off the index.
            models.Index(fields=["status", "unit"], name="nomination_status_unit_idx"),
            # The list's order: a page is read off the index instead of sorting every row.
            models.Index(F("year").desc(), "unit_path", "id", name="nomination_list_order_idx"),
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read without loading a deferred column (a row fetched with only() must not query here).
        self._saved_unit_id = self.__dict__.get("unit_id")

    def __str__(self) -> str:
        return f"{self.award_type.code} {self.year} – {self.subject}"

    def save(self, *args, **kwargs) -> None:
        """Keep ``unit_path`` equal to the unit's path when the unit is set or changed."""
        if self.unit_id and (not self.unit_path or self.unit_id != self._saved_unit_id):
            if Nomination.unit.is_cached(self) and self.unit.pk == self.unit_id:  # type: ignore[attr-defined]
                self.unit_path = self.unit.path
            else:
                self.unit_path = OrgUnit.objects.filter(pk=self.unit_id).values_list("path", flat=True).get()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "unit_path"}
        super().save(*args, **kwargs)
        self._saved_unit_id = self.unit_id

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def subject(self):
        if self.person_id:
            return self.person
        return self.household if self.household_id else self.subject_unit

    @property
    def subject_lookup(self) -> dict:
        """The filter that finds this nomination's subject on an award record."""
        if self.person_id:
            return {"person": self.person}
        return {"household": self.household} if self.household_id else {"unit": self.subject_unit}

    @property
    def subject_code(self) -> str:
        return self.subject.code

    @property
    def is_collective(self) -> bool:
        return self.subject_unit_id is not None

    @property
    def is_household(self) -> bool:
        return self.household_id is not None


class NominationVersion(FrozenVersion):
    """A frozen copy of a submitted dossier, kept when the office returns it."""

    subject_field = "nomination"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="versions")
    snapshot = models.JSONField(_("hồ sơ đã nộp"))

    class Meta:
        verbose_name = _("phiên bản hồ sơ")
        verbose_name_plural = _("phiên bản hồ sơ")
        ordering = ["nomination", "-number"]
        constraints = [models.UniqueConstraint(fields=["nomination", "number"], name="nominationversion_unique")]


class DossierFile(PrivateFile):
    """An evidence file of a dossier, stored privately under a random name."""

    class Part(models.TextChoices):
        LETTER = "letter", _("Tờ trình (bản ký)")
        REPORT = "report", _("Báo cáo thành tích (bản ký)")
        MINUTES = "minutes", _("Biên bản họp bình xét")
        BALLOT = "ballot", _("Kết quả bỏ phiếu")
        INITIATIVE = "initiative", _("Minh chứng sáng kiến, đề tài")
        OTHER = "other", _("Minh chứng khác")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    part = models.CharField(_("thành phần hồ sơ"), max_length=12, choices=Part.choices, default=Part.OTHER)
    file = private_file_field("dossiers")

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["nomination", "uploaded_at"]


def refresh_unit_paths(nominations: models.QuerySet | None = None) -> int:
    """Copy each nomination's ``unit.path`` into ``unit_path`` where they differ (all nominations,
    or those given): after units move or change code (their paths change in one UPDATE that no
    nomination sees), after rows written with ``bulk_create``. Returns the rows changed."""
    nominations = Nomination.objects.all() if nominations is None else nominations
    unit_paths = OrgUnit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1]
    return nominations.exclude(unit_path=Subquery(unit_paths)).update(unit_path=Subquery(unit_paths))


def refresh_unit_paths_below(unit: OrgUnit) -> int:
    """After ``unit`` is saved: its subtree's nominations whose copied path no longer starts with
    the unit's path (it moved or changed code) take their units' new paths. One UPDATE."""
    stale = Nomination.objects.filter(unit__path__startswith=unit.path).exclude(unit_path__startswith=unit.path)
    return refresh_unit_paths(stale)
