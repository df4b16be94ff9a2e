"""What the council's forms let a user choose by searching (songlo/choosers.py)."""

from __future__ import annotations

from council.selectors import plannable_nominations
from songlo.choosers import CHOOSERS, Chooser


def nomination_label(nomination) -> str:
    return f"{nomination.award_type.name} {nomination.year}: {nomination.subject} ({nomination.unit.name})"


def register() -> None:
    CHOOSERS.register(
        "session-nominations",
        Chooser(
            lambda user: plannable_nominations(user),
            ("person__full_name", "subject_unit__name", "unit__name", "award_type__name", "person__code"),
            label=nomination_label,
            order_by=("unit__path", "award_type__order", "pk"),
        ),
    )
