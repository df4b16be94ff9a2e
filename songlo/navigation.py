"""The left navigation: one entry per area, shown only to those who may open it.

``NAVIGATION`` is an extension point (``songlo.registry``): each app registers its areas from
its ``AppConfig.ready()``; the order on screen is the entries' ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from songlo.registry import Registry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url_name: str
    icon: str
    perm: str | None = None  # None: every logged-in user
    staff_only: bool = False
    # View-name prefixes that also highlight this entry (besides its own view).
    active_for: tuple[str, ...] = ()


NAVIGATION: Registry[NavItem] = Registry("navigation")
NAVIGATION.register("home", NavItem(_("Trang chủ"), "home", "house"), order=0)
NAVIGATION.register("admin", NavItem(_("Quản trị"), "admin:index", "gear", staff_only=True), order=1000)


def visible_items(user) -> list[NavItem]:
    items = []
    for item in NAVIGATION:
        if item.staff_only and not user.is_staff:
            continue
        if item.perm and not user.has_perm(item.perm):
            continue
        items.append(item)
    return items
