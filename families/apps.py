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
        _register_history_sources()


def _register_history_sources() -> None:
    from families.history_sources import HistorySource, register_history_source
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
    from families.selectors import record_subject

    def readable(access: object) -> frozenset[int]:
        return access.readable_department_ids  # type: ignore[attr-defined]

    for order, (key, label, records) in enumerate(
        (
            ("family", _("Family"), lambda a: Family.history.filter(id=a.family.pk)),
            ("member", _("Family member"), lambda a: Member.history.filter(family_id=a.family.pk)),
            (
                "coordinator",
                _("Family coordinator"),
                lambda a: FamilyCoordinator.history.filter(family_id=a.family.pk),
            ),
            ("consent", _("Consent"), lambda a: Consent.history.filter(family_id=a.family.pk)),
            (
                "handover",
                _("Handover"),
                lambda a: Handover.history.filter(
                    family_id=a.family.pk, department_id__in=readable(a)
                ),
            ),
            (
                "journal_note",
                _("Journal note"),
                lambda a: JournalNote.history.filter(
                    family_id=a.family.pk, department_id__in=readable(a)
                ),
            ),
            ("contact", _("Contact"), lambda a: Contact.history.filter(family_id=a.family.pk)),
            ("task", _("Task"), lambda a: Task.history.filter(family_id=a.family.pk)),
            (
                "grant",
                _("Outside access"),
                lambda a: FamilyGrant.history.filter(family_id=a.family.pk),
            ),
        )
    ):
        register_history_source(
            HistorySource(
                key=key, label=label, records=records, subject=record_subject, order=order
            )
        )
