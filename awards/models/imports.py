"""Imports run by a task: one row per upload, so that nothing submitted is lost."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import IMPORT_JOB_BADGES, IMPORT_JOB_RUNNING, ImportJobStatus, ImportPhase


class ImportJob(models.Model):
    """An uploaded workbook: previewed (dry run) by a task, written by another once confirmed.

    ``preview`` and ``result`` hold the import report (sheets, counts, first changes) as JSON;
    ``problems`` the Vietnamese lines that refused the file. The upload itself is deleted once
    the job ends, or by the periodic clean-up when it is not confirmed in time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="import_jobs"
    )
    original_name = models.CharField(_("tên tệp"), max_length=255)
    file = models.CharField(_("tệp lưu tạm"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ImportJobStatus.choices, default=ImportJobStatus.PREVIEWING
    )
    phase = models.CharField(_("bước"), max_length=10, choices=ImportPhase.choices, default=ImportPhase.WAITING)
    progress = models.PositiveSmallIntegerField(_("tiến độ đọc (%)"), default=0)
    preview = models.JSONField(_("xem trước"), null=True, blank=True)
    result = models.JSONField(_("kết quả"), null=True, blank=True)
    problems = models.JSONField(_("vấn đề"), default=list, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu xử lý lúc"), null=True, blank=True)
    previewed_at = models.DateTimeField(_("xem trước xong lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="awards_importjob_status_idx")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("awards:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in IMPORT_JOB_RUNNING

    @property
    def reading(self) -> bool:
        """The task is reading rows: ``progress`` is the share read (checking has no measure)."""
        return self.is_running and self.phase == ImportPhase.READING

    @property
    def badge(self) -> str:
        return IMPORT_JOB_BADGES.get(ImportJobStatus(self.status), "text-bg-secondary")
