from urllib.parse import urlencode

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from django.urls import reverse

        from organisation.search import find_units
        from songlo.search import SEARCH_SOURCES, SearchSource

        SEARCH_SOURCES.register(
            "units",
            SearchSource(
                _("Đơn vị"), find_units, lambda q: f"{reverse('organisation:unit_list')}?{urlencode({'q': q})}"
            ),
            order=20,
        )
        from accounts.twofactor import TWO_FACTOR_GROUPS, TwoFactorGroup
        from organisation.enums import COUNCIL_ROLES, Role
        from organisation.models import Membership
        from songlo.navigation import NAVIGATION, NavItem

        # Who an admin may require two-step verification of (accounts.models.TwoFactorPolicy).
        TWO_FACTOR_GROUPS.register(
            "office",
            TwoFactorGroup(
                _("Thường trực thi đua"), lambda user: Membership.objects.filter(user=user, role=Role.OFFICE).exists()
            ),
            order=20,
        )
        TWO_FACTOR_GROUPS.register(
            "council",
            TwoFactorGroup(
                _("Thành viên Hội đồng thi đua, khen thưởng"),
                lambda user: Membership.objects.filter(user=user, role__in=COUNCIL_ROLES).exists(),
            ),
            order=30,
        )

        NAVIGATION.register(
            "units",
            NavItem(_("Đơn vị"), "organisation:unit_list", "diagram-3", active_for=("organisation:unit",)),
            order=90,
        )
