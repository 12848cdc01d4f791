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
        _register_subject_data()
        from actionplans import my_work

        my_work.register()  # steps, follow-ups, reassessments, notifications on "my work"
        from actionplans import rule_changes

        rule_changes.connect()  # the reassessment rule changed: the plans' stored due dates follow


def _register_subject_data() -> None:
    """What this app holds about a person, for their data subject access extract (GDPR art. 15)."""
    from actionplans.models import (
        ActionPlan,
        Exemption,
        FollowUp,
        Goal,
        PlanOffer,
        StatutoryPlanLink,
        Step,
    )
    from families.dsar import SubjectDataSource, register_subject_data

    for order, (key, label, model, lookups, family_lookup) in enumerate(
        (
            (
                "plan",
                _("Action plan (the family's goals)"),
                ActionPlan,
                ("family__members",),
                "family_id",
            ),
            ("goal", _("Goals"), Goal, ("member",), "plan__family_id"),
            ("step", _("Steps"), Step, ("owner_member", "goal__member"), "goal__plan__family_id"),
            ("offer", _("Offers"), PlanOffer, ("member",), "plan__family_id"),
            ("exemption", _("Exemptions"), Exemption, ("member",), "plan__family_id"),
            (
                "statutory_link",
                _("Statutory plans"),
                StatutoryPlanLink,
                ("member",),
                "plan__family_id",
            ),
            (
                "follow_up",
                _("Follow-ups"),
                FollowUp,
                ("goal__member", "offer__member"),
                "plan__family_id",
            ),
        ),
        start=300,
    ):
        register_subject_data(
            SubjectDataSource(
                key=key,
                label=label,
                model=model,
                member_lookups=lookups,
                family_lookup=family_lookup,
                order=order,
            )
        )
