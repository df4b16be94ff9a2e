"""Sections of the home page contributed by apps the home view may not import.

The home page ("Việc cần làm") is rendered by campaigns, which sits below awards in the import
order (awards -> campaigns -> accounts). An app that wants a section appends a ``HomeSection``
in its ``AppConfig.ready()``; the home view calls each provider with the request and includes
the section's template with the provider's result as ``data`` (a provider returns None when it
has nothing for this user, and the section is left out).

Providers run a bounded number of queries whatever the number of rows (the home page asserts a
constant query count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str  # included with ``data`` = what the provider returned
    provider: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100  # lower first; the campaigns sections (unit head, office) come before all


HOME_SECTIONS: list[HomeSection] = []


def register(section: HomeSection) -> None:
    """Add a section, replacing one with the same key (ready() may run more than once in tests)."""
    HOME_SECTIONS[:] = [s for s in HOME_SECTIONS if s.key != section.key]
    HOME_SECTIONS.append(section)
    HOME_SECTIONS.sort(key=lambda s: (s.order, s.key))


def sections_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The sections this user sees, each as {"key", "template", "data"}."""
    result = []
    for section in HOME_SECTIONS:
        data = section.provider(request)
        if data is not None:
            result.append({"key": section.key, "template": section.template, "data": data})
    return result
