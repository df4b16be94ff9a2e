from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Thi đua")

    def ready(self) -> None:
        from campaigns import choosers
        from campaigns.selectors import unit_blocks_section

        choosers.register()
        from organisation.views import UNIT_SECTIONS
        from songlo.navigation import NAVIGATION, NavItem
        from songlo.sections import PageSection

        NAVIGATION.register(
            "movements",
            NavItem(
                _("Phong trào"),
                "campaigns:movement_list",
                "flag",
                active_for=(
                    "campaigns:movement",
                    "campaigns:registration",
                    "campaigns:stage",
                    "campaigns:period_create",
                ),
            ),
            order=10,
        )
        NAVIGATION.register(
            "reviews",
            NavItem(
                _("Báo cáo định kỳ"),
                "campaigns:review_list",
                "journal-check",
                active_for=("campaigns:review", "campaigns:evidence"),
            ),
            order=20,
        )
        NAVIGATION.register(
            "periods",
            NavItem(
                _("Kỳ báo cáo"),
                "campaigns:period_list",
                "calendar-range",
                perm="organisation.use_office_area",
                active_for=(
                    "campaigns:period_list",
                    "campaigns:period_detail",
                    "campaigns:period_edit",
                    "campaigns:period_export",
                ),
            ),
            order=30,
        )
        NAVIGATION.register(
            "blocks",
            NavItem(_("Cụm, khối thi đua"), "campaigns:block_list", "people", active_for=("campaigns:block",)),
            order=40,
        )
        UNIT_SECTIONS.register("blocks", PageSection("campaigns/includes/unit_blocks.html", unit_blocks_section))
