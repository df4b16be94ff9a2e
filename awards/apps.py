from urllib.parse import urlencode

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _named_registrations_url(movement, unit=None) -> str:
    """The named registrations of ``movement`` (and of ``unit`` when given): campaigns links to it."""
    from django.urls import reverse

    params = {"movement": movement.pk, **({"unit": unit.code} if unit is not None else {})}
    return f"{reverse('awards:title_registrations')}?{urlencode(params)}"


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from django.urls import reverse

        from awards.search import find_nominations, find_people
        from songlo.search import SEARCH_SOURCES, SearchSource

        SEARCH_SOURCES.register(
            "people",
            SearchSource(_("Cá nhân"), find_people, lambda q: f"{reverse('awards:people')}?{urlencode({'q': q})}"),
            order=10,
        )
        SEARCH_SOURCES.register("nominations", SearchSource(_("Hồ sơ đề nghị khen thưởng"), find_nominations), order=30)
        from awards import charts, choosers, events, reminders

        choosers.register()
        from awards import documents

        documents.register()
        from awards.enums import REGISTRABLE_COLLECTIVE_TITLES
        from campaigns.forms import COLLECTIVE_TITLES
        from songlo.navigation import NAVIGATION, NavItem

        reminders.register()
        from organisation.views import UNIT_SECTIONS
        from songlo.sections import HOME_SECTIONS, PageSection

        HOME_SECTIONS.register("charts", PageSection("awards/includes/charts.html", charts.home_charts), order=90)
        UNIT_SECTIONS.register("charts", PageSection("awards/includes/unit_charts.html", charts.unit_charts), order=90)
        events.register()
        from awards.models.nominations import refresh_unit_paths_below
        from organisation.models import PATH_FOLLOWERS

        PATH_FOLLOWERS.register("nominations", refresh_unit_paths_below)
        from campaigns.views.movements import NAMED_REGISTRATIONS

        NAMED_REGISTRATIONS.register("page", _named_registrations_url)
        for order, (code, label) in enumerate(REGISTRABLE_COLLECTIVE_TITLES):
            COLLECTIVE_TITLES.register(code, label, order=order)
        NAVIGATION.register(
            "awards",
            NavItem(
                _("Khen thưởng"),
                "awards:nomination_list",
                "award",
                perm="awards.use_awards_area",
                active_for=("awards:nomination",),
            ),
            order=50,
        )
        NAVIGATION.register(
            "title_registrations",
            NavItem(
                _("Đăng ký danh hiệu"),
                "awards:title_registrations",
                "person-lines-fill",
                perm="awards.view_registrations",
                active_for=("awards:title_registration", "awards:registered_achieved"),
            ),
            order=55,
        )
        NAVIGATION.register(
            "submissions",
            NavItem(
                _("Tờ trình, danh sách"),
                "awards:submission_list",
                "card-list",
                perm="awards.use_awards_area",
                active_for=("awards:submission",),
            ),
            order=56,
        )
        NAVIGATION.register(
            "eligibility",
            NavItem(_("Xét điều kiện"), "awards:eligibility", "check2-square", perm="awards.use_awards_area"),
            order=60,
        )
        NAVIGATION.register(
            "people",
            NavItem(
                _("Cá nhân"),
                "awards:people",
                "people",
                perm="awards.use_awards_area",
                active_for=("awards:person", "awards:unit_history"),
            ),
            order=70,
        )
        NAVIGATION.register(
            "statistics",
            NavItem(_("Biểu đồ số liệu"), "awards:statistics", "bar-chart", perm="awards.view_statistics"),
            order=75,
        )
        NAVIGATION.register(
            "import",
            NavItem(
                _("Nhập dữ liệu"), "awards:import", "upload", perm="awards.import_data", active_for=("awards:import",)
            ),
            order=80,
        )
