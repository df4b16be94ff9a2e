"""Frozen versions: the submitted content of a thing, kept when the office returns it."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenVersion(models.Model):
    """One submission of a thing, frozen as JSON when it was returned with a comment.

    Subclasses add the foreign key to the thing (named by ``subject_field``), which has a
    ``version`` (the number of submissions so far) and a ``submitted_at``.
    """

    subject_field: str

    number = models.PositiveIntegerField(_("lần nộp"))
    snapshot = models.JSONField(_("nội dung đã nộp"))
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    returned_at = models.DateTimeField(_("ngày trả lại"), auto_now_add=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("lý do trả lại"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.subject_field)} v{self.number}"

    @classmethod
    def freeze(cls, subject, *, snapshot: dict[str, Any], returned_by, comment: str) -> Self:
        """Keep ``subject``'s current submission (its number and time) with ``snapshot`` and the comment."""
        return cls._default_manager.create(
            **{cls.subject_field: subject},
            number=subject.version,
            snapshot=snapshot,
            submitted_at=subject.submitted_at,
            returned_by=returned_by,
            comment=comment,
        )
