"""Small helpers shared by the cycle's views."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest

from campaigns.enums import ReviewStatus
from campaigns.models import Review

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def with_review_counts(periods: list) -> list:
    """Each period with its reviews counted: all, submitted, and submitted or accepted. One GROUP
    BY (period, status) read off the review_period_status_idx index, not a join of every review."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Review.objects.filter(period__in=[period.pk for period in periods])
        .order_by()
        .values_list("period_id", "status")
        .annotate(n=Count("*"))
    )
    for period_id, status, n in rows:
        counts.setdefault(period_id, {})[status] = n
    for period in periods:
        by_status = counts.get(period.pk, {})
        period.review_count = sum(by_status.values())
        period.submitted_count = by_status.get(ReviewStatus.SUBMITTED, 0)
        period.done_count = period.submitted_count + by_status.get(ReviewStatus.ACCEPTED, 0)
    return periods
