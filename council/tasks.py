"""Thin Celery tasks of the council: the work lives in council.certificates and council.documents.
Each claims its job first: safe to run twice."""

from celery import shared_task

from council import certificates, documents


@shared_task(name="council.build_certificates")
def task_build_certificates(batch_id: int) -> None:
    """Render every certificate of a batch into one PDF (claimed once)."""
    certificates.build(batch_id)


@shared_task(name="council.render_pdf")
def task_render_pdf(job_id: int) -> None:
    """Fill a document's DOCX template and convert it to PDF with LibreOffice (claimed once)."""
    documents.build_pdf(job_id)
