"""Thin Celery tasks of the council: the work lives in council.certificates. Safe to run twice."""

from celery import shared_task

from council import certificates


@shared_task(name="council.build_certificates")
def task_build_certificates(batch_id: int) -> None:
    """Render every certificate of a batch into one PDF (claimed once)."""
    certificates.build(batch_id)
