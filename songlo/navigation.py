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
    # View-name prefixes that also highlight this entry (besides its own view).
    active_for: tuple[str, ...] = ()


NAVIGATION: list[NavItem] = [
    NavItem("home", _("Trang chủ"), "home", "house"),
    NavItem(
        "movements",
        _("Phong trào"),
        "campaigns:movement_list",
        "flag",
        active_for=("campaigns:movement", "campaigns:registration", "campaigns:stage", "campaigns:period_create"),
    ),
    NavItem(
        "reviews",
        _("Báo cáo định kỳ"),
        "campaigns:review_list",
        "journal-check",
        active_for=("campaigns:review", "campaigns:evidence"),
    ),
    NavItem(
        "periods",
        _("Kỳ báo cáo"),
        "campaigns:period_list",
        "calendar-range",
        perm="campaigns.use_office_area",
        active_for=(
            "campaigns:period_list",
            "campaigns:period_detail",
            "campaigns:period_edit",
            "campaigns:period_export",
        ),
    ),
    NavItem("blocks", _("Cụm, khối thi đua"), "campaigns:block_list", "people", active_for=("campaigns:block",)),
    NavItem(
        "awards",
        _("Khen thưởng"),
        "awards:nomination_list",
        "award",
        perm="awards.use_awards_area",
        active_for=("awards:nomination",),
    ),
    NavItem("eligibility", _("Xét điều kiện"), "awards:eligibility", "check2-square", perm="awards.use_awards_area"),
    NavItem(
        "people",
        _("Cá nhân"),
        "awards:people",
        "people",
        perm="awards.use_awards_area",
        active_for=("awards:person", "awards:unit_history"),
    ),
    NavItem(
        "import", _("Nhập dữ liệu"), "awards:import", "upload", perm="awards.import_data", active_for=("awards:import",)
    ),
    NavItem("units", _("Đơn vị"), "campaigns:unit_list", "diagram-3", active_for=("campaigns:unit",)),
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
