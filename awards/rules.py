"""Who may do what with nominations, people and the catalogue (django-rules)."""

import rules

from organisation.enums import Role
from organisation.rules import (
    _unit_of,
    is_admin,
    is_body_member_for,
    is_office,
    is_office_for,
    is_unit_head,
    is_unit_head_of,
    is_unit_member_of,
)
from organisation.selectors import covers


@rules.predicate
def is_council_chair_for(user, obj) -> bool:
    unit = _unit_of(obj)
    return unit is not None and covers(user, {Role.COUNCIL_CHAIR}, unit)


rules.add_perm("awards.use_awards_area", is_admin | is_unit_head | is_office)
rules.add_perm("awards.import_data", is_admin | is_office)
rules.add_perm("awards.view_statistics", is_office)
rules.add_perm("awards.view_subject", is_admin | is_unit_member_of | is_body_member_for)
rules.add_perm("awards.view_nomination", is_admin | is_unit_member_of | is_body_member_for)
rules.add_perm("awards.nominate", is_unit_head_of)
# Who may act; whether the nomination's status allows it is the transition table's business
# (NOMINATION_TRANSITIONS), checked by the services.
rules.add_perm("awards.edit_nomination", is_unit_head_of)
rules.add_perm("awards.submit_nomination", is_unit_head_of)
rules.add_perm("awards.screen_nomination", is_admin | is_office_for)
rules.add_perm("awards.return_nomination", is_admin | is_office_for)
# The office or the council chair of a body above the nomination's unit carries it through the
# council: agenda, verdict, decision, the higher level's answer, revocation.
rules.add_perm("awards.process_nomination", is_admin | is_office_for | is_council_chair_for)
# Named registrations (đăng ký danh hiệu): the unit's head registers, the office accepts or returns.
rules.add_perm("awards.register_titles", is_admin | is_unit_head_of)
rules.add_perm("awards.decide_registration", is_admin | is_office_for)
rules.add_perm("awards.view_registrations", is_admin | is_unit_head | is_office)
