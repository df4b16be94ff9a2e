"""Events of the council app: ballots waiting (members), decisions issued (the units whose
people are awarded), objections filed (the office).

campaigns owns the bell, the outbox and the preferences and may not import council:
``register()`` (called from ``CouncilConfig.ready``) adds these kinds to
``campaigns.events.EVENT_KINDS``; the services emit inside their transaction, after their audit.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.enums import NotifyChannel
from campaigns.events import EventType, event_emit, office_of, register_event_kind
from council.enums import SessionStatus
from council.models import AgendaItem, CouncilSession, Decision, Objection
from organisation.enums import COUNCIL_ROLES, Role
from organisation.models import Membership
from songlo.mail import absolute_url

BALLOT_WAITING = "ballot_waiting"
DECISION_ISSUED = "decision_issued"
OBJECTION_FILED = "objection_filed"


def register() -> None:
    kinds = [
        (BALLOT_WAITING, _("Có phiếu chờ biểu quyết"), COUNCIL_ROLES, _("Thành viên Hội đồng")),
        (DECISION_ISSUED, _("Quyết định khen thưởng được ban hành"), {Role.UNIT_HEAD}, _("Đơn vị có người được khen")),
        (OBJECTION_FILED, _("Người dân gửi phản ánh"), {Role.OFFICE}, _("Thường trực thi đua")),
    ]
    for order, (kind, label, roles, audience) in enumerate(kinds):
        event = EventType(kind, label, NotifyChannel.IMMEDIATE, frozenset(roles), audience)
        register_event_kind(event, order=80 + order)


def tell_ballots_waiting(*, actor, session: CouncilSession, present: set[int], audit_id: int) -> int:
    """The present members: the session is open and their ballots are awaited."""
    items = AgendaItem.objects.filter(session=session, nomination__isnull=False).count()  # dossiers, not lists
    return event_emit(
        kind=BALLOT_WAITING,
        target=session,
        event_id=audit_id,
        recipients=present,
        text=_("Phiên họp “%(session)s” đã khai mạc: %(items)s hồ sơ chờ phiếu biểu quyết của bạn."),
        params={"session": session.title, "items": items},
        link=absolute_url(reverse("council:ballot_cast_all", args=[session.pk])),
        actor=actor,
    )


def tell_decision_issued(*, actor, decision: Decision, nominations) -> int:
    """The heads of each unit whose nominations the decision awards, with their count."""
    by_unit: dict[int, list] = {}
    for nomination in nominations:
        by_unit.setdefault(nomination.unit_id, []).append(nomination)
    heads: dict[int, set[int]] = {}
    for unit_id, user_id in Membership.objects.heads().filter(unit_id__in=by_unit).values_list("unit_id", "user_id"):
        heads.setdefault(unit_id, set()).add(user_id)
    told = 0
    for unit_id, unit_nominations in by_unit.items():
        told += event_emit(
            kind=DECISION_ISSUED,
            target=decision,
            event_id=decision.pk,
            recipients=heads.get(unit_id, set()),
            text=_(
                "Quyết định số %(number)s ngày %(date)s đã được ban hành: khen thưởng %(count)s hồ sơ của %(unit)s."
            ),
            params={
                "number": decision.number,
                "date": f"{decision.date:%d/%m/%Y}",
                "count": len(unit_nominations),
                "unit": unit_nominations[0].unit.name,
            },
            link=absolute_url(decision.get_absolute_url()),
            actor=actor,
        )
    return told


def tell_objection_filed(*, objection: Objection) -> int:
    """The office of the body whose council noticed the nomination (else the nearest above the unit)."""
    nomination = objection.nomination
    item = (
        AgendaItem.objects.filter(nomination=nomination, session__status=SessionStatus.CLOSED)
        .select_related("session__body")
        .order_by("-session__closed_at")
        .first()
    )
    body = item.session.body if item else nomination.unit
    return event_emit(
        kind=OBJECTION_FILED,
        target=objection,
        event_id=objection.pk,
        recipients=office_of(body),
        text=_("Phản ánh mới (%(when)s) về hồ sơ đang công khai “%(nomination)s”: %(text)s"),
        params={
            "when": f"{timezone.localtime(objection.created_at):%d/%m/%Y %H:%M}",
            "nomination": str(nomination.subject),
            "text": objection.text[:300],
        },
        link=absolute_url(reverse("council:objection_list")),
    )
