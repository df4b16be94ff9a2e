"""Imports from the web page, run by Celery tasks: upload, preview (dry run), confirm, write.

The page only stores the upload and an ``ImportJob``; a task reads and checks the file
(``run_import(dry_run=True)``) and stores the preview; once the person confirms, another task
writes it (``run_import`` with the actor, which records the audit entry itself). The page polls
the job. Every step moves the job with a conditional UPDATE, so a repeated or late task does
nothing twice. Uploads never confirmed are deleted by ``purge`` (a periodic task).
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import IMPORT_JOB_KEEPS_FILE, IMPORT_JOB_TRANSITIONS, ImportJobStatus, ImportPhase
from awards.import_reading import progress_hook
from awards.importer import ImportProblems, ImportReport, run_import
from awards.models import ImportJob
from awards.selectors import import_scope
from songlo.exceptions import DomainError
from songlo.permissions import require
from songlo.transitions import transition
from songlo.uploads import private_storage

logger = logging.getLogger(__name__)

FOLDER = "imports"
# A job still waiting for a worker this long after it was queued is queued again (the broker
# may have been down when the page queued it); the task claims the job, so a duplicate is harmless.
REQUEUE_AFTER = datetime.timedelta(minutes=15)
PROGRESS_STEP = 5  # percent between two progress writes


def jobs_for_user(user) -> QuerySet[ImportJob]:
    """A person sees only their own imports."""
    return ImportJob.objects.filter(user=user)


def report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "total_changes": report.total_changes,
        "lines": report.lines(),
        "sheets": [
            {
                "name": name,
                "label": str(label),
                "created": sheet.created,
                "updated": sheet.updated,
                "unchanged": sheet.unchanged,
                "changes": list(sheet.changes),
            }
            for name, label, sheet in report.items()
        ],
    }


# Services called by the views -------------------------------------------------------------
def submit(*, actor, uploaded) -> ImportJob:
    """Store the upload (already checked by ImportForm) and queue its preview."""
    require(actor, "awards.import_data")
    storage = private_storage()
    name = storage.save(f"{FOLDER}/{secrets.token_hex(16)}.xlsx", uploaded)
    job = ImportJob.objects.create(
        user=actor, original_name=PurePath(uploaded.name or "").name[:255], file=name, size=uploaded.size or 0
    )
    transaction.on_commit(lambda: _enqueue("preview", job.pk))
    return job


def confirm(*, actor, job: ImportJob) -> ImportJob:
    """Queue the writing of a previewed job (its own person only; once)."""
    require(actor, "awards.import_data")
    if job.user_id != actor.pk:
        raise DomainError(_("Bạn chỉ xác nhận được lượt nhập của chính mình."))
    if job.status == ImportJobStatus.READY and not (job.preview or {}).get("total_changes"):
        raise DomainError(_("Tệp không làm thay đổi dữ liệu nào: không có gì để ghi."))
    transition(
        job,
        table=IMPORT_JOB_TRANSITIONS,
        old=ImportJobStatus.READY,
        new=ImportJobStatus.IMPORTING,
        message=_("Lượt nhập này không còn chờ xác nhận (đã ghi, đã hủy hoặc đã quá hạn)."),
        phase=ImportPhase.WAITING,
        progress=0,
        confirmed_at=timezone.now(),
        started_at=None,
    )
    transaction.on_commit(lambda: _enqueue("apply", job.pk))
    return job


def cancel(*, actor, job: ImportJob) -> ImportJob:
    """Drop a previewed job that the person does not want written; its upload is deleted."""
    require(actor, "awards.import_data")
    if job.user_id != actor.pk:
        raise DomainError(_("Bạn chỉ hủy được lượt nhập của chính mình."))
    transition(
        job,
        table=IMPORT_JOB_TRANSITIONS,
        old=ImportJobStatus.READY,
        new=ImportJobStatus.CANCELLED,
        message=_("Lượt nhập này không còn chờ xác nhận (đã ghi, đã hủy hoặc đã quá hạn)."),
        finished_at=timezone.now(),
    )
    _delete_upload(job)
    return job


def _enqueue(step: str, job_id: int) -> None:
    from awards.tasks import task_apply_import, task_preview_import

    task = task_preview_import if step == "preview" else task_apply_import
    try:
        task.delay(job_id)
    except Exception:  # a broker that does not answer: the job waits, the periodic task queues it again
        logger.exception("import job %s: could not queue the %s task", job_id, step)


# Work done by the tasks ---------------------------------------------------------------------
def preview(job_id: int) -> None:
    """Read and check the upload without writing (dry run); store the report or the problems."""
    _step(job_id, running=ImportJobStatus.PREVIEWING, done=ImportJobStatus.READY, dry_run=True, stored="preview")


def apply(job_id: int) -> None:
    """Write a confirmed job. Claimed once: a duplicate message finds the job taken and stops."""
    _step(
        job_id,
        running=ImportJobStatus.IMPORTING,
        done=ImportJobStatus.DONE,
        dry_run=False,
        stored="result",
        claim={"phase": ImportPhase.WAITING},
    )


def _step(job_id: int, *, running: str, done: str, dry_run: bool, stored: str, claim=None) -> None:
    """Claim the job in ``running`` (one UPDATE: a second message finds it taken), run the import,
    then store its report under ``stored`` and move it to ``done``, or store the refusal."""
    claimed = ImportJob.objects.filter(pk=job_id, status=running, **(claim or {})).update(
        phase=ImportPhase.READING, progress=0, started_at=timezone.now()
    )
    job = ImportJob.objects.filter(pk=job_id).select_related("user").first()
    if not claimed or job is None:
        return
    outcome = _run(job, dry_run=dry_run)
    if isinstance(outcome, ImportReport):
        _finish(job, running, done, **{stored: report_json(outcome)})
    else:
        status, fields = outcome
        _finish(job, running, status, **fields)


def _run(job: ImportJob, *, dry_run: bool) -> ImportReport | tuple[str, dict[str, Any]]:
    """The report, or the status and fields of a refusal."""
    path = Path(private_storage().path(job.file)) if job.file else None
    if path is None or not path.exists():
        return ImportJobStatus.FAILED, {"problems": [_("Tệp tải lên không còn trên máy chủ: hãy tải tệp lên lại.")]}
    try:
        with _reporting(job.pk):
            return run_import(path, dry_run=dry_run, actor=job.user, scope=import_scope(job.user))
    except ImportProblems as error:
        return ImportJobStatus.REFUSED, {"problems": error.problems}
    except Exception:
        logger.exception("import job %s failed", job.pk)
        return ImportJobStatus.FAILED, {
            "problems": [_("Lỗi hệ thống khi nhập tệp, chưa ghi gì. Hãy thử lại sau hoặc báo quản trị viên.")]
        }


def _finish(job: ImportJob, old: str, new: str, **fields: Any) -> None:
    now = timezone.now()
    ending = new != ImportJobStatus.READY
    if new == ImportJobStatus.READY:
        fields["previewed_at"] = now
    else:
        fields["finished_at"] = now
    moved = ImportJob.objects.filter(pk=job.pk, status=old).update(status=new, progress=100, **fields)
    if moved and ending:
        _delete_upload(job)


@contextmanager
def _reporting(job_id: int) -> Iterator[None]:
    """Store the reading progress of the job now and then (the page polls it)."""
    last = -PROGRESS_STEP

    def report(done: int, total: int, finished: bool) -> None:
        nonlocal last
        if finished:
            ImportJob.objects.filter(pk=job_id).update(progress=100, phase=ImportPhase.CHECKING)
            return
        percent = min(done * 100 // total, 99) if total else 0
        if percent >= last + PROGRESS_STEP:
            last = percent
            ImportJob.objects.filter(pk=job_id).update(progress=percent)

    token = progress_hook.set(report)
    try:
        yield
    finally:
        progress_hook.reset(token)


def _delete_upload(job: ImportJob) -> None:
    if job.file:
        private_storage().delete(job.file)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        job.file = ""


# The periodic clean-up ----------------------------------------------------------------------
def purge(now: datetime.datetime | None = None) -> dict[str, int]:
    """Expire uploads not confirmed in time and delete their files; requeue jobs left waiting.

    Safe to run twice or to miss once: every change is a conditional UPDATE on stored state.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.IMPORT_UPLOAD_MAX_AGE_HOURS)
    counts = {"expired": 0, "failed": 0, "requeued": 0, "orphans": 0}

    for job in ImportJob.objects.filter(
        status__in=[ImportJobStatus.PREVIEWING, ImportJobStatus.READY], created_at__lt=cutoff
    ):
        moved = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportJobStatus.EXPIRED, finished_at=now
        )
        if moved:
            _delete_upload(job)
            counts["expired"] += 1
    # A worker that died while writing wrote nothing (the import is one transaction).
    for job in ImportJob.objects.filter(status=ImportJobStatus.IMPORTING, confirmed_at__lt=cutoff):
        moved = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.IMPORTING).update(
            status=ImportJobStatus.FAILED,
            finished_at=now,
            problems=[_("Việc ghi dữ liệu bị gián đoạn, chưa ghi gì. Hãy tải tệp lên lại.")],
        )
        if moved:
            _delete_upload(job)
            counts["failed"] += 1

    waiting = ImportJob.objects.filter(phase=ImportPhase.WAITING).filter(
        Q(status=ImportJobStatus.PREVIEWING, created_at__lt=now - REQUEUE_AFTER)
        | Q(status=ImportJobStatus.IMPORTING, confirmed_at__lt=now - REQUEUE_AFTER)
    )
    for job in waiting:
        _enqueue("preview" if job.status == ImportJobStatus.PREVIEWING else "apply", job.pk)
        counts["requeued"] += 1

    counts["orphans"] = _delete_orphans(cutoff)
    return counts


def _delete_orphans(cutoff: datetime.datetime) -> int:
    """Files in the imports folder that no live job holds (a crash between saving and recording)."""
    storage = private_storage()
    try:
        _folders, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    kept = set(ImportJob.objects.filter(status__in=IMPORT_JOB_KEEPS_FILE).values_list("file", flat=True))
    deleted = 0
    for filename in files:
        name = f"{FOLDER}/{filename}"
        if name not in kept and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted
