"""Reads scoped to a user: a stranger never sees another unit's people or nominations."""

from __future__ import annotations

from django.db.models import QuerySet

from awards.models import Nomination, Person
from organisation.enums import Role
from organisation.models import OrgUnit
from organisation.selectors import has_role, headed_units, units_for_user


def nominations_for_user(user) -> QuerySet[Nomination]:
    if user.is_superuser:
        return Nomination.objects.all()
    return Nomination.objects.filter(unit__in=units_for_user(user))


def people_for_user(user) -> QuerySet[Person]:
    if user.is_superuser:
        return Person.objects.all()
    return Person.objects.filter(unit__in=units_for_user(user))


def eligibility_units(user) -> QuerySet[OrgUnit]:
    """Units whose eligibility the user may see: the whole body for the office, else the headed units."""
    if user.is_superuser or has_role(user, {Role.OFFICE}):
        return units_for_user(user)
    return headed_units(user)


def is_office_user(user) -> bool:
    return user.is_superuser or has_role(user, {Role.OFFICE})


def import_scope(user) -> QuerySet[OrgUnit] | None:
    """The units an import by ``user`` may write to; None: no limit.

    Placeholder with the agreed signature until the import-scope branch (impcore) brings the
    real selector: at the merge, keep that one and drop this.
    """
    return None
