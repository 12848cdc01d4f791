"""Part 5, the core team's overall assessment, and part 6, the meeting with the family."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import Assessment, ChildConcern, FamilyMeeting, OverallAssessment
from assessment.services.drafts import lock_draft
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


@transaction.atomic
def save_overall_assessment(
    *,
    actor: User,
    assessment: Assessment,
    attendees: Iterable[User] = (),
    concerns: Mapping[int, int | None] | None = None,
    **fields: object,
) -> OverallAssessment:
    """The core-team meeting's view, its attendees and a concern level per child."""
    lock_draft(assessment)
    unknown = set(fields) - set(OVERALL_FIELDS)
    if unknown:
        raise ValueError(f"Not overall assessment fields: {sorted(unknown)}")
    refuse_future(
        fields.get("meeting_date"),  # type: ignore[arg-type]
        _("The meeting date cannot be in the future."),
    )
    overall = OverallAssessment.objects.filter(assessment=assessment).first() or (
        OverallAssessment(assessment=assessment)
    )
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
        if level in (None, ""):
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
def save_family_meeting(*, actor: User, assessment: Assessment, **fields: object) -> FamilyMeeting:
    """The meeting with the family: their view, wishes and dreams in their own words."""
    lock_draft(assessment)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Not family meeting fields: {sorted(unknown)}")
    refuse_future(
        fields.get("meeting_date"),  # type: ignore[arg-type]
        _("The meeting date cannot be in the future."),
    )
    meeting = FamilyMeeting.objects.filter(assessment=assessment).first() or FamilyMeeting(
        assessment=assessment
    )
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    by_actor(meeting, actor).save()
    return meeting
