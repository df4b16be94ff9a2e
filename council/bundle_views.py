"""The bundles (tờ trình) of proposals to the higher level: list, detail, the transitions, the
downloads and the import of the higher level's decision list. Thin, like council.views: a
queryset scoped to the user (another body's bundle is a 404), a permission, one service."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from council import bundles, services
from council.enums import BundleStatus, ProposalStatus
from council.forms import BundleReceivedForm, BundleSendForm, DecisionListForm, LineReturnForm
from council.models import BundleLine
from council.selectors import bundlable_bodies, bundles_for_user, office_bodies
from songlo.docx import DocumentTemplateError
from songlo.spreadsheets import xlsx_response
from songlo.views_support import FAILED, require_page, run

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bundle(request, pk):
    bundle = get_object_or_404(bundles_for_user(request.user), pk=pk)
    require_page(request, "council.send_proposals", bundle)
    return bundle


@login_required
@require_GET
def bundle_list(request):
    require_page(request, "council.handle_objections")
    queryset = bundles_for_user(request.user).annotate(
        n_lines=Count("lines", filter=Q(lines__returned_at__isnull=True)),
        n_returned=Count("lines", filter=Q(lines__returned_at__isnull=False)),
    )
    page = Paginator(queryset.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/bundle_list.html", {"page": page, "bodies": list(bundlable_bodies(request.user))})


@login_required
@require_POST
def bundle_create(request):
    require_page(request, "council.handle_objections")
    body = get_object_or_404(office_bodies(request.user), pk=request.POST.get("body") or 0)
    created = run(request, services.bundle_create, body=body)
    if created is FAILED:
        return redirect("council:bundle_list")
    messages.success(
        request,
        ngettext("Đã lập %(n)d tờ trình.", "Đã lập %(n)d tờ trình.", len(created)) % {"n": len(created)},
    )
    return redirect(created[0]) if len(created) == 1 else redirect("council:bundle_list")


@login_required
@require_GET
def bundle_detail(request, pk):
    bundle = _bundle(request, pk)
    lines = list(bundles.lines_of(bundle))
    context = {
        "bundle": bundle,
        "lines": lines,
        "BundleStatus": BundleStatus,
        "ProposalStatus": ProposalStatus,
        "send_form": as_crispy_form(BundleSendForm()),
        "received_form": as_crispy_form(BundleReceivedForm()),
        "return_form": as_crispy_form(LineReturnForm()),
        "import_form": as_crispy_form(DecisionListForm(auto_id="id_outcome_%s")),
        "open_count": sum(1 for line in lines if line.returned_at is None),
    }
    return render(request, "council/bundle_detail.html", context)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def bundle_send(request, pk):
    bundle = _bundle(request, pk)
    form = BundleSendForm(request.POST)
    if form.is_valid():
        run(request, services.bundle_send, _("Đã ghi nhận gửi tờ trình."), bundle=bundle, **form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect(bundle)


@login_required
@require_POST
def bundle_received(request, pk):
    bundle = _bundle(request, pk)
    form = BundleReceivedForm(request.POST)
    if form.is_valid():
        run(request, services.bundle_mark_received, _("Đã ghi nhận cấp trên nhận tờ trình."), bundle=bundle,
            date=form.cleaned_data["date"])  # fmt: skip
    else:
        _form_errors(request, form)
    return redirect(bundle)


@login_required
@require_POST
def line_return(request, pk, line_pk):
    bundle = _bundle(request, pk)
    line = get_object_or_404(BundleLine.objects.select_related("bundle"), bundle=bundle, pk=line_pk)
    form = LineReturnForm(request.POST)
    form.is_valid()  # an empty reason is refused by the service, after the permission
    run(request, services.proposal_return, _("Đã ghi nhận hồ sơ bị trả lại."), line=line,
        reason=form.cleaned_data.get("reason", ""))  # fmt: skip
    return redirect(bundle)


@login_required
@require_GET
def bundle_docx(request, pk):
    bundle = _bundle(request, pk)
    try:
        data = bundles.bundle_docx(bundle)
    except DocumentTemplateError as error:
        messages.error(request, str(error))
        return redirect(bundle)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="to-trinh-{bundle.pk}.docx"'
    return response


@login_required
@require_GET
def bundle_xlsx(request, pk):
    bundle = _bundle(request, pk)
    return xlsx_response(bundles.list_xlsx(bundle), f"danh-sach-de-nghi-{bundle.pk}.xlsx")


@login_required
@require_GET
def bundle_zip(request, pk):
    return bundles.dossier_zip(_bundle(request, pk))


@login_required
@require_POST
def bundle_import(request, pk):
    """Step 1 (a file): read the decision list and show what matched; step 2 (the lines chosen,
    no file): record the outcomes."""
    bundle = _bundle(request, pk)
    form = DecisionListForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(bundle)
    data = form.cleaned_data
    if data["file"] is None:
        ids = [int(v) for v in request.POST.getlist("line") if v.isdigit()]
        chosen = BundleLine.objects.filter(bundle=bundle, pk__in=ids).select_related("proposal")
        done = run(request, services.bundle_record_outcomes, bundle=bundle, proposals=[li.proposal for li in chosen],
                   number=data["number"], date=data["date"])  # fmt: skip
        if done is not FAILED:
            messages.success(request, ngettext("Đã ghi nhận kết quả cho %(n)d hồ sơ.",
                                               "Đã ghi nhận kết quả cho %(n)d hồ sơ.", done) % {"n": done})  # fmt: skip
        return redirect(bundle)
    try:
        entries = bundles.read_decision_list(data["file"].read())
    except bundles.DecisionListError as error:
        messages.error(request, str(error))
        return redirect(bundle)
    matches = bundles.match_decision_list(bundle, entries)
    return render(
        request,
        "council/bundle_import.html",
        {
            "bundle": bundle,
            "matches": matches,
            "matched": [m for m in matches if m.line is not None],
            "number": data["number"],
            "date": data["date"],
        },
    )
