from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import AuditEvent, User


def audit_record(*, actor: User | None, action: str, target: models.Model, **data: Any) -> AuditEvent:
    """Append one line to the audit trail. Call inside the transition's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        data=data,
    )
