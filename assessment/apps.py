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
        _register_subject_data()


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
    from families.access import ContentKind
    from families.history import HistorySource, register_history_source

    # (key, label, model, owning department's field or None, subject)
    sources = [
        (
            "assessment",
            _("Assessment"),
            Assessment,
            None,
            lambda r: f"{r.get_kind_display()}, {r.version}",
        ),
        (
            "assessment_part",
            _("Assessment part"),
            PartCompletion,
            None,
            lambda r: r.get_part_display(),
        ),
        (
            "journal_review",
            _("Journal review"),
            JournalReviewEntry,
            "department",
            lambda r: f"{r.member} · {r.get_document_type_display()}",
        ),
        (
            "timeline",
            _("Timeline"),
            TimelineEntry,
            "department",
            lambda r: f"{r.member} · {r.get_measure_type_display() or r.get_event_type_display()}",
        ),
        (
            "risk",
            _("Risk and need"),
            RiskAssessment,
            None,
            lambda r: f"{r.member} · {r.instrument}",
        ),
        ("overall", _("Overall assessment"), OverallAssessment, None, lambda _r: ""),
        ("concern", _("Concern level"), ChildConcern, None, lambda r: str(r.member)),
        ("family_meeting", _("Family meeting"), FamilyMeeting, None, lambda _r: ""),
    ]
    for order, (key, label, model, department_field, subject) in enumerate(sources, start=200):
        register_history_source(
            HistorySource(
                key=key,
                label=label,
                model=model,
                subject=subject,
                family_lookup="family_id" if model is Assessment else "assessment__family_id",
                content=ContentKind.CASE,
                department_field=department_field,
                order=order,
                context_fields=frozenset({"assessment"}),
            )
        )


def _register_subject_data() -> None:
    """What this app holds about a person, for their data subject access extract (GDPR art. 15)."""
    from assessment.models import (
        ChildConcern,
        FamilyMeeting,
        JournalReviewEntry,
        OverallAssessment,
        RiskAssessment,
        TimelineEntry,
    )
    from families.dsar import SubjectDataSource, register_subject_data

    for order, (key, label, model, lookups, family_lookup) in enumerate(
        (
            (
                "journal_review",
                _("Journal review"),
                JournalReviewEntry,
                ("member",),
                "assessment__family_id",
            ),
            ("timeline", _("Timeline"), TimelineEntry, ("member",), "assessment__family_id"),
            ("risk", _("Risk and need"), RiskAssessment, ("member",), "assessment__family_id"),
            ("concern", _("Concern level"), ChildConcern, ("member",), "assessment__family_id"),
            (
                "overall",
                _("Overall assessment"),
                OverallAssessment,
                ("assessment__family__members",),
                "assessment__family_id",
            ),
            (
                "family_meeting",
                _("Family meeting"),
                FamilyMeeting,
                ("assessment__family__members",),
                "assessment__family_id",
            ),
        ),
        start=200,
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
