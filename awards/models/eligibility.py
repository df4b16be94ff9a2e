"""Eligibility computed ahead of time for the office's page (docs/performance.md#eligibility).

``EligibilityInputs`` is one counter that database triggers raise on every write to what the rules
read (ratings, award records, disciplines, initiatives and their uses, people, units, blocks,
acclamations, the catalogue and its rules): inserts, updates and deletes alike, whatever wrote
them (services, imports, the admin, SQL). A snapshot of a year's eligible verdicts remembers the
counter it was computed at; it is shown only while the counter has not moved, so a verdict shown
is never older than its inputs.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EligibilityInputs(models.Model):
    """The single row (id 1) whose ``version`` the triggers raise."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu xét điều kiện")
        verbose_name_plural = _("phiên bản dữ liệu xét điều kiện")

    def __str__(self) -> str:
        return str(self.version)


class EligibilitySnapshot(models.Model):
    """The eligible verdicts of one year, computed at ``inputs_version``."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    inputs_version = models.BigIntegerField()
    engine = models.CharField(max_length=20)
    computed_at = models.DateTimeField(_("tính lúc"))
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("kết quả xét điều kiện đã tính")
        verbose_name_plural = _("kết quả xét điều kiện đã tính")

    def __str__(self) -> str:
        return f"{self.year} ({self.inputs_version})"


class EligibleVerdict(models.Model):
    """One eligible subject for one award, in the page's order (``position``)."""

    snapshot = models.ForeignKey(EligibilitySnapshot, on_delete=models.CASCADE, related_name="verdicts")
    position = models.PositiveIntegerField()
    award = models.CharField(max_length=20)
    kind = models.CharField(max_length=12)
    subject_id = models.PositiveIntegerField()
    code = models.CharField(max_length=50)
    name = models.CharField(max_length=300)
    unit = models.ForeignKey("organisation.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    unit_path = models.CharField(max_length=500)
    preferred = models.BooleanField(default=False)
    checks = models.JSONField(default=list)

    class Meta:
        verbose_name = _("đối tượng đủ điều kiện")
        verbose_name_plural = _("đối tượng đủ điều kiện")
        indexes = [
            models.Index(fields=["snapshot", "position"], name="eligible_snapshot_position"),
            models.Index(fields=["snapshot", "award", "position"], name="eligible_snapshot_award"),
            models.Index(fields=["snapshot", "unit_path", "position"], name="eligible_snapshot_path"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.award}"
