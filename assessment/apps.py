from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from assessment import admin  # noqa: F401  (registers the cut-off configuration)
        from families.sections import FamilySection, register_section

        # The assessment is case content: behind the consent gate.
        register_section(
            FamilySection(
                "assessment",
                _("Assessment"),
                "assessment:family",
                100,
                lambda access: access.can_view_case_content,
            )
        )
        _register_history_sources()


def _register_history_sources() -> None:
    """The assessment's changes on the family's history page, behind the consent gate."""
    from assessment.models import (
        Assessment,
        ChildConcern,
        FamilyMeeting,
        JournalReviewEntry,
        OverallAssessment,
        PartCompletion,
        RiskAssessment,
        TimelineEntry,
    )
    from families.history_sources import HistorySource, register_history_source

    def of_family(model: type) -> object:
        return lambda access: model.history.filter(assessment__family_id=access.family.pk)

    def of_readable_departments(model: type) -> object:
        return lambda access: model.history.filter(
            assessment__family_id=access.family.pk,
            department_id__in=access.readable_department_ids,
        )

    sources = [
        (
            "assessment",
            _("Assessment"),
            lambda access: Assessment.history.filter(family_id=access.family.pk),
            lambda r: f"{r.get_kind_display()}, {r.version}",
        ),
        (
            "assessment_part",
            _("Assessment part"),
            of_family(PartCompletion),
            lambda r: r.get_part_display(),
        ),
        (
            "journal_review",
            _("Journal review"),
            of_readable_departments(JournalReviewEntry),
            lambda r: f"{r.member} · {r.get_document_type_display()}",
        ),
        (
            "timeline",
            _("Timeline"),
            of_readable_departments(TimelineEntry),
            lambda r: f"{r.member} · {r.get_measure_type_display() or r.get_event_type_display()}",
        ),
        (
            "risk",
            _("Risk and need"),
            of_family(RiskAssessment),
            lambda r: f"{r.member} · {r.instrument}",
        ),
        ("overall", _("Overall assessment"), of_family(OverallAssessment), lambda r: ""),
        ("concern", _("Concern level"), of_family(ChildConcern), lambda r: str(r.member)),
        ("family_meeting", _("Family meeting"), of_family(FamilyMeeting), lambda r: ""),
    ]
    for order, (key, label, records, subject) in enumerate(sources, start=200):
        register_history_source(
            HistorySource(
                key=key,
                label=label,
                records=records,
                subject=subject,
                order=order,
                is_visible=lambda access: access.can_view_case_content,
                context_fields=frozenset({"assessment"}),
            )
        )
