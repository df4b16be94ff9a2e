"""The one check a service makes before it changes anything."""

from __future__ import annotations

from django.utils.translation import gettext as _

from songlo.exceptions import NotAllowed


def require(actor, perm: str, obj=None) -> None:
    """Raise NotAllowed unless ``actor`` has ``perm`` (declared with django-rules) on ``obj``."""
    if actor is None or not actor.has_perm(perm, obj):
        raise NotAllowed(_("Bạn không có quyền thực hiện việc này."))
