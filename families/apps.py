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
            MenuItem(
                "families:team_access_log", _("Access log"), 800, lambda nav: nav.is_team_lead
            ),
            MenuItem(
                "families:erasure_list",
                _("Retention and erasure"),
                850,
                lambda nav: nav.is_municipality_admin,
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
                "information_exchange",
                _("Information exchange"),
                "families:information_exchanges",
                800,
                lambda a: a.can_view_information_exchanges,
            ),
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
        _register_subject_data()
        _register_my_work_and_deadlines()


def _register_my_work_and_deadlines() -> None:
    """ "My work" (its menu item with a count, the family record's sources) and the deadline
    block on the family overview; the hourly deadline reminder task."""
    from accounts.menu import MenuItem, register_menu_item
    from families import deadline_tasks  # noqa: F401  (registers the reminder task)
    from families.my_work import count_for, register_family_sources
    from families.my_work_views import deadline_block
    from families.overview_blocks import OverviewBlock, register_overview_block

    register_menu_item(
        MenuItem("my_work:index", _("My work"), 5, lambda nav: nav.is_team_member, count_for)
    )
    register_family_sources()
    register_overview_block(
        OverviewBlock("deadlines", "families/_deadlines_block.html", deadline_block, order=10)
    )


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
        InformationExchange,
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
            (
                "information_exchange",
                _("Information exchange"),
                InformationExchange,
                case,
                None,
                "family_id",
            ),
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


def _register_subject_data() -> None:
    """What the family record holds about a person, for their data subject access extract."""
    from families.dsar import SubjectDataSource, register_subject_data
    from families.models import (
        Consent,
        Contact,
        Family,
        Handover,
        InformationExchange,
        JournalNote,
        Member,
        Task,
    )

    for order, (key, label, model, lookups, family_lookup, whole_family) in enumerate(
        (
            ("member", _("Person"), Member, ("pk",), "family_id", False),
            ("family", _("Family"), Family, ("members",), "pk", False),
            ("consent", _("Consents"), Consent, ("given_by",), "family_id", False),
            ("handover", _("Handovers"), Handover, ("member",), "family_id", True),
            ("journal_note", _("Journal notes"), JournalNote, ("members",), "family_id", True),
            ("contact", _("Contact log"), Contact, ("members",), "family_id", True),
            ("task", _("Tasks"), Task, ("member",), "family_id", True),
            (
                "information_exchange",
                _("Information exchange"),
                InformationExchange,
                ("members",),
                "family_id",
                True,
            ),
        )
    ):
        register_subject_data(
            SubjectDataSource(
                key=key,
                label=label,
                model=model,
                member_lookups=lookups,
                family_lookup=family_lookup,
                whole_family_when_empty=whole_family,
                order=order,
            )
        )
