"""Thin Celery tasks for imports: the logic lives in awards.import_jobs. Each is safe to run twice."""

from celery import shared_task

from awards import eligibility_snapshots, import_jobs


@shared_task(name="awards.preview_import")
def task_preview_import(job_id: int) -> None:
    """Read and check an uploaded workbook (dry run) and store what would change."""
    import_jobs.preview(job_id)


@shared_task(name="awards.apply_import")
def task_apply_import(job_id: int) -> None:
    """Write a confirmed import (claimed once; the import itself is one transaction)."""
    import_jobs.apply(job_id)


@shared_task(name="awards.purge_imports")
def task_purge_imports() -> dict[str, int]:
    """Delete uploads not confirmed in time; queue again jobs left waiting for a worker."""
    return import_jobs.purge()


@shared_task(name="awards.refresh_eligibility")
def task_refresh_eligibility() -> list[int]:
    """Compute again the eligibility snapshots whose inputs changed (awards.eligibility_snapshots)."""
    return eligibility_snapshots.refresh_stale()
