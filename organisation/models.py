from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisation.enums import BatchStatus, Role, UnitKind
from songlo.docx import document_choices
from songlo.registry import Registry
from songlo.text import Fold, normalise
from songlo.uploads import RandomName, private_storage

PATH_SEP = "/"

# Copies of unit paths kept by higher apps (awards' nominations, for their list's index): each
# entry is called with the unit whose path (and whose subtree's) has just changed, inside the
# same save. An extension point (songlo/registry.py), filled in the apps' ready().
PATH_FOLLOWERS: Registry[Callable[[OrgUnit], object]] = Registry("unit path followers")


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> OrgUnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def within(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit and every unit below it (one indexed prefix query)."""
        return self.filter(path__startswith=unit.path)

    def within_any(self, paths: list[str]) -> OrgUnitQuerySet:
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class OrgUnit(models.Model):
    """A node of the organisation: province, district, commune, agency, school, village...

    ``path`` is a materialised path of codes ("/song-lo/tam-son/") so that "this unit and
    its sub-units" is one prefix query, and the tree can be listed indented in order.
    """

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa (sáp nhập)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận sau khi sáp nhập, hợp nhất."),
    )
    email = models.EmailField(_("email"), blank=True)
    path = models.CharField(_("đường dẫn cây"), max_length=500, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0, editable=False)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="orgunit_valid_range",
            ),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="orgunit_not_own_successor"),
            models.UniqueConstraint(
                Fold("code"),
                name="orgunit_code_ci_unique",
                violation_error_message=_("Mã đơn vị này đã được dùng (không phân biệt chữ hoa, chữ thường)."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is derived from the parent's; when it changes, the subtree follows in
        # one UPDATE so that prefix queries stay true.
        old_path = self.path
        # The path is built from the code: normalise it first (songlo/text.py does the rest).
        self.code = normalise(self.code)
        parent_path = self.parent.path if self.parent_id else PATH_SEP
        self.path = f"{parent_path}{self.code}{PATH_SEP}"
        self.depth = self.path.count(PATH_SEP) - 2
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (self.depth - (old_path.count(PATH_SEP) - 2)),
            )
            for follow in PATH_FOLLOWERS:
                follow(self)

    def get_absolute_url(self) -> str:
        return reverse("organisation:unit_detail", args=[self.code])

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Đơn vị không thể kế thừa chính nó.")})

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


class MembershipQuerySet(models.QuerySet):
    def heads(self) -> MembershipQuerySet:
        return self.filter(role=Role.UNIT_HEAD)


class Membership(models.Model):
    """A role a user holds in a unit. A person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["unit__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


# Documents ------------------------------------------------------------------------------------
class DocumentTemplate(models.Model):
    """A body's own version of one kind of document (DOCX with docxtpl tags, ``songlo.docx``).

    The kinds are registered by the apps that own them (``songlo.docx.DOCUMENTS``): the council's
    decision, minutes and submissions, awards' submission letter, achievement reports and review
    minutes. It lives here, below them all, so that every app can read it; its table is still
    ``council_documenttemplate``, where it was first. Without one, a unit's documents use the
    nearest ancestor's, else the default. The file is checked when uploaded: it must be a Word
    file that fills with the kind's sample context.
    """

    body = models.ForeignKey(OrgUnit, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=document_choices)
    file = models.FileField(_("tệp mẫu (.docx)"), upload_to=RandomName("document-templates"), storage=private_storage)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now=True)

    class Meta:
        db_table = "council_documenttemplate"
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["body", "kind"]
        constraints = [models.UniqueConstraint(fields=["body", "kind"], name="documenttemplate_once_per_body")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.body}"


class TaskJob(models.Model):
    """A file built by a Celery task while the page waits: its state, its file (private storage),
    what went wrong, who asked and when. Claimed by one UPDATE queued -> running."""

    status = models.CharField(_("trạng thái"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    file = models.CharField(_("tệp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def running(self) -> bool:
        return self.status in {BatchStatus.QUEUED, BatchStatus.RUNNING}

    @property
    def succeeded(self) -> bool:
        return self.status == BatchStatus.DONE


class DocumentJob(TaskJob):
    """The PDF of a registered document (``songlo.docx.DOCUMENTS``) of one object, converted from
    its DOCX by LibreOffice in a task (``organisation.documents.build_pdf``)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=document_choices)
    target_id = models.PositiveBigIntegerField(_("mã đối tượng"))

    class Meta(TaskJob.Meta):
        verbose_name = _("bản PDF của văn bản")
        verbose_name_plural = _("bản PDF của văn bản")
        indexes = [models.Index(fields=["kind", "target_id"], name="documentjob_target")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("organisation:document_job", args=[self.pk])
