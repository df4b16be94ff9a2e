from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The kernel as an app: its receivers (text normalisation) and the project-wide commands
    (``backup``, ``restore``). It has no models and imports no app."""

    name = "songlo"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from songlo import text

        pre_save.connect(text.normalise_on_save, dispatch_uid="songlo.text.normalise_on_save")
        connection_created.connect(text.register_sqlite_functions, dispatch_uid="songlo.text.sqlite_functions")
