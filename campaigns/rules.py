"""Object permissions as django-rules predicates, scoped to the unit."""

import rules

from campaigns.enums import BODY_ROLES, COUNCIL_ROLES, ReviewStatus, Role
from campaigns.selectors import covers, has_role


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

rules.add_perm("campaigns.view_unit", is_admin | is_unit_member_of | is_body_member_for)
rules.add_perm("campaigns.act_for_unit", is_admin | is_unit_head_of)
rules.add_perm("campaigns.manage_unit", is_admin | is_office_for)
rules.add_perm("campaigns.use_office_area", is_admin | is_office)
rules.add_perm("campaigns.use_unit_area", is_unit_head)
rules.add_perm("campaigns.use_council_area", is_council_member)
rules.add_perm("campaigns.chair_council", is_council_chair)


# --- The emulation cycle -----------------------------------------------------------------


def _owner_of(obj):
    """The body that owns a movement, or the movement of a period or registration."""
    movement = getattr(obj, "movement", obj)
    return getattr(movement, "owner", None)


@rules.predicate
def is_office_for_owner(user, obj) -> bool:
    owner = _owner_of(obj)
    return owner is not None and covers(user, {Role.OFFICE}, owner)


@rules.predicate
def is_council_for(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and covers(user, COUNCIL_ROLES, unit)


@rules.predicate
def review_is_accepted(user, review) -> bool:
    return review is not None and review.status == ReviewStatus.ACCEPTED


rules.add_perm("campaigns.manage_movement", is_admin | is_office_for_owner)
rules.add_perm("campaigns.edit_registration", is_unit_head_of)
rules.add_perm("campaigns.view_registration", is_admin | is_unit_member_of | is_office_for)
rules.add_perm("campaigns.edit_review", is_unit_head_of)
rules.add_perm("campaigns.decide_review", is_admin | is_office_for)
rules.add_perm(
    "campaigns.view_review",
    is_admin | is_unit_member_of | is_office_for | (is_council_for & review_is_accepted),
)
