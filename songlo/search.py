"""The search in the top bar: people, units, nominations and decisions the user may see, found
by any spelling (case and Vietnamese diacritics ignored: ``songlo.text.search_q``), grouped by
kind.

Each app registers a ``SearchSource`` in ``SEARCH_SOURCES`` from its ``AppConfig.ready()`` (see
``songlo.registry``): a label and a function returning the user's first hits and whether there
are more. Each source runs a bounded number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from songlo.registry import Registry

# Hits shown per kind; the list pages of each kind search further.
HITS_PER_KIND = 10


@dataclass(frozen=True)
class SearchHit:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class SearchSource:
    label: Any  # lazy translated text
    find: Callable[[Any, str, int], list[SearchHit]]  # (user, query, limit) -> up to limit + 1 hits
    more_url: Callable[[str], str] | None = None  # the kind's own list, searched for the query


SEARCH_SOURCES: Registry[SearchSource] = Registry("search sources")
