"""Unit-scoped django-rules predicates every app builds on, and the permissions about units and areas."""

import rules

from organisation.enums import BODY_ROLES, Role
from organisation.selectors import covers, has_role


def _unit_of(obj):
    """The unit an object belongs to: the unit itself, or ``obj.unit``."""
    if obj is None:
        return None
    return obj if hasattr(obj, "path") else getattr(obj, "unit", None)


@rules.predicate
def is_unit_head_of(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and covers(user, {Role.UNIT_HEAD}, unit)


@rules.predicate
def is_unit_member_of(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and covers(user, {Role.UNIT_HEAD, Role.UNIT_STAFF}, unit)


@rules.predicate
def is_office_for(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and covers(user, {Role.OFFICE}, unit)


@rules.predicate
def is_body_member_for(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and covers(user, BODY_ROLES, unit)


@rules.predicate
def is_unit_head(user) -> bool:
    return has_role(user, {Role.UNIT_HEAD})


@rules.predicate
def is_office(user) -> bool:
    return has_role(user, {Role.OFFICE})


@rules.predicate
def is_council_member(user) -> bool:
    return has_role(user, {Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR})


@rules.predicate
def is_council_chair(user) -> bool:
    return has_role(user, {Role.COUNCIL_CHAIR})


is_admin = rules.is_superuser

rules.add_perm("organisation.view_unit", is_admin | is_unit_member_of | is_body_member_for)
rules.add_perm("organisation.act_for_unit", is_admin | is_unit_head_of)
rules.add_perm("organisation.manage_unit", is_admin | is_office_for)
rules.add_perm("organisation.use_office_area", is_admin | is_office)
rules.add_perm("organisation.use_unit_area", is_unit_head)
