"""Decisions in the top bar's search (songlo/search.py): those of the user's councils."""

from __future__ import annotations

from django.utils.formats import date_format

from council.selectors import decisions_for_user
from songlo.search import SearchHit
from songlo.text import search_q


def find_decisions(user, query: str, limit: int) -> list[SearchHit]:
    if not user.has_perm("council.use_area"):
        return []
    decisions = (
        decisions_for_user(user).filter(search_q(query, "number", "summary")).order_by("-date", "-pk")[: limit + 1]
    )
    return [
        SearchHit(f"{d.number} ({date_format(d.date, 'SHORT_DATE_FORMAT')})", d.summary, d.get_absolute_url())
        for d in decisions
    ]
