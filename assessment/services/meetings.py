"""Part 5, the core team's overall assessment, and part 6, the meeting with the family."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import Assessment, ChildConcern, FamilyMeeting, OverallAssessment
from assessment.services.drafts import lock_draft
from config.concurrency import edit_token, refuse_stale, values_of
from families.models import Member
from families.services.common import by_actor, refuse_future

OVERALL_FIELDS = (
    "meeting_date",
    "other_attendees",
    "needs",
    "resources",
    "challenges",
    "priorities",
    "disagreements",
)
MEETING_FIELDS = ("meeting_date", "participants", "notes", "family_view", "wishes")


def _overall_values(
    assessment: Assessment, overall: OverallAssessment | None
) -> dict[str, object] | None:
    """What the overall-assessment form edits, as saved (`None` before the first save)."""
    concerns = {
        concern.member_id: concern.level
        for concern in ChildConcern.objects.filter(assessment=assessment)
    }
    if overall is None and not concerns:
        return None
    return {**(values_of(overall, (*OVERALL_FIELDS, "attendees")) or {}), "concerns": concerns}


def overall_token(assessment: Assessment) -> str:
    """The edit token of the overall assessment and the children's concern levels."""
    overall = OverallAssessment.objects.filter(assessment=assessment).first()
    return edit_token(_overall_values(assessment, overall))


def meeting_token(assessment: Assessment) -> str:
    """The edit token of the family meeting (config.concurrency)."""
    return edit_token(
        values_of(FamilyMeeting.objects.filter(assessment=assessment).first(), MEETING_FIELDS)
    )


@transaction.atomic
def save_overall_assessment(
    *,
    actor: User,
    assessment: Assessment,
    attendees: Iterable[User] = (),
    concerns: Mapping[int, int | None] | None = None,
    expected_token: str | None = None,
    **fields: Any,
) -> OverallAssessment:
    """The core-team meeting's view, its attendees and a concern level per child, unless someone
    else saved them since the form was loaded (`expected_token`, config.concurrency)."""
    lock_draft(assessment)  # the assessment's row lock serialises the first save too
    unknown = set(fields) - set(OVERALL_FIELDS)
    if unknown:
        raise ValueError(f"Not overall assessment fields: {sorted(unknown)}")
    saved = OverallAssessment.objects.filter(assessment=assessment).first()
    refuse_stale(expected_token, _overall_values(assessment, saved), instance=saved)
    refuse_future(fields.get("meeting_date"), _("The meeting date cannot be in the future."))
    overall = saved or OverallAssessment(assessment=assessment)
    for name, value in fields.items():
        setattr(overall, name, value)
    overall.full_clean()
    by_actor(overall, actor).save()
    overall.attendees.set(list(attendees))
    member_ids = set(
        Member.objects.filter(family_id=assessment.family_id).values_list("pk", flat=True)
    )
    for member_id, level in (concerns or {}).items():
        if member_id not in member_ids:
            raise ValidationError(_("Choose a member of this family."))
        concern = ChildConcern.objects.filter(assessment=assessment, member_id=member_id).first()
        if level is None:
            if concern is not None:
                by_actor(concern, actor).delete()
            continue
        if concern is None:
            concern = ChildConcern(assessment=assessment, member_id=member_id, level=level)
        elif concern.level == level:
            continue
        concern.level = level
        concern.full_clean(exclude=["assessment", "member"])
        by_actor(concern, actor).save()
    return overall


@transaction.atomic
def save_family_meeting(
    *, actor: User, assessment: Assessment, expected_token: str | None = None, **fields: Any
) -> FamilyMeeting:
    """The meeting with the family: their view, wishes and dreams in their own words; refused
    when someone else saved it since the form was loaded (`expected_token`, config.concurrency)."""
    lock_draft(assessment)  # the assessment's row lock serialises the first save too
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Not family meeting fields: {sorted(unknown)}")
    saved = FamilyMeeting.objects.filter(assessment=assessment).first()
    refuse_stale(expected_token, values_of(saved, MEETING_FIELDS), instance=saved)
    refuse_future(fields.get("meeting_date"), _("The meeting date cannot be in the future."))
    meeting = saved or FamilyMeeting(assessment=assessment)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    by_actor(meeting, actor).save()
    return meeting
