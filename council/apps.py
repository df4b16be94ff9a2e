from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Hội đồng Thi đua - Khen thưởng")

    def ready(self) -> None:
        from council.search import find_decisions
        from songlo.search import SEARCH_SOURCES, SearchSource

        SEARCH_SOURCES.register("decisions", SearchSource(_("Quyết định khen thưởng"), find_decisions), order=40)
        from council import choosers, events, home, reminders

        choosers.register()
        from council import documents

        documents.register()
        from songlo.navigation import NAVIGATION, NavItem
        from songlo.sections import HOME_SECTIONS, PageSection

        reminders.register()
        events.register()
        HOME_SECTIONS.register(
            "council", PageSection("council/includes/home_council.html", home.council_section), order=50
        )
        NAVIGATION.register(
            "council",
            NavItem(_("Hội đồng"), "council:my_council", "journal-check", "council.use_area"),
            order=95,
        )
