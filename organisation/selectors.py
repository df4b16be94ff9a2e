"""Who a user is in the organisation: their grants (role + unit), and the units they may see.

Read once per request and kept on the user object; every app scopes its queries with these.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from organisation.enums import BODY_ROLES, COUNCIL_ROLES, Role
from organisation.models import Membership, OrgUnit

_CACHE_ATTR = "_songlo_grants"


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    unit_path: str
    unit_name: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def user_grants(user) -> tuple[Grant, ...]:
    """The user's roles with their units, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = Membership.objects.filter(user_id=user.pk).values_list("role", "unit_id", "unit__path", "unit__name")
        cached = tuple(Grant(*row) for row in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def grant_paths(user, roles: AbstractSet[str]) -> list[str]:
    return [g.unit_path for g in user_grants(user) if g.role in roles]


def has_role(user, roles: AbstractSet[str]) -> bool:
    return any(g.role in roles for g in user_grants(user))


def covers(user, roles: AbstractSet[str], unit: OrgUnit) -> bool:
    """Does one of the user's grants in ``roles`` cover ``unit`` (the unit or below it)?"""
    return any(unit.path.startswith(p) for p in grant_paths(user, roles))


def units_for_user(user) -> QuerySet[OrgUnit]:
    """Units the user may read: their own units and sub-units; the whole body for the office."""
    if user.is_superuser:
        return OrgUnit.objects.all()
    roles = {Role.UNIT_HEAD, Role.UNIT_STAFF} | BODY_ROLES
    return OrgUnit.objects.within_any(grant_paths(user, roles))


def headed_units(user) -> QuerySet[OrgUnit]:
    """Units the user acts for as unit head (with their sub-units)."""
    return OrgUnit.objects.within_any(grant_paths(user, {Role.UNIT_HEAD}))


def is_council(user) -> bool:
    return has_role(user, COUNCIL_ROLES)


def path_q(field: str, paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__path__startswith": path})
    return condition
