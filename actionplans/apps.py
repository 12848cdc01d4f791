from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from accounts.menu import MenuItem, register_menu_item
        from actionplans import admin  # noqa: F401  (registers the catalogue and checklist)
        from families.sections import FamilySection, register_section

        register_section(
            FamilySection(
                "actionplan",
                _("Action plan"),
                "actionplans:plan",
                200,
                lambda access: access.can_view_case_content,
            )
        )
        register_menu_item(
            MenuItem("actionplans:queue", _("Reassessment queue"), 40, lambda nav: nav.is_team_lead)
        )
        register_menu_item(
            MenuItem(
                "actionplans:notifications",
                _("Notifications"),
                45,
                lambda nav: nav.is_team_member,
            )
        )
