"""Reads scoped to a user: a stranger never sees another unit's people or nominations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import AuditEvent
from awards.importer import IMPORT_ACTION
from awards.models import Nomination, Person
from organisation.enums import Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths, has_role, headed_units, units_for_user


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


def import_scope(user) -> list[OrgUnit] | None:
    """What ``user`` may import into (``awards.importer.run_import(scope=...)``).

    None for a superuser: unrestricted, like the command line. Otherwise the units where the user
    holds the office role, each standing for its subtree, without those already inside another
    (ordered by path); an empty list (nothing may be imported) for anyone else. The roots are
    themselves outside what an import may change: an office does not rename or move its own body.
    """
    if user.is_superuser:
        return None
    paths = sorted(set(grant_paths(user, {Role.OFFICE})))
    roots = [p for p in paths if not any(p != other and p.startswith(other) for other in paths)]
    return list(OrgUnit.objects.filter(path__in=roots).order_by("path"))


def imports_for_user(user) -> QuerySet[AuditEvent]:
    """Past imports (their audit lines) the user may read: all for a superuser; for an office,
    those whose whole scope lies inside its own. Unrestricted imports only for a superuser."""
    events = AuditEvent.objects.filter(action=IMPORT_ACTION).select_related("actor")
    scope = import_scope(user)
    if scope is None:
        return events
    condition = Q(pk__in=[])
    for root in scope:
        condition |= Q(data__scope_root__startswith=root.path)
    return events.filter(condition)
