"""People and nominations in the top bar's search (songlo/search.py): those the user may see."""

from __future__ import annotations

from awards.selectors import nominations_for_user, people_for_user
from songlo.search import SearchHit
from songlo.text import search_q


def find_people(user, query: str, limit: int) -> list[SearchHit]:
    if not user.has_perm("awards.use_awards_area"):
        return []
    people = (
        people_for_user(user)
        .filter(search_q(query, "full_name", "code"))
        .select_related("unit")
        .only("code", "full_name", "position", "unit__name")
        .order_by("full_name", "pk")[: limit + 1]
    )
    return [
        SearchHit(p.full_name, ", ".join(part for part in (p.position, p.unit.name) if part), p.get_absolute_url())
        for p in people
    ]


def find_nominations(user, query: str, limit: int) -> list[SearchHit]:
    if not user.has_perm("awards.use_awards_area"):
        return []
    nominations = (
        nominations_for_user(user)
        .filter(search_q(query, "person__full_name", "subject_unit__name"))
        .select_related("person", "subject_unit", "unit", "award_type")
        .order_by("-year", "pk")[: limit + 1]
    )
    return [
        SearchHit(
            f"{n.subject}: {n.award_type.name} {n.year}",
            f"{n.unit.name} · {n.get_status_display()}",
            n.get_absolute_url(),
        )
        for n in nominations
    ]
