"""Lists sorted by their column headers: ``?sort=name`` (ascending) or ``?sort=-name`` (descending).

Each list declares the keys a person may sort by and what each means for the database::

    SORTS = Sorts("name", name="full_name", unit=("unit__name", "full_name"), code="code")
    people, sort = SORTS.apply(request, people)

A key maps to one field, a tuple of fields, or query expressions (``Coalesce(...)`` for a
subject that is a person or a unit); all flip together for ``-key``, except an explicit
``F("title").asc()`` which keeps its direction (newest year first, then names A to Z). The
primary key always closes the ordering, so two rows with the same name keep their place from
one page to the next. A key that is not declared, or a
malformed value, is ignored: the list keeps its default order (never a 500). Empty values sort
last in both directions, the same on SQLite and PostgreSQL.

The template renders each header with ``{% sort_th sort "name" _("Họ và tên") %}`` (library
``sorting``): a link that keeps every other parameter of the page (filters, search) and goes back
to the first page, an arrow, and ``aria-sort`` on the sorted column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Expression, F, IntegerField, OrderBy, QuerySet, Value, When
from django.http import HttpRequest, QueryDict

PARAM = "sort"
PAGE = "page"

Field = str | Expression | F


def _as_tuple(spec: Field | Sequence[Field]) -> tuple[Field, ...]:
    if isinstance(spec, str | Expression | F):
        return (spec,)
    return tuple(spec)


def _ordered(field: Field, descending: bool) -> OrderBy:
    if isinstance(field, OrderBy):  # a secondary order that keeps its direction
        return field
    expression = F(field) if isinstance(field, str) else field
    if descending:
        return expression.desc(nulls_last=True)
    return expression.asc(nulls_last=True)


def choice_order(field: str, values: Iterable[str]) -> Case:
    """Sort a status by the order of its choices (the workflow), not alphabetically by its code."""
    return Case(*(When(**{field: value}, then=Value(i)) for i, value in enumerate(values)), output_field=IntegerField())


@dataclass(frozen=True)
class SortState:
    """The order a list is shown in, and what its header links need."""

    key: str
    descending: bool
    params: QueryDict  # the page's other parameters: without sort and page

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    def href(self, key: str) -> str:
        """The link of the header ``key``: ascending first, the other way when already sorted by it."""
        params = self.params.copy()
        params[PARAM] = f"-{key}" if key == self.key and not self.descending else key
        return "?" + params.urlencode()

    def aria(self, key: str) -> str:
        if key != self.key:
            return ""
        return "descending" if self.descending else "ascending"


class Sorts:
    """The keys a list can be sorted by, and its default (a key, ``-`` first for descending)."""

    def __init__(self, default: str, /, *, tiebreak: str = "pk", **keys: Field | Sequence[Field]) -> None:
        self.keys = {name: _as_tuple(spec) for name, spec in keys.items()}
        self.default_key = default.removeprefix("-")
        self.default_descending = default.startswith("-")
        if self.default_key not in self.keys:
            raise ValueError(f"default sort {default!r} is not one of {sorted(self.keys)}")
        self.tiebreak = tiebreak

    def state(self, request: HttpRequest) -> SortState:
        params = request.GET.copy()
        raw = params.pop(PARAM, [""])[-1]
        params.pop(PAGE, None)
        raw = raw.strip() if isinstance(raw, str) else ""
        key, descending = raw.removeprefix("-"), raw.startswith("-")
        if key not in self.keys:
            key, descending = self.default_key, self.default_descending
        return SortState(key=key, descending=descending, params=params)

    def order_by(self, state: SortState) -> list[OrderBy]:
        fields = [*self.keys[state.key], self.tiebreak]
        return [_ordered(field, state.descending) for field in fields]

    def apply(self, request: HttpRequest, queryset: QuerySet) -> tuple[QuerySet, SortState]:
        """``queryset`` in the order the request asks for, and the state for the headers."""
        state = self.state(request)
        return queryset.order_by(*self.order_by(state)), state


class ListSorts:
    """The same for a list built in Python (e.g. verdicts computed for each subject).

    Each key maps to a function of an item giving a comparable value; the list's own order
    (already meaningful, e.g. eligible first) is kept among equal values (sorting is stable).
    The default key ``""`` means: leave the list as it is.
    """

    def __init__(self, /, **keys: Callable[[Any], Any]) -> None:
        self.keys = keys

    def state(self, request: HttpRequest) -> SortState:
        params = request.GET.copy()
        raw = params.pop(PARAM, [""])[-1]
        params.pop(PAGE, None)
        raw = raw.strip() if isinstance(raw, str) else ""
        key, descending = raw.removeprefix("-"), raw.startswith("-")
        if key not in self.keys:
            key, descending = "", False
        return SortState(key=key, descending=descending, params=params)

    def apply(self, request: HttpRequest, items: Iterable[Any]) -> tuple[list[Any], SortState]:
        state = self.state(request)
        items = list(items)
        if state.key:
            items.sort(key=self.keys[state.key], reverse=state.descending)
        return items, state
