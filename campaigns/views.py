from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from campaigns.enums import Role
from campaigns.models import EmulationBlock, OrgUnit
from campaigns.selectors import has_role, is_council, units_for_user, user_grants

PAGE_SIZE = 50


@login_required
def home(request):
    """The task list ("Việc cần làm") of every role the user holds, one section per role."""
    user = request.user
    context = {
        "grants": user_grants(user),
        "is_head": has_role(user, {Role.UNIT_HEAD}),
        "is_office": has_role(user, {Role.OFFICE}),
        "is_council": is_council(user),
    }
    if context["is_head"]:
        head_unit_ids = [g.unit_id for g in context["grants"] if g.role == Role.UNIT_HEAD]
        context["headed_units"] = OrgUnit.objects.filter(pk__in=head_unit_ids).order_by("path")
    if context["is_office"]:
        scope = units_for_user(user)
        context["office_figures"] = {
            "units": scope.count(),
            "blocks": EmulationBlock.objects.filter(owner__in=scope).count(),
        }
    return render(request, "campaigns/home.html", context)


@login_required
def unit_list(request):
    units = units_for_user(request.user).select_related("parent").annotate(member_count=Count("memberships"))
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(name__icontains=query) | units.filter(code__icontains=query)
    page = Paginator(units.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/orgunit_list.html", {"page": page, "query": query})


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(units_for_user(request.user).select_related("parent", "successor"), code=code)
    children = unit.children.order_by("name")
    memberships = unit.memberships.select_related("user").order_by("role", "user__full_name")
    blocks = unit.blocks.all()
    return render(
        request,
        "campaigns/orgunit_detail.html",
        {"unit": unit, "children": children, "memberships": memberships, "blocks": blocks},
    )
