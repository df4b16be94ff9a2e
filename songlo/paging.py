"""A list page that sorts only the ids, then reads its rows whole.

Sorting a filtered list with every joined column is what makes a big list slow: the database
carries all the columns of all the rows through the sort to keep fifty. Here the count and the
sort see only the ids and the sort keys (``ordering``, any whitelist of ``order_by`` terms), and
the page's rows are then read by id with whatever joins and columns the template needs, and put
back in the sorted order.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet


def page_by_ids(queryset: QuerySet, ordering: Sequence[str], number, *, per_page: int, rows: QuerySet) -> Page:
    """Page ``number`` (as ``Paginator.get_page`` reads it) of ``queryset`` sorted by ``ordering``;
    its ``object_list`` is the matching rows of ``rows`` (e.g. with select_related/only), in order."""
    ids = queryset.select_related(None).order_by(*ordering).values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    found = {obj.pk: obj for obj in rows.filter(pk__in=wanted).order_by()} if wanted else {}
    page.object_list = [found[pk] for pk in wanted if pk in found]
    return page


def count_related(objects: list, related: QuerySet, fk: str, attr: str) -> list:
    """Set ``attr`` on each of ``objects`` (a page's rows) to its number of ``related`` rows (those
    whose ``fk`` points at it): one GROUP BY over the page's ids, instead of joining and counting
    every child row of every parent before paginating. Returns ``objects``."""
    ids = [obj.pk for obj in objects]
    counts = dict(related.filter(**{f"{fk}__in": ids}).order_by().values_list(fk).annotate(n=Count("*"))) if ids else {}
    for obj in objects:
        setattr(obj, attr, counts.get(obj.pk, 0))
    return objects
