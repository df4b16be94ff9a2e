"""Events of the awards app: what the proposing unit is told about its nominations.

campaigns owns the bell, the outbox and the preferences and may not import awards: ``register()``
(called from ``AwardsConfig.ready``) adds these kinds to ``campaigns.events.EVENT_KINDS``; the
services call ``tell_unit`` inside their transaction, after their audit line.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from campaigns.enums import NotifyChannel
from campaigns.events import EventType, event_emit, register_event_kind, unit_heads
from organisation.enums import Role
from songlo.mail import absolute_url

NOMINATION_RETURNED = "nomination_returned"
NOMINATION_SCREENED = "nomination_screened"
NOMINATION_APPROVED = "nomination_approved"
NOMINATION_REJECTED = "nomination_rejected"
TITLE_REGISTRATION_RETURNED = "title_reg_returned"

HEADS = frozenset({Role.UNIT_HEAD})


def register() -> None:
    for order, (kind, label, default) in enumerate(
        [
            (NOMINATION_RETURNED, _("Hồ sơ đề nghị bị trả lại"), NotifyChannel.IMMEDIATE),
            (NOMINATION_SCREENED, _("Hồ sơ đề nghị được xác nhận hợp lệ"), NotifyChannel.DIGEST),
            (NOMINATION_APPROVED, _("Hội đồng thông qua hồ sơ đề nghị"), NotifyChannel.IMMEDIATE),
            (NOMINATION_REJECTED, _("Hồ sơ đề nghị không được thông qua"), NotifyChannel.IMMEDIATE),
            (TITLE_REGISTRATION_RETURNED, _("Đăng ký danh hiệu bị trả lại"), NotifyChannel.IMMEDIATE),
        ]
    ):
        register_event_kind(EventType(kind, label, default, HEADS, _("Đơn vị đề nghị")), order=50 + order)


def tell_unit(*, kind: str, nomination, event_id, text, params: dict | None = None, actor=None) -> int:
    """Tell the heads of the unit that proposed ``nomination``."""
    return event_emit(
        kind=kind,
        target=nomination,
        event_id=event_id,
        recipients=unit_heads([nomination.unit_id]),
        text=text,
        params={"subject": str(nomination.subject), "award": nomination.award_type.name, **(params or {})},
        link=absolute_url(nomination.get_absolute_url()),
        actor=actor,
    )


def tell_registering_unit(*, registration, event_id, text, params: dict | None = None, actor=None) -> int:
    """Tell the heads of the unit that registered ``registration`` (awards.registrations)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    query = {"unit": registration.unit.code, "year": registration.year}
    if registration.movement_id:
        query["movement"] = registration.movement_id
    link = f"{reverse('awards:title_registrations')}?{urlencode(query)}"
    return event_emit(
        kind=TITLE_REGISTRATION_RETURNED,
        target=registration,
        event_id=event_id,
        recipients=unit_heads([registration.unit_id]),
        text=text,
        params={
            "subject": str(registration.subject),
            "award": registration.award_type.name,
            "year": registration.year,
            **(params or {}),
        },
        link=absolute_url(link),
        actor=actor,
    )
