"""Documents of every app from their DOCX templates: which template applies to a unit, and the
PDF of a registered document built in a task (``songlo.docx.DOCUMENTS`` lists the kinds).

A unit's document uses the unit's own uploaded template, else the nearest ancestor's (the
district office uploads one form for all its communes and schools), else Songlo's default.
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.enums import BatchStatus
from organisation.models import PATH_SEP, DocumentJob, DocumentTemplate, OrgUnit
from songlo.docx import DOCUMENTS, DocumentSpec, DocumentTemplateError, render, to_pdf
from songlo.exceptions import DomainError, NotAllowed
from songlo.permissions import require
from songlo.uploads import private_storage

logger = logging.getLogger(__name__)


def _ancestor_paths(body: OrgUnit) -> list[str]:
    codes = [c for c in body.path.split(PATH_SEP) if c]
    return [PATH_SEP + PATH_SEP.join(codes[:n]) + PATH_SEP for n in range(1, len(codes) + 1)]


def _own_template(body: OrgUnit, kind: str) -> DocumentTemplate | None:
    """The template uploaded by the body or its nearest ancestor (one query)."""
    return (
        DocumentTemplate.objects.filter(kind=kind, body__path__in=_ancestor_paths(body))
        .order_by("-body__depth")
        .first()
    )


def template_for(body: OrgUnit, kind: str) -> bytes:
    """The template of that kind for the body: its own or its nearest ancestor's, else the default."""
    own = _own_template(body, kind)
    if own is not None:
        with own.file.open("rb") as handle:
            return handle.read()
    spec = DOCUMENTS.get(kind)
    if spec is None:
        raise DocumentTemplateError(f"Không có loại văn bản {kind}.")
    return spec.default()


def template_uploaded_at(body: OrgUnit, kind: str) -> datetime.datetime | None:
    own = _own_template(body, kind)
    return own.uploaded_at if own is not None else None


def spec_for(kind: str) -> DocumentSpec:
    """A kind served by the generic views, or DomainError."""
    spec = DOCUMENTS.get(kind)
    if spec is None or not spec.served:
        raise DomainError(_("Không có loại văn bản này."))
    return spec


def document_docx(kind: str, obj) -> bytes:
    """The filled DOCX of a registered document of ``obj``."""
    spec = spec_for(kind)
    assert spec.body is not None and spec.context is not None
    return render(template_for(spec.body(obj), spec.template or kind), spec.context(obj))


def filename(kind: str, obj) -> str:
    spec = spec_for(kind)
    return spec.filename(obj) if spec.filename else f"{kind}-{obj.pk}"


@transaction.atomic
def pdf_job_start(*, actor, kind: str, obj) -> DocumentJob:
    """Ask for the PDF of a registered document of ``obj``, converted in a task.

    The actor must be allowed to read it (``spec.queryset(actor)`` holds it and ``spec.perm``
    allows it: the same checks as its page). Returns the job already waiting or running, or the last PDF
    when it is newer than the template in force and the data. Side effects: a DocumentJob (queued)
    and its task queued on commit. Reading a document changes nothing else: no audit line.
    """
    spec = spec_for(kind)
    assert spec.queryset is not None
    if spec.perm:
        require(actor, spec.perm, obj)
    if not spec.queryset(actor).filter(pk=obj.pk).exists():
        raise NotAllowed(_("Bạn không có quyền thực hiện việc này."))
    if spec.available is not None and not spec.available(obj):
        raise DomainError(_("Văn bản này chưa có: chưa đủ dữ liệu để lập."))
    jobs = DocumentJob.objects.filter(kind=kind, target_id=obj.pk)
    waiting = jobs.filter(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING]).first()
    if waiting is not None:
        return waiting
    done = jobs.filter(status=BatchStatus.DONE).first()
    assert spec.body is not None
    uploaded = template_uploaded_at(spec.body(obj), spec.template or kind)
    newer = [t for t in (uploaded, spec.changed_at and spec.changed_at(obj)) if t]
    if done is not None and all(done.created_at > t for t in newer):
        return done
    job = DocumentJob.objects.create(kind=kind, target_id=obj.pk, created_by=actor)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from organisation.tasks import task_render_document

    try:
        task_render_document.delay(job_id)
    except Exception:  # a broker that does not answer: asking again queues a new job later
        logger.exception("document job %s: could not queue the task", job_id)


def build_pdf(job_id: int) -> None:
    """Claim a queued job (one UPDATE), fill the document's DOCX, convert it, store the PDF."""
    claimed = DocumentJob.objects.filter(pk=job_id, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    job = DocumentJob.objects.filter(pk=job_id).first()
    if not claimed or job is None:
        return
    try:
        spec = spec_for(job.kind)
        assert spec.queryset is not None
        obj = spec.queryset(None).get(pk=job.target_id)
        pdf = to_pdf(document_docx(job.kind, obj))
        name = private_storage().save(f"documents/{secrets.token_hex(16)}.pdf", ContentFile(pdf))
    except Exception as error:
        logger.exception("document job %s failed", job_id)
        message = str(error) if isinstance(error, (DocumentTemplateError, RuntimeError)) else ""
        DocumentJob.objects.filter(pk=job_id).update(
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            error=message or "Lỗi hệ thống khi tạo tệp PDF. Hãy thử lại hoặc báo quản trị viên.",
        )
        return
    DocumentJob.objects.filter(pk=job_id).update(status=BatchStatus.DONE, file=name, finished_at=timezone.now())
