"""Audit lines about the unit tree that more than one writer makes (the admin, the import)."""

from __future__ import annotations

from accounts.services import audit_record
from organisation.models import OrgUnit

UNIT_MOVE = "organisation.unit_move"


def record_unit_move(*, actor, unit: OrgUnit, old_parent_code: str, old_path: str, source: str) -> None:
    """Audit ``unit`` moved under another parent (its subtree moved with it).

    Call after the unit was saved under its new parent, inside the same transaction. A move
    changes who may read the unit's reviews, evidence and nominations, so it is always traced.
    """
    audit_record(
        actor=actor,
        action=UNIT_MOVE,
        target=unit,
        old_parent=old_parent_code,
        new_parent=unit.parent.code if unit.parent_id else "",
        old_path=old_path,
        new_path=unit.path,
        source=source,
    )
