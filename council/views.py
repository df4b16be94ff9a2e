"""Council pages. Thin: a queryset scoped to the user (a stranger gets 404), a page's read
permission (403 without it), one service run by ``songlo.views_support.run`` (which checks the
actor: a refusal is a 403), a redirect."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.enums import NominationStatus
from awards.models import Nomination
from council import documents, exports, services
from council.enums import ObjectionStatus, ProposalStatus, SessionStatus, VoteChoice
from council.forms import (
    DecisionForm,
    ObjectionForm,
    OpenForm,
    PaperTallyForm,
    ProposalOutcomeForm,
    ResolveForm,
    RevokeForm,
    SessionPlanForm,
    VoteForm,
    WrittenVoteForm,
)
from council.models import AgendaItem, DecisionEntry
from council.selectors import (
    blank_layouts_for,
    decisions_for_user,
    entries_for_decision,
    items_with_my_receipt,
    list_lines,
    minutes_items,
    next_session_for_member,
    noticed_item,
    objections_for_user,
    office_bodies,
    plannable_submissions,
    proposals_for_user,
    public_notice,
    screened_counts_by_award,
    sessions_for_user,
    with_award_counts,
    with_notice_until,
)
from organisation.enums import Role
from organisation.selectors import user_grants
from songlo import ratelimit, signing
from songlo.docx import labelled
from songlo.exceptions import DomainError
from songlo.mail import absolute_url
from songlo.params import id_param
from songlo.sorting import Sorts, choice_order
from songlo.text import search_q
from songlo.views_support import FAILED, require_page, run

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 50
# Who keeps a body's golden book, payout sheets and fund (council.view_registers).
REGISTER_ROLES = {Role.OFFICE, Role.COUNCIL_CHAIR}
# Objections from one client address (songlo.net.client_ip): at most this many in the window (seconds).
OBJECTION_LIMIT = 5
OBJECTION_WINDOW = 3600
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Council member's page -------------------------------------------------------------------------
@login_required
@require_GET
def my_council(request):
    """What is on my next session, the dossiers to read and my ballot."""
    require_page(request, "council.use_area")
    session = next_session_for_member(request.user)
    items = with_award_counts(session, list(items_with_my_receipt(session, request.user))) if session else []
    me = session.members.filter(user=request.user).first() if session else None
    context = {
        "session": session,
        "items": items,
        "me": me,
        "vote_form": VoteForm(),
        "to_vote": sum(1 for i in items if not i.i_voted and not i.has_paper_tally),
        "keeps_registers": request.user.is_superuser
        or any(g.role in REGISTER_ROLES for g in user_grants(request.user)),
    }
    return render(request, "council/my_council.html", context)


# Sessions --------------------------------------------------------------------------------------
SESSION_SORTS = Sorts(
    "-date",
    title="title",
    date="date",
    place=("place", F("date").desc()),
    items=("n_items", F("date").desc()),
    status=(choice_order("status", SessionStatus.values), F("date").desc()),
)


@login_required
@require_GET
def session_list(request):
    require_page(request, "council.use_area")
    dossiers = Count("items", filter=Q(items__nomination__isnull=False))  # a list item is not a dossier
    sessions, sort = SESSION_SORTS.apply(request, sessions_for_user(request.user).annotate(n_items=dossiers))
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/session_list.html", {"page": page, "sort": sort})


@login_required
@require_http_methods(["GET", "POST"])
def session_plan(request):
    require_page(request, "council.plan_session")
    bodies = office_bodies(request.user).order_by("path")
    form = SessionPlanForm(request.POST or None, bodies=bodies, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = run(
            request,
            services.session_plan,
            _("Đã lên kế hoạch phiên họp và gửi hồ sơ tới Hội đồng."),
            form=form,
            body=data["body"],
            title=data["title"],
            date=data["date"],
            place=data["place"],
            nominations=data["nominations"],
            submissions=data["submissions"],
            as_lists=data["as_lists"],
            quorum=(data["quorum_numerator"], data["quorum_denominator"]),
            notice_days=data["notice_days"],
        )
        if session is not FAILED:
            return redirect(session)
    # The submissions waiting, by unit, with their screened lines counted by award: a page of them,
    # searchable (a province receives hundreds); ticking one puts all its screened lines on the agenda.
    query = request.GET.get("q", "").strip()[:100]
    waiting = plannable_submissions(request.user).order_by("unit__path", "-year", "pk")
    if query:
        waiting = waiting.filter(search_q(query, "unit__name", "title", "letter_number"))
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = screened_counts_by_award(s.pk for s in page.object_list)
    for submission in page.object_list:
        submission.award_counts = counts.get(submission.pk, [])
    chosen = {str(v) for v in request.POST.getlist("submissions")}
    context = {"form": form, "page": page, "query": query, "chosen": chosen}
    return render(request, "council/session_plan.html", context)


def _session(request, pk):
    return get_object_or_404(sessions_for_user(request.user), pk=pk)


@login_required
@require_GET
def session_detail(request, pk):
    session = _session(request, pk)
    require_page(request, "council.view_session", session)
    members = list(session.members.select_related("user"))
    items = with_award_counts(
        session, list(items_with_my_receipt(session, request.user).annotate(n_receipts=Count("receipts")))
    )
    absent = [m for m in members if not m.present]
    closed = session.status == SessionStatus.CLOSED
    context = {
        "session": session,
        "members": members,
        "items": items,
        "closed": closed,
        "open_form": OpenForm(members=members),
        "vote_form": VoteForm(),
        "written_form": WrittenVoteForm(absent=absent),
        "paper_form": PaperTallyForm(),
        "is_member": any(m.user_id == request.user.pk and m.present for m in members),
        "has_lists": any(i.is_list for i in items),
        "decidable": closed
        and Nomination.objects.filter(
            agenda_items__session=session, status=NominationStatus.APPROVED, higher_proposal__isnull=True
        ).exists(),
        "documents": labelled([documents.RESULTS]) if closed else [],
    }
    return render(request, "council/session_detail.html", context)


@login_required
@require_POST
def session_open(request, pk):
    session = _session(request, pk)
    require_page(request, "council.chair_session", session)
    members = list(session.members.select_related("user"))
    form = OpenForm(request.POST, members=members)
    if form.is_valid():
        present = [int(v) for v in form.cleaned_data["present"]]
        run(
            request,
            services.session_open,
            _("Đã khai mạc phiên họp: đủ số lượng thành viên có mặt, bắt đầu bỏ phiếu."),
            session=session,
            present_user_ids=present,
        )
    return redirect(session)


@login_required
@require_POST
def session_close(request, pk):
    session = _session(request, pk)
    run(request, services.session_close, _("Đã kết thúc phiên họp và kiểm phiếu."), session=session)
    return redirect(session)


def _item(request, pk, item_pk) -> AgendaItem:
    session = _session(request, pk)
    return get_object_or_404(AgendaItem.objects.select_related("session__body"), session=session, pk=item_pk)


@login_required
@require_POST
def ballot_cast(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    require_page(request, "council.vote", item.session)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn Đồng ý hoặc Không đồng ý."))
    else:
        run(
            request,
            services.ballot_cast,
            _("Đã ghi nhận phiếu của bạn."),
            item=item,
            choice=form.cleaned_data["choice"],
        )
    return redirect(
        (request.POST.get("next") == "me" and reverse("council:my_council")) or item.session.get_absolute_url()
    )


@login_required
@require_POST
def ballot_cast_all(request, pk):
    """A member's ballots on every item they chose on their page, with one confirmation.

    Each ballot is still its own secret vote (``services.ballot_cast``: its receipt and its box,
    in its own transaction); an item left without a choice is not voted on."""
    session = _session(request, pk)
    require_page(request, "council.vote", session)
    cast = 0
    # The items voted on: single nominations, lists (one ballot for all their lines), exceptions.
    for item in session.items.filter(parent__isnull=True).select_related("session").order_by("order", "pk"):
        choice = request.POST.get(f"choice_{item.pk}", "")
        if choice not in VoteChoice.values:
            continue
        if run(request, services.ballot_cast, item=item, choice=choice) is not FAILED:
            cast += 1
    if cast:
        messages.success(
            request,
            ngettext("Đã ghi nhận %(n)d lá phiếu của bạn.", "Đã ghi nhận %(n)d lá phiếu của bạn.", cast) % {"n": cast},
        )
    else:
        messages.error(request, _("Chưa chọn Đồng ý hoặc Không đồng ý cho nội dung nào."))
    return redirect("council:my_council")


LINES_PAGE_SIZE = 50
_LINE_SUBJECT = Coalesce(
    "nomination__person__full_name", "nomination__subject_unit__name", "nomination__household__head_name"
)
LINE_SORTS = Sorts(
    "order",
    order="order",
    subject=(_LINE_SUBJECT, "order"),
    unit=("nomination__unit__path", "order"),
    award=("nomination__award_type__order", "order"),
)


@login_required
@require_GET
def list_detail(request, pk, item_pk):
    """The lines of a list put to one vote, a page at a time, searchable by any spelling; the
    secretary or a member pulls a line out (a named exception) while nobody has voted on the list."""
    item = _item(request, pk, item_pk)
    session = item.session
    require_page(request, "council.view_session", session)
    if not item.is_list:
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    lines = list_lines(item)
    if query:
        lines = lines.filter(
            search_q(
                query,
                "nomination__person__full_name",
                "nomination__subject_unit__name",
                "nomination__household__head_name",
                "nomination__unit__name",
                "nomination__award_type__name",
            )
        )
    lines, sort = LINE_SORTS.apply(request, lines)
    page = Paginator(lines, LINES_PAGE_SIZE).get_page(request.GET.get("page"))
    voted = item.has_paper_tally or item.receipts.exists()
    is_member = session.members.filter(user=request.user).exists()
    can_pull = (
        session.status != SessionStatus.CLOSED
        and not voted
        and request.user.has_perm("council.pull_line", session)
        and (is_member or request.user.has_perm("council.enter_ballots", session))
    )
    exceptions = list(
        item.exceptions.select_related(
            "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__household"
        ).order_by("order")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "session": session,
        "item": item,
        "page": page,
        "sort": sort,
        "query": query,
        "query_string": params.urlencode(),
        "exceptions": exceptions,
        "can_pull": can_pull,
        "n_lines": item.lines.count(),
        "closed": session.status == SessionStatus.CLOSED,
    }
    return render(request, "council/list_detail.html", context)


@login_required
@require_POST
def line_pull_out(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    require_page(request, "council.pull_line", item.session)
    parent = item.parent_id
    run(
        request,
        services.agenda_line_pull_out,
        _("Đã tách hồ sơ khỏi danh sách: hồ sơ được biểu quyết riêng."),
        item=item,
        reason=request.POST.get("reason", "")[:500],
    )
    if parent:
        return redirect("council:list_detail", pk=item.session_id, item_pk=parent)
    return redirect(item.session)


@login_required
@require_POST
def ballot_written(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    require_page(request, "council.enter_ballots", item.session)
    absent = list(item.session.members.filter(present=False).select_related("user"))
    form = WrittenVoteForm(request.POST, absent=absent)
    if not form.is_valid():
        messages.error(request, _("Chọn thành viên vắng mặt và nội dung phiếu."))
    else:
        member = get_user_model().objects.get(pk=form.cleaned_data["member"])
        run(
            request,
            services.ballot_enter_written,
            _("Đã nhập phiếu bằng văn bản của thành viên vắng mặt."),
            item=item,
            member=member,
            choice=form.cleaned_data["choice"],
        )
    return redirect(item.session)


@login_required
@require_POST
def ballot_paper(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    require_page(request, "council.enter_ballots", item.session)
    form = PaperTallyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhập số phiếu đồng ý và không đồng ý (số không âm)."))
    else:
        run(request, services.ballot_enter_paper, _("Đã nhập kết quả kiểm phiếu giấy."), item=item, **form.cleaned_data)
    return redirect(item.session)


@login_required
@require_GET
def minutes(request, pk):
    session = _session(request, pk)
    require_page(request, "council.view_session", session)
    if session.status != SessionStatus.CLOSED:
        raise Http404
    data = documents.minutes_docx(session, minutes_items(session), session.members.select_related("user"))
    return _download(data, f"bien-ban-hoi-dong-{session.pk}.docx", DOCX)


# Decisions -------------------------------------------------------------------------------------
DECISION_SORTS = Sorts(
    "-date",
    number="number",
    date=("date", F("number").asc()),
    summary="summary",
    signer=("signer_name", F("date").desc()),
    entries=("n_entries", F("date").desc()),
)


@login_required
@require_GET
def decision_list(request):
    require_page(request, "council.use_area")
    decisions = decisions_for_user(request.user).annotate(n_entries=Count("entries"))
    decisions, sort = DECISION_SORTS.apply(request, decisions)
    if request.GET.get("export") == "xlsx":
        return exports.decisions_response(decisions)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/decision_list.html", {"page": page, "sort": sort})


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    """Issue a decision for the approved nominations of a closed session."""
    session = _session(request, pk)
    require_page(request, "council.issue_decision", session)
    nominations = (
        Nomination.objects.filter(
            agenda_items__session=session, status=NominationStatus.APPROVED, higher_proposal__isnull=True
        )
        .with_related()
        .order_by("unit__path", "award_type__order", "pk")
    )
    blocked = nominations.filter(objections__status=ObjectionStatus.OPEN).distinct()
    form = DecisionForm(request.POST or None, nominations=nominations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = run(
            request,
            services.decision_issue,
            lambda decision: _("Đã ban hành quyết định %(number)s.") % {"number": decision.number},
            form=form,
            body=session.body,
            session=session,
            number=data["number"],
            date=data["date"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            summary=data["summary"],
            nominations=data["nominations"],
        )
        if decision is not FAILED:
            return redirect(decision)
    ends = session.notice_ends_at
    context = {
        "form": form,
        "session": session,
        "blocked": blocked,
        "notice_ends_at": ends if ends and ends > timezone.now() else None,
    }
    return render(request, "council/decision_create.html", context)


def _decision(request, pk):
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    require_page(request, "council.view_decision", decision)
    return decision


@login_required
@require_GET
def decision_detail(request, pk):
    decision = _decision(request, pk)
    entries = entries_for_decision(decision)
    return render(
        request,
        "council/decision_detail.html",
        # The revoke form is the same on every row: rendered once (crispy costs ~15 ms a render,
        # seconds on a decision of a few hundred entries), then repeated by the template.
        {
            "decision": decision,
            "entries": entries,
            "revoke_form": as_crispy_form(RevokeForm()),
            "layouts": blank_layouts_for(decision),
            "batches": decision.certificate_batches.select_related("layout")[:5],
        },
    )


@login_required
@require_GET
def decision_docx(request, pk):
    decision = _decision(request, pk)
    data = documents.decision_docx(decision, entries_for_decision(decision))
    return _download(data, f"quyet-dinh-{decision.pk}.docx", DOCX)


@login_required
@require_GET
def certificate(request, pk, entry_pk):
    decision = _decision(request, pk)
    entry = get_object_or_404(entries_for_decision(decision).select_related("decision__body"), pk=entry_pk)
    url = absolute_url(entry.get_verify_url())  # SITE_URL, never the Host the request named
    try:
        data = documents.certificate_pdf(entry, url)
    except documents.FontMissing as exc:
        messages.error(request, str(exc))
        return redirect(decision)
    return _download(data, f"giay-chung-nhan-{decision.pk}-{entry.ordinal}.pdf", "application/pdf")


@login_required
@require_POST
def entry_revoke(request, pk, entry_pk):
    decision = _decision(request, pk)
    require_page(request, "council.revoke", decision)
    entry = get_object_or_404(DecisionEntry, decision=decision, pk=entry_pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn căn cứ và ghi rõ lý do hủy bỏ."))
    else:
        run(
            request,
            services.award_revoke,
            _("Đã hủy bỏ khen thưởng; tiền thưởng được đánh dấu phải thu hồi."),
            entry=entry,
            **form.cleaned_data,
        )
    return redirect(decision)


# Higher level ----------------------------------------------------------------------------------
_PROPOSAL_SUBJECT = Coalesce("nomination__person__full_name", "nomination__subject_unit__name")
PROPOSAL_SORTS = Sorts(
    "-created",
    created="created_at",
    subject=(_PROPOSAL_SUBJECT, "nomination__year"),
    award=("nomination__award_type__order", "nomination__award_type__name", _PROPOSAL_SUBJECT.asc()),
    source=("from_body__name", _PROPOSAL_SUBJECT.asc()),
    authority=("authority", _PROPOSAL_SUBJECT.asc()),
    status=(choice_order("status", ProposalStatus.values), F("created_at").desc()),
)
_OBJECTION_SUBJECT = Coalesce("nomination__person__full_name", "nomination__subject_unit__name")
# Open objections first, newest first: the office's queue.
OBJECTION_SORTS = Sorts(
    "status",
    subject=(_OBJECTION_SUBJECT, F("created_at").desc()),
    sender=("name", F("created_at").desc()),
    status=(choice_order("status", ObjectionStatus.values), F("created_at").desc()),
)


@login_required
@require_GET
def proposal_list(request):
    require_page(request, "council.handle_objections")
    proposals, sort = PROPOSAL_SORTS.apply(request, proposals_for_user(request.user))
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    # The same empty form on every pending row: rendered once, not once per row.
    form = as_crispy_form(ProposalOutcomeForm())
    return render(request, "council/proposal_list.html", {"page": page, "form": form, "sort": sort})


@login_required
@require_POST
def proposal_outcome(request, pk):
    proposal = get_object_or_404(proposals_for_user(request.user), pk=pk)
    require_page(request, "council.record_outcome", proposal)
    form = ProposalOutcomeForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Thông tin chưa hợp lệ.")]:
            messages.error(request, error)
    else:
        run(
            request,
            services.proposal_record_outcome,
            _("Đã ghi nhận kết quả của cấp trên."),
            proposal=proposal,
            **form.cleaned_data,
        )
    return redirect("council:proposal_list")


# Objections (office side) ----------------------------------------------------------------------
@login_required
@require_GET
def objection_list(request):
    require_page(request, "council.handle_objections")
    objections, sort = OBJECTION_SORTS.apply(request, objections_for_user(request.user))
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    # The same empty form on every open objection: rendered once, not once per row.
    form = as_crispy_form(ResolveForm())
    return render(request, "council/objection_list.html", {"page": page, "form": form, "sort": sort})


@login_required
@require_POST
def objection_resolve(request, pk):
    objection = get_object_or_404(objections_for_user(request.user), pk=pk)
    form = ResolveForm(request.POST)
    form.is_valid()  # an empty resolution is refused by the service, after the permission
    run(
        request,
        services.objection_resolve,
        _("Đã ghi nhận kết quả giải quyết phản ánh."),
        objection=objection,
        resolution=form.cleaned_data.get("resolution", ""),
    )
    return redirect("council:objection_list")


# Public pages (no login) -----------------------------------------------------------------------
@require_GET
def public_notice_page(request):
    """Public, no login: one page of the list, searchable by any spelling (a province approves thousands)."""
    query = request.GET.get("q", "").strip()[:100]
    items = public_notice()
    if query:
        items = items.filter(
            search_q(
                query,
                "nomination__person__full_name",
                "nomination__subject_unit__name",
                "nomination__unit__name",
                "nomination__award_type__name",
            )
        )
    # The page's ids by a narrow query, then its 50 rows with what they show (a sort of every
    # approved item joined to six tables costs ten times more).
    page = Paginator(items.values_list("pk", flat=True), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = {item.pk: item for item in items.filter(pk__in=ids)}
    page.object_list = with_notice_until(rows[pk] for pk in ids if pk in rows)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "items": page.object_list, "query": query, "query_string": params.urlencode()}
    return render(request, "council/public_notice.html", context)


@require_http_methods(["GET", "POST"])
def public_objection(request, pk):
    pk = id_param(pk)  # the path's digits may be any length: no database id beyond the range
    item = noticed_item(pk) if pk is not None else None
    if item is None:
        raise Http404
    nomination = item.nomination
    form = ObjectionForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit("council:objection", request, limit=OBJECTION_LIMIT, window=OBJECTION_WINDOW):
            form.add_error(None, _("Bạn đã gửi quá nhiều phản ánh. Vui lòng thử lại sau một giờ."))
            return render(
                request, "council/public_objection.html", {"form": form, "nomination": nomination}, status=429
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.objection_submit(
                    nomination=nomination, name=data["name"], contact=data["contact"], text=data["text"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Cảm ơn bạn: phản ánh đã được chuyển tới cơ quan thi đua. Mã phản ánh của bạn là "
                        "%(reference)s: hãy ghi lại để nêu khi liên hệ %(body)s."
                    )
                    % {"reference": objection.reference, "body": item.session.body.name},
                )
                return redirect("public:notice")
    return render(request, "council/public_objection.html", {"form": form, "nomination": nomination})


@require_GET
def verify(request, token):
    """Confirms a certificate: awardee, award, decision number and date, revoked or not. Nothing else."""
    entry = (
        DecisionEntry.objects.select_related(
            "decision__body", "nomination__award_type", "nomination__person", "nomination__subject_unit"
        )
        .filter(token=token[:100])
        .first()
    )
    # An unknown code gets its own page (the citizen scanned a QR code), still a 404 for machines.
    status = 200 if entry else 404
    signer = signing.signer_info(entry.decision.body.code) if entry else None
    now = timezone.now()
    context = {"entry": entry, "checked_at": now, "signer": signer, "signer_valid": signer and signer.valid_on(now)}
    return render(request, "council/verify.html", context, status=status)
