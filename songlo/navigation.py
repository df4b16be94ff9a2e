"""The left navigation: one entry per area, shown only to those who may open it.

Apps add their areas to ``NAVIGATION``; order here is the order on screen.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    icon: str
    perm: str | None = None  # None: every logged-in user
    staff_only: bool = False


NAVIGATION: list[NavItem] = [
    NavItem("home", _("Trang chủ"), "home", "house"),
    NavItem("units", _("Đơn vị"), "campaigns:unit_list", "diagram-3"),
    NavItem("awards", _("Khen thưởng"), "awards:nomination_list", "award", perm="awards.use_awards_area"),
    NavItem("eligibility", _("Xét điều kiện"), "awards:eligibility", "check2-square", perm="awards.use_awards_area"),
    NavItem("people", _("Cá nhân"), "awards:people", "people", perm="awards.use_awards_area"),
    NavItem("import", _("Nhập dữ liệu"), "awards:import", "upload", perm="awards.import_data"),
    NavItem("admin", _("Quản trị"), "admin:index", "gear", staff_only=True),
]


def visible_items(user) -> list[NavItem]:
    items = []
    for item in NAVIGATION:
        if item.staff_only and not user.is_staff:
            continue
        if item.perm and not user.has_perm(item.perm):
            continue
        items.append(item)
    return items
