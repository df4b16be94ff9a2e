"""What the campaigns' forms let a user choose by searching (songlo/choosers.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from campaigns.selectors import movements_for_user
from organisation.models import OrgUnit
from songlo.choosers import CHOOSERS, Chooser


def _owner(user, movement: int) -> OrgUnit | None:
    """The owner of a movement the user manages (None for any other movement)."""
    found = movements_for_user(user).select_related("owner").filter(pk=movement).first()
    if found is None or not user.has_perm("campaigns.manage_movement", found):
        return None
    return found.owner


def participant_scope(owner: OrgUnit):
    """The units that may take part in a movement of ``owner``: every unit under it."""
    return OrgUnit.objects.within(owner).exclude(pk=owner.pk)


def participant_units(user, *, movement: int):
    owner = _owner(user, movement)
    return participant_scope(owner) if owner else OrgUnit.objects.none()


def participant_parents(user, *, movement: int):
    """Units under the owner that have units under them."""
    return participant_units(user, movement=movement).filter(Exists(OrgUnit.objects.filter(parent_id=OuterRef("pk"))))


def _unit_label(unit: OrgUnit) -> str:
    return f"{unit.name} ({unit.code})"


def register() -> None:
    for name, queryset in (("movement-units", participant_units), ("movement-parents", participant_parents)):
        CHOOSERS.register(
            name,
            Chooser(
                queryset,
                ("name", "code"),
                label=_unit_label,
                order_by=("path",),
                code_field="code",
                scope_params=("movement",),
            ),
        )
