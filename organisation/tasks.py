"""Thin Celery task: the PDF of a registered document (organisation.documents). Claims its job first."""

from celery import shared_task

from organisation import documents


@shared_task(name="organisation.render_document")
def task_render_document(job_id: int) -> None:
    """Fill a document's DOCX template and convert it to PDF with LibreOffice (claimed once)."""
    documents.build_pdf(job_id)
