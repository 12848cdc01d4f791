from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from accounts.menu import MenuItem, register_menu_item
        from families.demo_registry import register_demo_step
        from families.sections import FamilySection, register_section
        from screening.demo import seed_screening_demo

        register_menu_item(
            MenuItem("screening:inbox", _("Referrals"), 25, lambda nav: nav.is_team_member)
        )
        register_menu_item(
            MenuItem("screening:visitation", _("Visitation"), 26, lambda nav: nav.is_team_member)
        )
        # Before consent the team sees the referral and screening; outside grants never do.
        register_section(
            FamilySection(
                "screening",
                _("Referral and screening"),
                "screening:family_referrals",
                10,
                lambda access: access.is_team_member,
            )
        )
        register_demo_step(order=20, name="screening", run=seed_screening_demo)
