from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo thống kê")

    def ready(self) -> None:
        from songlo.navigation import NAVIGATION, NavItem

        NAVIGATION.register(
            "reports",
            NavItem(
                _("Báo cáo thống kê"),
                "reports:index",
                "bar-chart-line",
                "reports.view_reports",
                active_for=("reports:",),
            ),
            order=90,
        )
