"""Sections of a page that apps above the page's own app contribute.

The home page ("Việc cần làm") is rendered by campaigns, below awards and council in the import
order; a unit's page is rendered by organisation, below campaigns. An app that wants a section
registers a ``PageSection`` in a page's registry from its ``AppConfig.ready()`` (see
``songlo.registry``). The page calls each provider with the request (and the page's object) and
includes the section's template with the provider's result as ``data``; a provider returns None
when it has nothing for this user, and the section is left out.

Providers run a bounded number of queries whatever the number of rows (pages assert a constant
query count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from songlo.registry import Registry


@dataclass(frozen=True)
class PageSection:
    template: str  # included with ``data`` = what the provider returned
    provider: Callable[..., dict[str, Any] | None]


HOME_SECTIONS: Registry[PageSection] = Registry("home page sections")


def sections_for(registry: Registry[PageSection], request: HttpRequest, **context: Any) -> list[dict[str, Any]]:
    """The sections of ``registry`` this user sees, each as {"key", "template", "data"}."""
    result = []
    for key, section in registry.items():
        data = section.provider(request, **context)
        if data is not None:
            result.append({"key": key, "template": section.template, "data": data})
    return result
