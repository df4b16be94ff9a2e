from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from songlo.navigation import NAVIGATION, NavItem

        NAVIGATION.register(
            "units",
            NavItem(_("Đơn vị"), "organisation:unit_list", "diagram-3", active_for=("organisation:unit",)),
            order=90,
        )
