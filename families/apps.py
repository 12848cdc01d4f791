from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = _("Families")

    def ready(self) -> None:
        from accounts.menu import MenuItem, register_menu_item
        from families.sections import FamilySection, register_section

        for item in (
            MenuItem(
                "families:mine",
                _("My families"),
                10,
                lambda nav: (
                    nav.is_team_member or not (nav.is_aggregate_viewer or nav.is_municipality_admin)
                ),
            ),
            MenuItem("families:team", _("Team families"), 20, lambda nav: nav.is_team_member),
            MenuItem("families:create", _("New family"), 30, lambda nav: nav.is_team_member),
            MenuItem(
                "families:team_access_log", _("Access log"), 800, lambda nav: nav.is_team_lead
            ),
        ):
            register_menu_item(item)

        for section in (
            FamilySection("overview", _("Overview"), "families:detail", 0, lambda a: True),
            FamilySection(
                "notes", _("Journal"), "families:notes", 50, lambda a: a.can_view_case_content
            ),
            FamilySection("contacts", _("Contact log"), "families:contacts", 60, lambda a: True),
            FamilySection(
                "history", _("History"), "families:history", 900, lambda a: a.can_view_history
            ),
            FamilySection(
                "coordinators",
                _("Coordinators"),
                "families:coordinators",
                910,
                lambda a: a.can_manage_family,
            ),
            FamilySection(
                "grants", _("Outside access"), "families:grants", 920, lambda a: a.can_manage_family
            ),
            FamilySection(
                "access_log",
                _("Access log"),
                "families:access_log",
                930,
                lambda a: a.can_view_access_log,
            ),
        ):
            register_section(section)
