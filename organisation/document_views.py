"""The documents registered by the apps (``songlo.docx.DOCUMENTS``): the DOCX at once, the PDF
in a task, each scoped as the object's own page is (the kind's ``queryset(user)`` and ``perm``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from organisation import documents
from organisation.models import DocumentJob
from songlo.docx import DocumentTemplateError
from songlo.exceptions import DomainError
from songlo.uploads import private_storage
from songlo.views_support import FAILED, require_page, run

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _readable(request, kind: str, pk: int):
    """The object whose document of that kind the user may read, else 404/403."""
    try:
        spec = documents.spec_for(kind)
    except DomainError as error:
        raise Http404 from error
    assert spec.queryset is not None
    obj = get_object_or_404(spec.queryset(request.user), pk=pk)
    if spec.perm:
        require_page(request, spec.perm, obj)
    if spec.available is not None and not spec.available(obj):
        raise Http404
    return obj


@login_required
@require_GET
def document_docx(request, kind, pk):
    obj = _readable(request, kind, pk)
    try:
        data = documents.document_docx(kind, obj)
    except DocumentTemplateError as error:
        return render(request, "organisation/document_error.html", {"error": error, "obj": obj}, status=422)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(kind, obj)}.docx"'
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def document_pdf(request, kind, pk):
    obj = _readable(request, kind, pk)
    job = run(request, documents.pdf_job_start, None, kind=kind, obj=obj)
    return redirect(obj if job is FAILED else job)


def _job(request, job_pk) -> tuple[DocumentJob, object]:
    job = get_object_or_404(DocumentJob, pk=job_pk)
    return job, _readable(request, job.kind, job.target_id)


@login_required
@require_GET
def document_job(request, job_pk):
    job, obj = _job(request, job_pk)
    folder = "organisation/includes/" if request.headers.get("HX-Request") else "organisation/"
    return render(request, folder + "document_job.html", {"job": job, "obj": obj})


@login_required
@require_GET
def document_job_file(request, job_pk):
    job, obj = _job(request, job_pk)
    if not job.succeeded or not job.file:
        raise Http404
    try:
        handle = private_storage().open(job.file, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = f"{documents.filename(job.kind, obj)}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    add_never_cache_headers(response)
    return response
