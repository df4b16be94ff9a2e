"""Who may do what in the emulation cycle (django-rules)."""

import rules

from campaigns.enums import ReviewStatus
from organisation.enums import COUNCIL_ROLES, Role
from organisation.rules import _unit_of, is_admin, is_office_for, is_unit_head_of, is_unit_member_of
from organisation.selectors import covers

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
rules.add_perm("campaigns.edit_review", is_unit_head_of)
rules.add_perm("campaigns.decide_review", is_admin | is_office_for)
rules.add_perm(
    "campaigns.view_review",
    is_admin | is_unit_member_of | is_office_for | (is_council_for & review_is_accepted),
)
