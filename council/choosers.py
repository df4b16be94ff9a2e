"""What the council's forms let a user choose by searching (songlo/choosers.py)."""

from __future__ import annotations

from django.utils.translation import ngettext

from council.selectors import plannable_nominations, plannable_submissions
from songlo.choosers import CHOOSERS, Chooser


def nomination_label(nomination) -> str:
    return f"{nomination.award_type.name} {nomination.year}: {nomination.subject} ({nomination.unit.name})"


def submission_label(submission) -> str:
    n = getattr(submission, "n_screened", 0)
    return ngettext(
        "%(unit)s: %(submission)s (%(n)s hồ sơ đã thẩm định)", "%(unit)s: %(submission)s (%(n)s hồ sơ đã thẩm định)", n
    ) % {"unit": submission.unit.name, "submission": submission, "n": n}


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
    CHOOSERS.register(
        "session-submissions",
        Chooser(
            lambda user: plannable_submissions(user),
            ("unit__name", "title", "letter_number"),
            label=submission_label,
            order_by=("unit__path", "-year", "pk"),
        ),
    )
