"""What every change to an assessment checks first: the draft is open, the rows are the family's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Department
from assessment.models import Assessment
from families.models import Member


def lock_draft(assessment: Assessment) -> Assessment:
    """Lock the assessment row and refuse a finished one (two people may finish at once)."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status != Assessment.Status.DRAFT:
        raise ValidationError(
            _("This assessment is finished and locked. Start a new version to change it.")
        )
    assessment.status = current.status
    return assessment


def check_own_member(assessment: Assessment, member: Member) -> None:
    if member.family_id != assessment.family_id:
        raise ValidationError(_("Choose a member of this family."))


def check_own_department(assessment: Assessment, department: Department) -> None:
    if department.municipality_id != assessment.family.municipality_id:
        raise ValidationError(_("Choose a department of the family's own municipality."))
