"""Marking the six parts done (or not): refused while a part's required content is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.basic_data import member_gaps
from assessment.models import (
    CHILD_MAX_AGE,
    PROGRAMME_MAX_AGE,
    Assessment,
    FamilyMeeting,
    OverallAssessment,
    Part,
    PartCompletion,
)
from assessment.services.drafts import lock_draft
from families.models import Member
from families.services.common import by_actor

# The fields of parts 5 and 6 that must be filled before the part can be marked done (the forms
# label them so instead of "optional").
OVERALL_DONE_FIELDS: tuple[str, ...] = (
    "meeting_date",
    "needs",
    "resources",
    "challenges",
    "priorities",
)
MEETING_DONE_FIELDS: tuple[str, ...] = ("meeting_date", "notes", "family_view", "wishes")


def part_problems(assessment: Assessment, part: int) -> list[str]:
    """What is still missing before the part can be marked done (empty list: nothing)."""
    today = timezone.localdate()
    members = list(Member.objects.filter(family_id=assessment.family_id))
    if part == Part.BASIC_DATA:
        if not members:
            return [_("The family has no members yet.")]
        return [
            f"{member.full_name}: {gap.message}"
            for member in members
            for gap in member_gaps(member, today)
            if gap.is_required
        ]
    if part == Part.JOURNAL_REVIEW:
        if not assessment.journal_entries.exists():
            return [_("Add at least one journal review entry.")]
        return []
    if part == Part.TIMELINE:
        if not assessment.timeline_entries.exists():
            return [_("Add at least one measure or event to the timeline.")]
        return []
    if part == Part.RISK_NEED:
        assessed = set(assessment.risk_assessments.values_list("member_id", flat=True))
        return [
            _("%(name)s has no risk and need assessment.") % {"name": member.full_name}
            for member in members
            if member.is_in_programme
            and member.pk not in assessed
            and (member.age(today) or 0) <= PROGRAMME_MAX_AGE
        ]
    if part == Part.OVERALL:
        overall = OverallAssessment.objects.filter(assessment=assessment).first()
        labels = {
            "meeting_date": _("the date of the core-team meeting"),
            "needs": _("the family's needs"),
            "resources": _("the family's resources"),
            "challenges": _("the family's challenges"),
            "priorities": _("the priorities agreed"),
        }
        problems = _empty_fields(overall, {name: labels[name] for name in OVERALL_DONE_FIELDS})
        with_concern = set(assessment.concerns.values_list("member_id", flat=True))
        problems += [
            _("%(name)s has no concern level.") % {"name": member.full_name}
            for member in _children(members, today)
            if member.pk not in with_concern
        ]
        return problems
    meeting = FamilyMeeting.objects.filter(assessment=assessment).first()
    labels = {
        "meeting_date": _("the date of the family meeting"),
        "notes": _("the notes from going through the assessment"),
        "family_view": _("the family's own view"),
        "wishes": _("the family's wishes and dreams"),
    }
    return _empty_fields(meeting, {name: labels[name] for name in MEETING_DONE_FIELDS})


def _empty_fields(instance: Model | None, labels: Mapping[str, str]) -> list[str]:
    missing = [
        label
        for name, label in labels.items()
        if instance is None or getattr(instance, name) in (None, "")
    ]
    if not missing:
        return []
    return [_("Fill in %(fields)s.") % {"fields": ", ".join(missing)}]


def _children(members: Sequence[Member], today: dt.date) -> list[Member]:
    return [
        member
        for member in members
        if (age := member.age(today)) is not None and age <= CHILD_MAX_AGE
    ]


@transaction.atomic
def mark_part_done(*, actor: User, assessment: Assessment, part: int) -> PartCompletion:
    """Mark one of the six parts done; refused while its required content is missing."""
    lock_draft(assessment)
    if part not in Part.values:
        raise ValidationError(_("There is no such part."))
    if assessment.completions.filter(part=part).exists():
        raise ValidationError(_("This part is already marked done."))
    problems = part_problems(assessment, part)
    if problems:
        raise ValidationError(
            [_("“%(part)s” cannot be marked done yet.") % {"part": Part(part).label}, *problems]
        )
    completion = PartCompletion(assessment=assessment, part=part, done_by=actor)
    by_actor(completion, actor).save()
    return completion


@transaction.atomic
def mark_part_not_done(*, actor: User, assessment: Assessment, part: int) -> None:
    lock_draft(assessment)
    completion = assessment.completions.filter(part=part).first()
    if completion is None:
        raise ValidationError(_("This part is not marked done."))
    by_actor(completion, actor).delete()
