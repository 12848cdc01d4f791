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
            FamilySection("overview", _("Overview"), "families:detail", 0),
            FamilySection(
                "notes", _("Journal"), "families:notes", 50, lambda a: a.can_view_case_content
            ),
            FamilySection("contacts", _("Contact log"), "families:contacts", 60),
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
        _register_history_sources()


def _register_history_sources() -> None:
    from families.access import ContentKind
    from families.history import HistorySource, record_subject, register_history_source
    from families.models import (
        Consent,
        Contact,
        Family,
        FamilyCoordinator,
        FamilyGrant,
        Handover,
        JournalNote,
        Member,
        Task,
    )

    team, case = ContentKind.TEAM, ContentKind.CASE
    for order, (key, label, model, content, department_field, family_lookup) in enumerate(
        (
            ("family", _("Family"), Family, team, None, "id"),
            ("member", _("Family member"), Member, team, None, "family_id"),
            ("coordinator", _("Family coordinator"), FamilyCoordinator, team, None, "family_id"),
            ("consent", _("Consent"), Consent, team, None, "family_id"),
            ("handover", _("Handover"), Handover, case, "department", "family_id"),
            ("journal_note", _("Journal note"), JournalNote, case, "department", "family_id"),
            ("contact", _("Contact"), Contact, team, None, "family_id"),
            ("task", _("Task"), Task, team, None, "family_id"),
            ("grant", _("Outside access"), FamilyGrant, team, None, "family_id"),
        )
    ):
        register_history_source(
            HistorySource(
                key=key,
                label=label,
                model=model,
                subject=record_subject,
                family_lookup=family_lookup,
                content=content,
                department_field=department_field,
                order=order,
            )
        )
