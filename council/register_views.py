"""Pages of the registers an office keeps after its decisions (golden book, payout sheets, reward
fund) and the public results page (no login). The reads are in ``council.registers``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from council import registers, services
from council.enums import BatchStatus
from council.forms import FundIncomeForm, RecoveryForm
from council.models import CertificateBatch, DecisionEntry, PdfJob
from council.selectors import (
    blank_layouts_for,
    decisions_for_user,
    public_decisions,
    register_bodies,
    sessions_for_user,
)
from organisation.models import OrgUnit
from songlo.params import id_param, year_param
from songlo.sorting import Sorts
from songlo.spreadsheets import xlsx_response
from songlo.text import search_q
from songlo.uploads import private_storage
from songlo.views_support import FAILED, require_page, run

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 10


def _body(request) -> tuple[OrgUnit, list[OrgUnit]]:
    """The body whose registers are shown (``?body=``, else the user's first) and the choices."""
    require_page(request, "council.use_area")
    bodies = list(register_bodies(request.user))
    if not bodies:
        raise Http404
    wanted = id_param(request.GET.get("body") or request.POST.get("body"))
    body = next((b for b in bodies if b.pk == wanted), bodies[0])
    require_page(request, "council.view_registers", body)
    return body, bodies


_GOLDEN_SUBJECT = Coalesce("nomination__person__full_name", "nomination__subject_unit__name")
# The book's own order (its ordinals) by default; the XLSX keeps it whatever the page shows.
GOLDEN_BOOK_SORTS = Sorts(
    "ordinal",
    ordinal="ordinal",
    subject=(_GOLDEN_SUBJECT, F("ordinal").asc()),
    unit=("nomination__unit__name", F("ordinal").asc()),
    award=("nomination__award_type__order", "nomination__award_type__name", F("ordinal").asc()),
    decision=("decision__date", "decision__number", F("ordinal").asc()),
)


@login_required
@require_GET
def golden_book(request):
    """The body's golden book (sổ vàng) for a year: every decided award by its ordinal."""
    body, bodies = _body(request)
    years = registers.golden_book_years(body)
    year = year_param(request.GET.get("year")) or (years[0] if years else datetime.date.today().year)
    query = request.GET.get("q", "")[:100]
    entries = registers.golden_book(body, year, query)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(registers.golden_book_xlsx(body, year, entries), f"so-vang-{year}.xlsx")
    entries, sort = GOLDEN_BOOK_SORTS.apply(request, entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    export = "?" + urlencode({"body": body.pk, "year": year, "q": query, "format": "xlsx"})
    return render(
        request,
        "council/golden_book.html",
        {
            "body": body,
            "bodies": bodies,
            "year": year,
            "years": years,
            "q": query,
            "page": page,
            "export_url": export,
            "sort": sort,
        },
    )


@login_required
@require_GET
def decision_payout(request, pk, fmt):
    """The payout sheet of a decision (bảng kê chi tiền thưởng) as XLSX or PDF."""
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    require_page(request, "council.view_registers", decision)
    sheet = registers.payout_sheet(decision)
    name = f"bang-ke-tien-thuong-{decision.pk}"
    if fmt == "xlsx":
        return xlsx_response(registers.payout_xlsx(sheet), f"{name}.xlsx")
    response = HttpResponse(registers.payout_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _fund_page(request, body, bodies, year: int, income_form=None, status: int = 200):
    years = registers.fund_years(body)
    return render(
        request,
        "council/fund.html",
        {
            "body": body,
            "bodies": bodies,
            "year": year,
            "years": years,
            "summary": next((y for y in years if y.year == year), None),
            "lines": registers.fund_lines(body, year),
            "to_recover": registers.to_recover(body),
            "income_form": income_form or FundIncomeForm(initial={"date": datetime.date.today()}),
            "recovery_form": RecoveryForm(initial={"date": datetime.date.today()}),
        },
        status=status,
    )


@login_required
@require_GET
def fund(request):
    """The reward fund's ledger of a body: the yearly summary, the year's movements, income to
    record and rewards still to recover."""
    body, bodies = _body(request)
    return _fund_page(request, body, bodies, year_param(request.GET.get("year")) or datetime.date.today().year)


def _fund_url(body: OrgUnit, year: int | None = None) -> str:
    params = {"body": body.pk}
    if year:
        params["year"] = year
    return reverse("council:fund") + "?" + urlencode(params)


@login_required
@require_POST
def fund_income(request):
    body, bodies = _body(request)
    form = FundIncomeForm(request.POST)
    if form.is_valid():
        income = run(
            request,
            services.fund_income_record,
            _("Đã ghi khoản thu vào quỹ."),
            form=form,
            body=body,
            **form.cleaned_data,
        )
        if income is not FAILED:
            return redirect(_fund_url(body, income.date.year))
    return _fund_page(request, body, bodies, datetime.date.today().year, income_form=form, status=400)


@login_required
@require_POST
def reward_recovered(request, entry_pk):
    entry = get_object_or_404(
        DecisionEntry.objects.filter(decision__in=decisions_for_user(request.user)).select_related("decision__body"),
        pk=entry_pk,
    )
    require_page(request, "council.keep_fund", entry.decision)
    form = RecoveryForm(request.POST)
    if form.is_valid():
        run(
            request,
            services.reward_recovery_record,
            _("Đã ghi nhận tiền thưởng được thu hồi về quỹ."),
            entry=entry,
            date=form.cleaned_data["date"],
        )
    else:
        messages.error(request, _("Nhập ngày thu hồi theo dạng ngày/tháng/năm."))
    return redirect(_fund_url(entry.decision.body))


# Public --------------------------------------------------------------------------------------
@require_GET
def public_results(request):
    """Issued decisions, as the law asks results to be made public: number, date, subject and the
    list of names, units and awards; revoked awards shown as revoked. Nothing else personal."""
    decisions = public_decisions()
    year = year_param(request.GET.get("year"))
    if year:
        decisions = decisions.filter(date__year=year)
    query = request.GET.get("q", "")[:100]
    if query.strip():
        matching = DecisionEntry.objects.filter(
            search_q(
                query, "nomination__person__full_name", "nomination__subject_unit__name", "nomination__unit__name"
            ),
            decision=OuterRef("pk"),
        )
        decisions = decisions.filter(Exists(matching) | search_q(query, "number", "summary", "body__name"))
    page = Paginator(decisions, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/public_results.html", {"page": page, "year": year, "q": query})


# Certificates by the hundred -----------------------------------------------------------------
@login_required
@require_POST
def certificate_batch_start(request, pk):
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    require_page(request, "council.print_certificates", decision)
    wanted = id_param(request.POST.get("layout"))
    layout = get_object_or_404(blank_layouts_for(decision), pk=wanted) if wanted else None
    batch = run(request, services.certificate_batch_start, None, decision=decision, layout=layout)
    if batch is FAILED:
        return redirect(decision)
    return redirect(batch)


def _batch(request, pk, batch_pk) -> CertificateBatch:
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    require_page(request, "council.print_certificates", decision)
    return get_object_or_404(
        CertificateBatch.objects.select_related("decision", "layout"), decision=decision, pk=batch_pk
    )


@login_required
@require_GET
def certificate_batch(request, pk, batch_pk):
    """The batch's progress (the page polls it with htmx) and its PDF once done."""
    batch = _batch(request, pk, batch_pk)
    return _polled(request, "certificate_batch.html", {"batch": batch, "decision": batch.decision})


@login_required
@require_GET
def certificate_batch_file(request, pk, batch_pk):
    batch = _batch(request, pk, batch_pk)
    if batch.status != BatchStatus.DONE or not batch.file:
        raise Http404
    return _private_pdf(batch.file, f"giay-chung-nhan-{batch.decision_id}-{batch.pk}.pdf")


# PDFs of the documents (LibreOffice in a task) -----------------------------------------------
@login_required
@require_POST
def decision_pdf(request, pk):
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    job = run(request, services.pdf_job_start, None, decision=decision)
    return redirect(decision if job is FAILED else job)


@login_required
@require_POST
def minutes_pdf(request, pk):
    session = get_object_or_404(sessions_for_user(request.user), pk=pk)
    job = run(request, services.pdf_job_start, None, session=session)
    return redirect(session if job is FAILED else job)


def _pdf_job(request, job_pk) -> PdfJob:
    """A job whose document the user may read (the same checks as the document itself)."""
    job = get_object_or_404(PdfJob.objects.select_related("decision__body", "session__body"), pk=job_pk)
    if job.decision_id:
        get_object_or_404(decisions_for_user(request.user), pk=job.decision_id)
        require_page(request, "council.view_decision", job.decision)
    else:
        get_object_or_404(sessions_for_user(request.user), pk=job.session_id)
        require_page(request, "council.view_session", job.session)
    return job


@login_required
@require_GET
def pdf_job(request, job_pk):
    job = _pdf_job(request, job_pk)
    return _polled(request, "pdf_job.html", {"job": job})


@login_required
@require_GET
def pdf_job_file(request, job_pk):
    job = _pdf_job(request, job_pk)
    if not job.succeeded or not job.file:
        raise Http404
    target = job.target
    name = f"quyet-dinh-{target.pk}" if job.decision_id else f"bien-ban-hoi-dong-{target.pk}"
    return _private_pdf(job.file, f"{name}.pdf")


def _polled(request, name: str, context: dict):
    """A task's page, or only its progress block when htmx polls it (``includes/`` + name)."""
    folder = "council/includes/" if request.headers.get("HX-Request") else "council/"
    return render(request, folder + name, context)


def _private_pdf(path: str, filename: str) -> FileResponse:
    try:
        handle = private_storage().open(path, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    add_never_cache_headers(response)
    return response
