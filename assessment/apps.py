from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from assessment import admin  # noqa: F401  (registers the cut-off configuration)
        from assessment.demo import seed_assessment_demo
        from families.demo_registry import register_demo_step
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
        register_demo_step(order=30, name="assessment", run=seed_assessment_demo)
