"""The bodies a user may report on: the office's units and everything below them."""

from __future__ import annotations

from django.db.models import QuerySet

from organisation.enums import Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths


def report_bodies(user) -> QuerySet[OrgUnit]:
    if user.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.within_any(grant_paths(user, {Role.OFFICE}))


def default_body(user) -> OrgUnit | None:
    """The office's own body (the highest unit it holds the role in); for an admin, the top unit."""
    return report_bodies(user).order_by("depth", "path").first()
