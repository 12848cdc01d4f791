from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self) -> None:
        from accounts.menu import MenuItem, register_menu_item

        register_menu_item(
            MenuItem("evaluation:overview", _("Overview"), 700, lambda nav: nav.is_aggregate_viewer)
        )
        register_menu_item(
            MenuItem("evaluation:fidelity", _("Fidelity survey"), 710, lambda nav: nav.is_team_lead)
        )
        _register_measurements()
        _register_ssp_levels()
        _register_subject_data()
        from evaluation import my_work

        my_work.register()  # measurements due on "my work"


def _register_measurements() -> None:
    """Measurements of persons: a family tab and the family history, behind the consent gate."""
    from actionplans.queue_sections import QueueSection, register_queue_section
    from evaluation import (
        measurement_due,
        measurement_tasks,  # noqa: F401  (registers the daily reminder task)
    )
    from evaluation.measurement_selectors import family_due_waves, queue_due_waves
    from evaluation.models import Measurement
    from evaluation.models.measurements import wave_label
    from families.access import ContentKind
    from families.history import HistorySource, register_history_source
    from families.overview_blocks import OverviewBlock, register_overview_block
    from families.sections import FamilySection, register_section

    measurement_due.connect()  # keeps each family's stored next-due wave (issue 12)
    register_section(
        FamilySection(
            "measurements",
            _("Measurements"),
            "measurements:family",
            300,
            lambda access: access.can_view_measurements,
        )
    )
    register_queue_section(
        QueueSection(
            "measurements_due",
            "evaluation/measurements/_queue_section.html",
            queue_due_waves,
            order=50,
        )
    )
    register_overview_block(
        OverviewBlock(
            "measurements_due",
            "evaluation/measurements/_overview_block.html",
            lambda page: family_due_waves(page.access),
            order=50,
        )
    )
    register_history_source(
        HistorySource(
            key="measurement",
            label=_("Measurement"),
            model=Measurement,
            subject=lambda record: f"{record.get_instrument_display()} · {wave_label(record.wave)}",
            content=ContentKind.CORE_TEAM,
            order=300,
            context_fields=frozenset({"family", "member", "wave", "instrument", "audience"}),
        )
    )


def _register_ssp_levels() -> None:
    """The target children's later SSP levels: a family tab and the family history (core team)."""
    from config.dates import date_text
    from evaluation.models import SspLevelRecord
    from families.access import ContentKind
    from families.history import HistorySource, register_history_source
    from families.sections import FamilySection, register_section

    register_section(
        FamilySection(
            "ssp",
            _("SSP level"),
            "measurements:ssp",
            310,
            lambda access: access.can_view_ssp_levels,
        )
    )
    register_history_source(
        HistorySource(
            key="ssp_level",
            label=_("SSP concern level"),
            model=SspLevelRecord,
            subject=lambda record: date_text(record.assessed_on),
            content=ContentKind.CORE_TEAM,
            order=310,
            context_fields=frozenset({"family", "member", "assessed_on"}),
        )
    )


def _register_subject_data() -> None:
    """What this app holds about a person, for their data subject access extract (GDPR art. 15)."""
    from evaluation.models import Measurement
    from evaluation.models.reports import SspLevelRecord
    from families.dsar import SubjectDataSource, register_subject_data

    for order, (key, label, model, lookups, family_lookup) in enumerate(
        (
            ("measurement", _("Measurements"), Measurement, ("member",), "family_id"),
            ("ssp_level", _("SSP concern levels"), SspLevelRecord, ("member",), "family_id"),
        ),
        start=400,
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
