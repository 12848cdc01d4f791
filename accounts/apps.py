from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisation")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (log-in receivers)
        from accounts.menu import MenuItem, register_menu_item

        register_menu_item(
            MenuItem(
                "municipality_admin:index",
                _("Administration"),
                900,
                lambda nav: nav.is_municipality_admin,
            )
        )
