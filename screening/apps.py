from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from accounts.menu import MenuItem, register_menu_item
        from families.sections import FamilySection, register_section

        register_menu_item(
            MenuItem("screening:inbox", _("Referrals"), 25, lambda nav: nav.is_team_member)
        )
        register_menu_item(
            MenuItem("screening:visitation", _("Visitation"), 26, lambda nav: nav.is_team_member)
        )
        # The one way in for a new family (issue 11, item 5); the family list offers the team's
        # leads the backfill of an already included family besides.
        register_menu_item(
            MenuItem(
                "screening:referral_create", _("New referral"), 30, lambda nav: nav.is_team_member
            )
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
        _register_history_sources()
        _register_subject_data()
        _register_task_hooks()


def _register_task_hooks() -> None:
    """The investigation reminder done starts the § 20 deadline (families/deadlines.py)."""
    from families.services.tasks import register_completion_hook
    from screening.services.follow_up import investigation_task_done

    register_completion_hook(investigation_task_done)


def _register_history_sources() -> None:
    """Referral and screening changes on the family's history page (visible before consent)."""
    from config.dates import date_text
    from families.history import HistorySource, register_history_source
    from screening.models import ChildArea, CriterionAnswer, Referral

    sources = [
        (
            "referral",
            _("Referral"),
            Referral,
            "family_id",
            lambda r: f"{date_text(r.received_on)} · {r.get_source_display()}",
        ),
        (
            "criterion",
            _("Inclusion criterion"),
            CriterionAnswer,
            "referral__family_id",
            lambda r: str(r.member),
        ),
        (
            "child_area",
            _("Housing area"),
            ChildArea,
            "referral__family_id",
            lambda r: f"{r.member} · {r.area}",
        ),
    ]
    for order, (key, label, model, family_lookup, subject) in enumerate(sources, start=100):
        register_history_source(
            HistorySource(
                key=key,
                label=label,
                model=model,
                subject=subject,
                family_lookup=family_lookup,
                order=order,
                context_fields=frozenset({"referral"}),
            )
        )


def _register_subject_data() -> None:
    """What this app holds about a person, for their data subject access extract (GDPR art. 15)."""
    from families.dsar import SubjectDataSource, register_subject_data
    from screening.models import ChildArea, CriterionAnswer, Referral

    for order, (key, label, model, lookups, family_lookup) in enumerate(
        (
            ("referral", _("Referrals"), Referral, ("children",), "family_id"),
            (
                "criterion",
                _("Inclusion criteria"),
                CriterionAnswer,
                ("member",),
                "referral__family_id",
            ),
            ("child_area", _("Housing area"), ChildArea, ("member",), "referral__family_id"),
        ),
        start=100,
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
