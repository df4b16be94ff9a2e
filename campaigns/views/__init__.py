from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from campaigns.enums import REVIEW_PENDING, MovementStatus, PeriodStatus, RegistrationStatus, ReviewStatus
from campaigns.models import EmulationBlock, Registration
from campaigns.selectors import movements_managed, periods_managed, reviews_for_user, reviews_to_write
from campaigns.views.common import with_review_counts
from organisation.enums import Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths, has_role, is_council, units_for_user, user_grants
from songlo.sections import HOME_SECTIONS, sections_for

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
        context["due_reviews"] = (
            reviews_to_write(user)
            .filter(status__in=REVIEW_PENDING, period__status=PeriodStatus.OPEN)
            .with_deadline()
            .select_related("unit", "period", "period__movement")
            .order_by("effective_deadline", "unit__path")[:20]
        )
        context["due_registrations"] = (
            Registration.objects.filter(
                unit__in=OrgUnit.objects.within_any(grant_paths(user, {Role.UNIT_HEAD})),
                status__in=[RegistrationStatus.PENDING, RegistrationStatus.REOPENED],
                movement__status=MovementStatus.LAUNCHED,
            )
            .select_related("unit", "movement")
            .order_by("movement__registration_deadline", "unit__path")[:20]
        )
        context["recent_reviews"] = (
            reviews_to_write(user)
            .filter(status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED])
            .select_related("unit", "period")
            .order_by("-submitted_at")[:5]
        )
    if context["is_office"]:
        scope = units_for_user(user)
        context["office_figures"] = {
            "units": scope.count(),
            "blocks": EmulationBlock.objects.filter(owner__in=scope).count(),
            "movements": movements_managed(user).filter(status=MovementStatus.LAUNCHED).count(),
            "to_check": reviews_for_user(user).filter(status=ReviewStatus.SUBMITTED).count(),
        }
        context["open_periods"] = with_review_counts(
            list(
                periods_managed(user)
                .filter(status=PeriodStatus.OPEN)
                .select_related("movement")
                .order_by("deadline")[:10]
            )
        )
        context["missing_registrations"] = (
            movements_managed(user)
            .filter(status=MovementStatus.LAUNCHED)
            .annotate(missing=Count("registrations", filter=~Q(registrations__status=RegistrationStatus.REGISTERED)))
            .filter(missing__gt=0)
            .order_by("registration_deadline")[:10]
        )
    # Sections of apps campaigns may not import (awards, council): see songlo.sections.
    context["home_sections"] = sections_for(HOME_SECTIONS, request)
    return render(request, "campaigns/home.html", context)
