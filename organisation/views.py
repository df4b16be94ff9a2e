from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from organisation.selectors import units_for_user, user_grants
from songlo.registry import Registry
from songlo.sections import PageSection, sections_for
from songlo.sorting import Sorts
from songlo.text import search_q
from songlo.views_support import require_page

PAGE_SIZE = 50

# Lines that apps above organisation add to a unit's page (campaigns: its emulation blocks).
UNIT_SECTIONS: Registry[PageSection] = Registry("unit page sections")


@login_required
def profile(request):
    return render(request, "organisation/profile.html", {"grants": user_grants(request.user)})


# By name by default; "tree" is the hierarchy (each unit under its parent, indented).
UNIT_SORTS = Sorts("name", name="name", code="code", kind="kind", members="member_count", tree="path")


@login_required
def unit_list(request):
    units = units_for_user(request.user).select_related("parent").annotate(member_count=Count("memberships"))
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(search_q(query, "name", "code"))
    units, sort = UNIT_SORTS.apply(request, units)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organisation/orgunit_list.html", {"page": page, "query": query, "sort": sort})


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(units_for_user(request.user).select_related("parent", "successor"), code=code)
    require_page(request, "organisation.view_unit", unit)
    children = unit.children.order_by("name")
    memberships = unit.memberships.select_related("user").order_by("role", "user__full_name")
    return render(
        request,
        "organisation/orgunit_detail.html",
        {
            "unit": unit,
            "children": children,
            "memberships": memberships,
            "unit_sections": sections_for(UNIT_SECTIONS, request, unit=unit),
        },
    )
