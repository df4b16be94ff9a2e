"""Who may do what with nominations, people and the catalogue (django-rules)."""

import rules

from awards.enums import NOMINATION_EDITABLE, NominationStatus
from organisation.rules import (
    is_admin,
    is_body_member_for,
    is_office,
    is_office_for,
    is_unit_head,
    is_unit_head_of,
    is_unit_member_of,
)


@rules.predicate
def nomination_is_editable(user, nomination) -> bool:
    return nomination is not None and nomination.status in NOMINATION_EDITABLE


@rules.predicate
def nomination_is_submitted(user, nomination) -> bool:
    return nomination is not None and nomination.status == NominationStatus.SUBMITTED


@rules.predicate
def nomination_is_returnable(user, nomination) -> bool:
    return nomination is not None and nomination.status in {NominationStatus.SUBMITTED, NominationStatus.SCREENED}


rules.add_perm("awards.use_awards_area", is_admin | is_unit_head | is_office)
rules.add_perm("awards.import_data", is_admin | is_office)
rules.add_perm("awards.view_subject", is_admin | is_unit_member_of | is_body_member_for)
rules.add_perm("awards.view_nomination", is_admin | is_unit_member_of | is_body_member_for)
rules.add_perm("awards.nominate", is_unit_head_of)
rules.add_perm("awards.edit_nomination", is_unit_head_of & nomination_is_editable)
rules.add_perm("awards.submit_nomination", is_unit_head_of & nomination_is_editable)
rules.add_perm("awards.screen_nomination", (is_admin | is_office_for) & nomination_is_submitted)
rules.add_perm("awards.return_nomination", (is_admin | is_office_for) & nomination_is_returnable)
