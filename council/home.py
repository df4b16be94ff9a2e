"""The council's section of the home page (registered in songlo.sections.HOME_SECTIONS by CouncilConfig.ready).

- A council member sees the next session (open, else the next planned one), how many dossiers
  are on its agenda and how many ballots they have not cast yet.
- The chair sees the sessions to open (planned) and to close (open).
- The office sees the screened nominations awaiting a session and the open objections.

At most ten queries whatever the number of sessions, items and nominations.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from awards.enums import NominationStatus
from awards.models import Nomination
from council.enums import ObjectionStatus, SessionStatus
from council.models import CouncilSession, Objection
from council.selectors import next_session_for_member
from organisation.enums import COUNCIL_ROLES, Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths, has_role

CHAIR_SESSIONS = 5


def council_section(request: HttpRequest) -> dict | None:
    user = request.user
    is_member = has_role(user, COUNCIL_ROLES)
    is_chair = has_role(user, {Role.COUNCIL_CHAIR})
    is_office = has_role(user, {Role.OFFICE})
    if not (is_member or is_office):
        return None
    data: dict = {"is_member": is_member, "is_chair": is_chair, "is_office": is_office}
    if is_member:
        session = next_session_for_member(user)
        data["session"] = session
        if session is not None:
            me = session.members.filter(user=user).first()
            counts = session.items.aggregate(
                dossiers=Count("pk", filter=Q(nomination__isnull=False), distinct=True),
                # A list is one ballot for all its lines: the items voted on are those without a list.
                votable=Count("pk", filter=Q(parent__isnull=True), distinct=True),
                voted=Count("pk", filter=Q(receipts__member=user, paper_entered_at__isnull=True), distinct=True),
                paper=Count("pk", filter=Q(paper_entered_at__isnull=False), distinct=True),
            )
            data["me"] = me
            data["dossiers"] = counts["dossiers"]
            can_vote = session.status == SessionStatus.OPEN and me is not None and me.present
            data["can_vote"] = can_vote
            data["to_vote"] = max(counts["votable"] - counts["paper"] - counts["voted"], 0) if can_vote else 0
    if is_chair:
        data["chair_sessions"] = list(
            CouncilSession.objects.filter(
                body__in=OrgUnit.objects.within_any(grant_paths(user, {Role.COUNCIL_CHAIR})),
                status__in=[SessionStatus.PLANNED, SessionStatus.OPEN],
            )
            .select_related("body")
            .annotate(n_items=Count("items", filter=Q(items__nomination__isnull=False)))
            .order_by("date", "pk")[:CHAIR_SESSIONS]
        )
    if is_office:
        scope = OrgUnit.objects.within_any(grant_paths(user, {Role.OFFICE}))
        data["screened"] = Nomination.objects.filter(unit__in=scope, status=NominationStatus.SCREENED).count()
        data["objections"] = Objection.objects.filter(nomination__unit__in=scope, status=ObjectionStatus.OPEN).count()
        if not (data["screened"] or data["objections"] or is_member):
            # Nothing for the office on the council side: the campaigns office section suffices.
            return None
    return data
