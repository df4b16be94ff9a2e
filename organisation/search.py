"""Units in the top bar's search (songlo/search.py): those the user may see."""

from __future__ import annotations

from organisation.selectors import units_for_user
from songlo.search import SearchHit
from songlo.text import search_q


def find_units(user, query: str, limit: int) -> list[SearchHit]:
    units = (
        units_for_user(user)
        .filter(search_q(query, "name", "code"))
        .select_related("parent")
        .only("code", "name", "parent__name")
        .order_by("path")[: limit + 1]
    )
    return [SearchHit(unit.name, unit.parent.name if unit.parent else "", unit.get_absolute_url()) for unit in units]
