"""What awards' forms let a user choose by searching (songlo/choosers.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards.models import Household, Person
from awards.selectors import eligibility_units
from organisation.selectors import headed_units
from songlo.choosers import CHOOSERS, Chooser, MixedChooser


def _subject_units(user):
    return headed_units(user)


def _subject_people(user):
    return Person.objects.filter(unit__in=headed_units(user))


# The subject of a nomination: the head's unit or a sub-unit ("u:<pk>"), or a person of them ("p:<pk>").
SUBJECTS = MixedChooser(
    parts=(
        Chooser(
            _subject_units,
            ("name", "code"),
            label=lambda unit: _("Tập thể") + f": {unit.name}",
            order_by=("path",),
            code_field="code",
            prefix="u",
        ),
        Chooser(
            _subject_people,
            ("full_name", "code"),
            label=lambda person: f"{person.full_name} – {person.unit.name}",
            order_by=("full_name", "pk"),
            code_field="code",
            prefix="p",
            select_related=("unit",),
        ),
    )
)


def _subject_households(user):
    return Household.objects.filter(unit__in=headed_units(user))


# A line of a submission's list: a collective, a person or a household of the head's units ("h:<pk>").
LIST_SUBJECTS = MixedChooser(
    parts=(
        *SUBJECTS.parts,
        Chooser(
            _subject_households,
            ("head_name", "code", "address"),
            label=lambda home: _("Hộ gia đình") + f": {home.head_name} – {home.unit.name}",
            order_by=("head_name", "pk"),
            code_field="code",
            prefix="h",
            select_related=("unit",),
        ),
    )
)


# The unit that sends a submission: one the user heads.
SUBMISSION_UNITS = Chooser(
    _subject_units, ("name", "code"), label=lambda unit: unit.name, order_by=("path",), code_field="code"
)


# The units whose eligibility the user may see (the eligibility page's unit filter: 10,001 units
# for a province's office). ``SearchChoiceField("eligibility-units").bind(user)``.
ELIGIBILITY_UNITS = Chooser(
    lambda user: eligibility_units(user),
    ("name", "code"),
    label=lambda unit: f"{unit.name} ({unit.code})",
    order_by=("path",),
    code_field="code",
)


# The subject of a named registration: a collective ("u:"), a person ("p:") or a household ("h:")
# of the units the user heads.
REGISTRATION_SUBJECTS = MixedChooser(
    parts=(
        *SUBJECTS.parts,
        Chooser(
            lambda user: Household.objects.filter(unit__in=headed_units(user)),
            ("head_name", "code"),
            label=lambda household: _("Hộ gia đình") + f": {household.head_name} – {household.unit.name}",
            order_by=("head_name", "pk"),
            code_field="code",
            prefix="h",
            select_related=("unit",),
        ),
    )
)


def register() -> None:
    CHOOSERS.register("registration-subject", REGISTRATION_SUBJECTS)
    CHOOSERS.register("nomination-subject", SUBJECTS)
    CHOOSERS.register("list-subject", LIST_SUBJECTS)
    CHOOSERS.register("submission-units", SUBMISSION_UNITS)
    CHOOSERS.register("eligibility-units", ELIGIBILITY_UNITS)
