"""Reminder source of the awards app: nomination dossiers due.

campaigns owns the outbox (scan, digest, sending) and may not import awards; ``register()``
(called from ``AwardsConfig.ready``) adds these sources to ``campaigns.reminders.SOURCES``.

What is reminded, and to whom:

- **Dossiers due**: a nomination still being prepared (draft, or returned by the office) for a
  launched movement that sets a dossier deadline. Its unit's head(s) are reminded 7, 3 and 1
  days before the deadline. There is no overdue window: after the deadline the submission is
  refused (awards.services), so a reminder could not be acted on. Units with no nomination at
  all are not reminded (proposing nobody is a legitimate choice). A nomination without a
  movement has no deadline and is not reminded. Moving the movement's deadline opens new
  windows, and rows of the old deadline are skipped when sending.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards.enums import NOMINATION_EDITABLE, NOMINATION_REMINDER
from awards.models import Nomination
from campaigns.enums import MovementStatus
from campaigns.reminders import ItemView, PendingItem, register_source, target_url

# Days before a movement's dossier deadline on which unit heads are reminded.
DOSSIER_OFFSETS = (7, 3, 1)


class NominationSource:
    kind = NOMINATION_REMINDER
    label = _lazy("Hồ sơ đề nghị khen thưởng")
    model = Nomination

    def pending_items(self) -> Iterator[PendingItem]:
        rows = Nomination.objects.filter(
            status__in=list(NOMINATION_EDITABLE),
            movement__status=MovementStatus.LAUNCHED,
            movement__dossier_deadline__isnull=False,
        ).values_list("pk", "unit_id", "unit__path", "movement__owner__path", "movement__dossier_deadline")
        for pk, unit_id, unit_path, owner_path, deadline in rows.iterator(chunk_size=2000):
            yield PendingItem(self.kind, pk, unit_id, unit_path, owner_path, deadline, DOSSIER_OFFSETS)

    def views(self, ids: Iterable[int]) -> dict[int, tuple[bool, ItemView]]:
        result = {}
        nominations = Nomination.objects.filter(pk__in=list(ids)).select_related(
            "unit", "movement", "award_type", "person", "subject_unit"
        )
        for nomination in nominations:
            movement = nomination.movement
            pending = (
                nomination.status in NOMINATION_EDITABLE
                and movement is not None
                and movement.status == MovementStatus.LAUNCHED
                and movement.dossier_deadline is not None
            )
            title = f"{nomination.award_type.name} năm {nomination.year} – {nomination.subject}"
            if movement is not None:
                title = f"{title} ({movement.title})"
            result[nomination.pk] = (
                pending,
                ItemView(
                    kind=self.kind,
                    kind_label=str(self.label),
                    title=title,
                    unit_name=nomination.unit.name,
                    deadline=movement.dossier_deadline if movement is not None else None,
                    url=target_url(nomination),
                    action_label=_("Hoàn thiện và nộp hồ sơ"),
                ),
            )
        return result


def register() -> None:
    """Add the awards sources to the reminder scan (idempotent)."""
    register_source(NominationSource(), order=30)
