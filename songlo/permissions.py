"""The one check a service makes before it changes anything."""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from songlo.exceptions import NotAllowed


def require(actor, perm: str, obj=None) -> None:
    """Raise NotAllowed unless ``actor`` has ``perm`` (declared with django-rules) on ``obj``."""
    if actor is None or not actor.has_perm(perm, obj):
        raise NotAllowed(_("Bạn không có quyền thực hiện việc này."))


@lru_cache(maxsize=1)
def model_permission_names() -> frozenset[str]:
    """Every "app_label.codename" Django creates an ``auth.Permission`` row for: each model's
    default permissions and its ``Meta.permissions``. Computed from the models, once."""
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        names.update(f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions)
        names.update(f"{opts.app_label}.{codename}" for codename, _name in opts.permissions)
    return frozenset(names)


class UndeclaredPermissionBackend:
    """Answers no, at once, for a permission name no model declares (a django-rules permission
    the rules backend before it has just refused), so that Django's ModelBackend after it does
    not read the user's permissions from the database for it: no ``auth.Permission`` row can
    carry such a name. Raising PermissionDenied is how a backend ends Django's search with "no".
    Model permissions (the admin's) go on to ModelBackend as before. It authenticates no one and
    has no ``get_user`` (Django's login picks the first backend that has one)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if perm not in model_permission_names():
            raise PermissionDenied
        return False
