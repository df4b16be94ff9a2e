from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from awards import council_admin, council_rules  # noqa: F401  (register council admin and permissions)
        from awards import home as awards_home
        from awards import reminders as awards_reminders

        awards_reminders.register()
        awards_home.register()
        from songlo.navigation import NAVIGATION, NavItem

        if not any(item.key == "council" for item in NAVIGATION):
            at = next((i for i, item in enumerate(NAVIGATION) if item.key == "admin"), len(NAVIGATION))
            NAVIGATION.insert(
                at, NavItem("council", _("Hội đồng"), "council:my_council", "journal-check", "council.use_area")
            )
