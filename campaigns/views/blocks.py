"""Blocks at year end: peer scoring, ranking and the block's vote (suy tôn)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import services
from campaigns.forms import BlockCriterionFormSet, BlockScoreForm, BlockVoteForm
from campaigns.models import BlockCriterion, BlockPeerScore, BlockVote
from campaigns.selectors import block_ranking, blocks_for_user
from campaigns.views.common import paginate
from organisation.enums import Role
from organisation.selectors import grant_paths
from songlo.sorting import Sorts
from songlo.views_support import require_page, run

BLOCK_SORTS = Sorts("name", name="name", kind=("kind", "name"), members=("member_count", F("name").asc()))


@login_required
def block_list(request):
    blocks = (
        blocks_for_user(request.user).select_related("owner").annotate(member_count=Count("members", distinct=True))
    )
    blocks, sort = BLOCK_SORTS.apply(request, blocks)
    return render(
        request,
        "campaigns/block_list.html",
        {"page": paginate(request, blocks), "year": timezone.localdate().year, "sort": sort},
    )


def _block(request, code):
    return get_object_or_404(blocks_for_user(request.user).select_related("owner"), code=code)


def _scoring_unit(request, block):
    """The member unit the user scores for as its head, if any."""
    paths = grant_paths(request.user, {Role.UNIT_HEAD})
    for unit in block.members.all():
        if unit.path in paths:
            return unit
    return None


@login_required
def block_year(request, code, year):
    block = _block(request, code)
    members = block.members.order_by("path")
    criteria = list(BlockCriterion.objects.filter(block=block, year=year))
    scorer = _scoring_unit(request, block)
    vote = (
        BlockVote.objects.filter(block=block, year=year)
        .select_related("leading_unit", "next_leader", "next_deputy")
        .first()
    )
    context = {
        "eblock": block,  # "block" is taken by the template engine
        "year": year,
        "criteria": criteria,
        "ranking": block_ranking(block, year),
        "vote": vote,
        "term": block.terms.filter(year=year).select_related("leader", "deputy").first(),
        "scorer": scorer,
        "can_manage": request.user.has_perm("organisation.manage_unit", block.owner),
    }
    if scorer and criteria and not vote:
        initial = {
            (s.criterion_id, s.target_id): s.points
            for s in BlockPeerScore.objects.filter(criterion__in=criteria, scorer=scorer)
        }
        context["score_form"] = BlockScoreForm(
            criteria=criteria, targets=members.exclude(pk=scorer.pk), initial_scores=initial
        )
    if context["can_manage"] and not vote:
        context["criteria_formset"] = BlockCriterionFormSet(
            prefix="criteria", initial=[{"name": c.name, "max_points": c.max_points} for c in criteria]
        )
        context["vote_form"] = BlockVoteForm(
            members=members,
            initial={"leading_unit": context["ranking"][0].unit if context["ranking"] else None},
        )
    return render(request, "campaigns/block_year.html", context)


@login_required
@require_POST
def block_criteria(request, code, year):
    block = _block(request, code)
    require_page(request, "organisation.manage_unit", block.owner)
    formset = BlockCriterionFormSet(request.POST, prefix="criteria")
    if formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("name") and f.cleaned_data.get("max_points")]
        run(
            request,
            services.block_criteria_set,
            _("Đã lưu thang điểm chấm chéo năm %(year)s.") % {"year": year},
            block=block,
            year=year,
            rows=rows,
        )
    else:
        too_many = " ".join(formset.non_form_errors())
        messages.error(request, too_many or _("Thang điểm chưa hợp lệ: điểm tối đa phải lớn hơn 0."))
    return redirect("campaigns:block_year", code=block.code, year=year)


@login_required
@require_POST
def block_score(request, code, year):
    block = _block(request, code)
    scorer = _scoring_unit(request, block)
    if scorer is None:
        raise PermissionDenied
    criteria = list(BlockCriterion.objects.filter(block=block, year=year))
    form = BlockScoreForm(request.POST, criteria=criteria, targets=block.members.exclude(pk=scorer.pk))
    if form.is_valid():
        run(
            request,
            services.block_scores_save,
            _("Đã lưu điểm chấm chéo của %(unit)s.") % {"unit": scorer.name},
            block=block,
            year=year,
            scorer=scorer,
            scores=form.scores(),
        )
    else:
        messages.error(request, _("Có điểm vượt quá điểm tối đa hoặc không hợp lệ; chưa lưu."))
    return redirect("campaigns:block_year", code=block.code, year=year)


@login_required
@require_POST
def block_vote(request, code, year):
    block = _block(request, code)
    require_page(request, "organisation.manage_unit", block.owner)
    form = BlockVoteForm(request.POST, members=block.members.all())
    if form.is_valid():
        run(
            request,
            services.block_vote_record,
            _("Đã ghi nhận kết quả suy tôn và trưởng, phó cụm năm %(y)s.") % {"y": year + 1},
            block=block,
            year=year,
            **form.cleaned_data,
        )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("campaigns:block_year", code=block.code, year=year)
