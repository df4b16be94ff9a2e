"""Who may do what in the council (django-rules), and the body's authority.

A session, a decision and a proposal belong to a body (the unit that owns the council);
``obj.unit`` returns it, so the unit-scoped predicates of campaigns.rules apply.
"""

from __future__ import annotations

import rules

from awards.enums import AUTHORITY_RANK, Authority
from council.enums import BundleStatus
from organisation.enums import COUNCIL_ROLES, Role, UnitKind
from organisation.models import Membership, OrgUnit
from organisation.rules import is_admin, is_body_member_for, is_office, is_office_for
from organisation.selectors import covers, user_grants

# Who signs for a body of each kind (docs/domain.md#rule-20).
BODY_AUTHORITY = {
    UnitKind.PROVINCE: Authority.PROVINCE_CHAIR,
    UnitKind.DISTRICT: Authority.DISTRICT_CHAIR,
    UnitKind.COMMUNE: Authority.COMMUNE_CHAIR,
    UnitKind.TOWNSHIP: Authority.COMMUNE_CHAIR,
}


def body_authority(body: OrgUnit) -> str:
    return BODY_AUTHORITY.get(body.kind, Authority.UNIT_HEAD)


def within_authority(body_level: str, required: str) -> bool:
    """Can a body signing at ``body_level`` decide an award whose rule requires ``required``?"""
    return AUTHORITY_RANK[body_level] >= AUTHORITY_RANK[required]


def council_members_of(body: OrgUnit) -> list[tuple[int, bool]]:
    """(user id, is chair) of the body's council, from the memberships of the body itself."""
    members: dict[int, bool] = {}
    for user_id, role in Membership.objects.filter(unit=body, role__in=COUNCIL_ROLES).values_list("user_id", "role"):
        members[user_id] = members.get(user_id, False) or role == Role.COUNCIL_CHAIR
    return sorted(members.items())


def _body_of(obj):
    """The body an object belongs to, or the body itself."""
    if obj is not None and hasattr(obj, "path"):
        return obj
    return getattr(obj, "body", None) or getattr(obj, "from_body", None)


@rules.predicate
def is_council_member_for(user, obj) -> bool:
    body = _body_of(obj)
    return body is not None and covers(user, COUNCIL_ROLES, body)


@rules.predicate
def is_chair_for(user, obj) -> bool:
    body = _body_of(obj)
    return body is not None and covers(user, {Role.COUNCIL_CHAIR}, body)


@rules.predicate
def acts_for_granting_body(user, obj) -> bool:
    """The office or chair of the very body that issued the decision (not a level above or below)."""
    body = _body_of(obj)
    return body is not None and any(
        g.unit_id == body.pk and g.role in {Role.OFFICE, Role.COUNCIL_CHAIR} for g in user_grants(user)
    )


@rules.predicate
def is_office_for_target(user, proposal) -> bool:
    """The office of the level that received a proposal, or of the proposing body when none did."""
    if proposal is None:
        return False
    body = proposal.to_body or proposal.from_body
    return any(g.unit_id == body.pk and g.role == Role.OFFICE for g in user_grants(user))


@rules.predicate
def is_office_of_body(user, obj) -> bool:
    """The office of exactly the body an object belongs to (a bundle's body sends it)."""
    body = _body_of(obj)
    return body is not None and any(g.unit_id == body.pk and g.role == Role.OFFICE for g in user_grants(user))


@rules.predicate
def sent_it_in_a_bundle(user, proposal) -> bool:
    """The office of the proposing body, once the proposal went up in a bundle (tờ trình): the
    higher level's decision comes back to it, whoever received the bundle."""
    if proposal is None or not is_office_of_body(user, proposal.from_body):
        return False
    return proposal.lines.filter(
        returned_at__isnull=True, bundle__status__in=[BundleStatus.SENT, BundleStatus.RECEIVED]
    ).exists()


@rules.predicate
def has_council_role(user) -> bool:
    return any(g.role in COUNCIL_ROLES for g in user_grants(user))


rules.add_perm("council.use_area", is_admin | is_office | has_council_role)
rules.add_perm("council.plan_session", is_admin | is_office)
rules.add_perm("council.view_session", is_admin | is_body_member_for)
rules.add_perm("council.chair_session", is_admin | is_chair_for)
rules.add_perm("council.vote", is_council_member_for)
rules.add_perm("council.enter_ballots", is_admin | is_office_for)
# Pull a line out of a list put to one vote (a named exception): the secretary or a member.
rules.add_perm("council.pull_line", is_admin | is_office_for | is_council_member_for)
rules.add_perm("council.issue_decision", is_admin | is_office_for | is_chair_for)
rules.add_perm("council.view_decision", is_admin | is_body_member_for)
rules.add_perm("council.revoke", is_admin | acts_for_granting_body)
# The registers of a body (golden book, payout sheets, reward fund): its office and chair.
rules.add_perm("council.view_registers", is_admin | acts_for_granting_body)
rules.add_perm("council.keep_fund", is_admin | acts_for_granting_body)
rules.add_perm("council.print_certificates", is_admin | acts_for_granting_body)
rules.add_perm("council.record_outcome", is_admin | is_office_for_target | sent_it_in_a_bundle)
# The bundles (tờ trình) of proposals to the higher level: the office of the proposing body.
rules.add_perm("council.send_proposals", is_admin | is_office_of_body)
rules.add_perm("council.handle_objections", is_admin | is_office)
rules.add_perm("council.resolve_objection", is_admin | is_office_for)
