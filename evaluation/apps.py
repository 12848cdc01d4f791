from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self) -> None:
        from accounts.menu import MenuItem, register_menu_item

        register_menu_item(
            MenuItem("evaluation:overview", _("Overview"), 700, lambda nav: nav.is_aggregate_viewer)
        )
