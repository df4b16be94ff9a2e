from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import gate
        from accounts.twofactor import TWO_FACTOR_GROUPS, TwoFactorGroup

        user_logged_in.connect(gate.on_login, dispatch_uid="accounts.gate.on_login")
        TWO_FACTOR_GROUPS.register(
            "admin",
            TwoFactorGroup(_("Người dùng trang quản trị"), lambda user: user.is_staff or user.is_superuser),
            order=10,
        )
