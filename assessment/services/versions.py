"""Starting an assessment, a reassessment or a new version, and finishing (locking) one."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from assessment.models import (
    Assessment,
    ChildConcern,
    FamilyMeeting,
    JournalReviewEntry,
    OverallAssessment,
    Part,
    RiskAssessment,
    TimelineEntry,
)
from assessment.services.drafts import lock_draft
from families import deadlines
from families.models import DeadlineRule, Family, Member
from families.services.common import by_actor


def _lock_open_family(family_id: int) -> Family:
    """Lock the family row (two people may start at once); an ended case gets no new assessment."""
    family = Family.objects.select_for_update().get(pk=family_id)
    if family.is_ended:
        raise ValidationError(_("The family's case has ended. Reopen it before assessing it."))
    return family


@transaction.atomic
def start_assessment(*, actor: User, family: Family) -> Assessment:
    """Start the family's first assessment, or a reassessment that carries its history over."""
    _lock_open_family(family.pk)
    if Assessment.objects.filter(family=family, status=Assessment.Status.DRAFT).exists():
        raise ValidationError(_("The family already has an assessment in progress."))
    latest = Assessment.objects.filter(family=family).order_by("-version").first()
    assessment = _create(
        actor=actor,
        family=family,
        kind=Assessment.Kind.REASSESSMENT if latest else Assessment.Kind.INITIAL,
        previous=latest,
    )
    if latest is not None:
        # Journal review and timeline are history: they carry over; the judgement is made anew.
        _copy_content(actor=actor, source=latest, target=assessment, everything=False)
    return assessment


@transaction.atomic
def start_new_version(*, actor: User, assessment: Assessment) -> Assessment:
    """Reopen a finished assessment as a new draft version with all of its content."""
    _lock_open_family(assessment.family_id)
    if assessment.status != Assessment.Status.FINISHED:
        raise ValidationError(_("Only a finished assessment can get a new version."))
    if Assessment.objects.filter(
        family_id=assessment.family_id, status=Assessment.Status.DRAFT
    ).exists():
        raise ValidationError(_("The family already has an assessment in progress."))
    latest = Assessment.objects.filter(family_id=assessment.family_id).order_by("-version").first()
    if latest is not None and latest.pk != assessment.pk:
        raise ValidationError(_("Only the latest assessment can get a new version."))
    new = _create(actor=actor, family=assessment.family, kind=assessment.kind, previous=assessment)
    new.basic_data_note = assessment.basic_data_note
    by_actor(new, actor).save(update_fields=["basic_data_note"])
    _copy_content(actor=actor, source=assessment, target=new, everything=True)
    return new


def _create(*, actor: User, family: Family, kind: str, previous: Assessment | None) -> Assessment:
    assessment = Assessment(
        family=family,
        kind=kind,
        version=(previous.version + 1) if previous else 1,
        previous=previous,
        started_by=actor,
    )
    try:
        with transaction.atomic():
            by_actor(assessment, actor).save()
    except IntegrityError as error:  # a concurrent start won the race
        raise ValidationError(_("The family already has an assessment in progress.")) from error
    return assessment


def _copy_rows(actor: User, rows: Iterable[Model], target: Assessment) -> None:
    copies = []
    model = None
    for row in rows:
        model = type(row)
        row.pk = None
        row.id = None  # type: ignore[attr-defined]  # every copied model has an `id` …
        row.assessment = target  # type: ignore[attr-defined]  # … and an `assessment` key
        copies.append(row)
    if copies:
        bulk_create_with_history(copies, model, default_user=actor)


def _copy_content(*, actor: User, source: Assessment, target: Assessment, everything: bool) -> None:
    _copy_rows(actor, JournalReviewEntry.objects.filter(assessment=source), target)
    _copy_rows(actor, TimelineEntry.objects.filter(assessment=source), target)
    if not everything:
        return
    _copy_rows(actor, RiskAssessment.objects.filter(assessment=source), target)
    _copy_rows(actor, ChildConcern.objects.filter(assessment=source), target)
    overall = OverallAssessment.objects.filter(assessment=source).first()
    if overall is not None:
        attendees = list(overall.attendees.all())
        overall.pk = None
        overall.assessment = target
        by_actor(overall, actor).save()
        overall.attendees.set(attendees)
    meeting = FamilyMeeting.objects.filter(assessment=source).first()
    if meeting is not None:
        meeting.pk = None
        meeting.assessment = target
        by_actor(meeting, actor).save()


@transaction.atomic
def finish_assessment(*, actor: User, assessment: Assessment) -> Assessment:
    """Lock the assessment once all six parts are done; keep the members' basic data with it."""
    lock_draft(assessment)
    done = set(assessment.completions.values_list("part", flat=True))
    missing = [str(Part(part).label) for part in Part.values if part not in done]
    if missing:
        raise ValidationError(
            _("Mark every part done before finishing. Not done yet: %(parts)s.")
            % {"parts": ", ".join(missing)}
        )
    assessment.status = Assessment.Status.FINISHED
    assessment.finished_by = actor
    assessment.finished_at = timezone.now()
    assessment.basic_data_snapshot = _snapshot(assessment.family)
    by_actor(assessment, actor).save(
        update_fields=["status", "finished_by", "finished_at", "basic_data_snapshot"]
    )
    # The finished assessment meets the family's open § 20 investigation deadline.
    deadlines.meet_deadlines(
        actor=actor, family=assessment.family, kinds=[DeadlineRule.Kind.INVESTIGATION]
    )
    return assessment


def _snapshot(family: Family) -> list[dict[str, object]]:
    today = timezone.localdate()
    return [
        {
            "member_id": member.pk,
            "name": member.full_name,
            "role": str(member.get_role_display()),
            "birth_date": member.birth_date.isoformat() if member.birth_date else "",
            "age": member.age(today),
            "school_or_workplace": member.school_or_workplace,
            "education_status": str(member.get_education_status_display()),
            "support_status": str(member.get_support_status_display()),
            "address": " ".join(filter(None, [member.address, member.postal_code, member.city])),
            "languages": member.languages,
            "needs_interpreter": member.needs_interpreter,
            "lives_in_household": member.lives_in_household,
        }
        for member in Member.objects.filter(family=family).order_by("birth_date", "pk")
    ]
