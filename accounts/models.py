from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Vietnamese names are kept whole: no first/last split."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Người dùng phải tự đặt mật khẩu mới ở lần đăng nhập tới trước khi làm việc khác."),
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.username


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written by services, never edited."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("loại đối tượng"))
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"


class TwoFactorPolicy(models.Model):
    """Who must use two-step verification: one row, edited in the admin.

    ``required_groups`` holds keys of ``accounts.twofactor.TWO_FACTOR_GROUPS`` (the admin site's
    users, registered here; the office and the council, registered by organisation).
    """

    required_groups = models.JSONField(_("bắt buộc với"), default=list, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chính sách xác thực hai bước")
        verbose_name_plural = _("chính sách xác thực hai bước")

    def __str__(self) -> str:
        return str(_("Chính sách xác thực hai bước"))

    @classmethod
    def load(cls) -> TwoFactorPolicy:
        """The policy; until an admin saves one, an unsaved default that requires nobody."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
