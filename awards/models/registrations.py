"""Registration by name (đăng ký danh hiệu): who, at the start of a year or of a thematic
movement, aims at which title or form. Compared at the end of the year with what was
nominated, approved and decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.enums import RegistrationStatus
from awards.models.catalogue import AwardType
from awards.models.history import Household, Person, exactly_one
from campaigns.models import Movement
from organisation.models import OrgUnit


class TitleRegistration(models.Model):
    """One subject (a person, a collective or a household) registered by a unit for one title
    or form in a year, or in a thematic movement; the office accepts it or returns it with a reason."""

    # The registering unit: whose head registers and who may see it.
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="title_registrations"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    subject_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_title_registrations",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        related_name="title_registrations",
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    registered_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đăng ký danh hiệu")
        verbose_name_plural = _("đăng ký danh hiệu")
        ordering = ["-year", "unit", "award_type__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("person", "subject_unit", "household"),
                name="titleregistration_one_subject",
            ),
            # Once per subject, award and year outside movements; once per movement inside one.
            *(
                models.UniqueConstraint(
                    fields=[subject, "award_type", "year"],
                    condition=Q(**{f"{subject}__isnull": False, "movement__isnull": True}),
                    name=f"titleregistration_{subject}_year",
                )
                for subject in ("person", "subject_unit", "household")
            ),
            *(
                models.UniqueConstraint(
                    fields=[subject, "award_type", "movement"],
                    condition=Q(**{f"{subject}__isnull": False, "movement__isnull": False}),
                    name=f"titleregistration_{subject}_movement",
                )
                for subject in ("person", "subject_unit", "household")
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="titlereg_year_unit_idx")]

    def __str__(self) -> str:
        return f"{self.award_type.code} {self.year} – {self.subject}"

    @property
    def subject(self):
        if self.person_id:
            return self.person
        return self.household if self.household_id else self.subject_unit
