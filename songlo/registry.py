"""Extension points: the one way a lower app lets higher apps add to it.

Apps import one way (accounts <- organisation <- campaigns <- awards <- council <- demo <- bench,
with this ``songlo`` kernel below them all; `make lint` checks it). When a lower layer needs
something only a higher app knows (a navigation entry, a section of the home page, a reminder
source), it declares a ``Registry`` and the higher app fills it in its ``AppConfig.ready()``::

    # lower app, e.g. songlo/navigation.py
    NAVIGATION: Registry[NavItem] = Registry("navigation")

    # higher app, e.g. awards/apps.py
    NAVIGATION.register("awards", NavItem(...), order=60)

Entries are kept by key: registering a key again replaces the entry (``ready()`` may run more
than once in tests). Iterating yields the entries by (order, key), so the screen order does not
depend on the order in which apps load. The registries in use:

- ``songlo.navigation.NAVIGATION``: the left navigation.
- ``songlo.sections.HOME_SECTIONS`` and ``organisation.views.UNIT_SECTIONS``: sections of the
  home page and of a unit's page.
- ``campaigns.reminders.SOURCES``: what reminders are about (reviews, registrations, dossiers,
  ballots), each source with its kind and label.
- ``campaigns.events.EVENT_KINDS``: the kinds of events people are told about (the bell, email at
  once or in the daily digest), with their labels and default delivery.
- ``accounts.twofactor.TWO_FACTOR_GROUPS``: the groups an admin may require two-step
  verification of (the admin site's users; the office and the council, from organisation).
- ``organisation.models.PATH_FOLLOWERS``: copies of unit paths kept by higher apps (awards'
  nominations), refreshed when a unit moves or changes code.
- ``songlo.docx.DOCUMENTS``: the kinds of documents written from DOCX templates (the council's
  decision, minutes and submissions; awards' tờ trình, achievement reports, review minutes), each
  with its default template, a sample context, and how the generic views fill and scope it.
- ``campaigns.forms.COLLECTIVE_TITLES``: the collective titles (award codes and labels) a unit
  may register for when it joins a movement.
- ``campaigns.views.movements.NAMED_REGISTRATIONS``: the page of a movement's registrations by
  name (awards' TitleRegistration), linked from campaigns' registration pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, tuple[int, T]] = {}

    def register(self, key: str, entry: T, *, order: int = 100) -> T:
        self._entries[key] = (order, entry)
        return entry

    def get(self, key: str) -> T | None:
        found = self._entries.get(key)
        return found[1] if found else None

    def keys(self) -> list[str]:
        return [key for key, _ in self._sorted()]

    def _sorted(self) -> list[tuple[str, T]]:
        return [(key, entry) for key, (_, entry) in sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0]))]

    def items(self) -> list[tuple[str, T]]:
        return self._sorted()

    def __iter__(self) -> Iterator[T]:
        return iter([entry for _, entry in self._sorted()])

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self.keys())}>"
