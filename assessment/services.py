"""Every change to an assessment goes through a function here.

A finished assessment is locked: every function that changes content refuses it. A change after
that is a new version (start_new_version), which copies the finished content into a new draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Department, Municipality, User
from assessment.basic_data import member_gaps
from assessment.models import (
    LEVEL_ORDER,
    Assessment,
    ChildConcern,
    FamilyMeeting,
    Instrument,
    InstrumentConfig,
    JournalReviewEntry,
    OverallAssessment,
    Part,
    PartCompletion,
    RiskAssessment,
    RnrDomain,
    TimelineEntry,
)
from assessment.scoring import Cutoffs, compute_level, final_level
from families import services as family_services
from families.models import Family, Member
from families.services import by_actor, refuse_future

JOURNAL_FIELDS = ("member", "department", "document_type", "document_date", "summary", "domains")
JOURNAL_FIELDS_ALL = (*JOURNAL_FIELDS, "findings")
TIMELINE_FIELDS = (
    "member",
    "department",
    "kind",
    "measure_type",
    "event_type",
    "start_date",
    "end_date",
    "provider",
    "description",
    "what_worked",
    "what_did_not_work",
)
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
# Ages for which the overall assessment records a concern level and part 4 needs an instrument.
CHILD_MAX_AGE = 17
PROGRAMME_MAX_AGE = 22


class RowErrors(ValidationError):
    """Bulk input refused: ``rows`` maps a row's index to {field name: [messages]}."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]) -> None:
        self.rows = rows
        super().__init__(
            _("Nothing was saved: correct the rows marked below (%(count)s).")
            % {"count": len(rows)}
        )


def _lock_draft(assessment: Assessment) -> Assessment:
    """Lock the assessment row and refuse a finished one (two people may finish at once)."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status != Assessment.Status.DRAFT:
        raise ValidationError(
            _("This assessment is finished and locked. Start a new version to change it.")
        )
    assessment.status = current.status
    return assessment


def _own_member(assessment: Assessment, member: Member) -> None:
    if member.family_id != assessment.family_id:
        raise ValidationError(_("Choose a member of this family."))


def _own_department(assessment: Assessment, department: Department) -> None:
    if department.municipality_id != assessment.family.municipality_id:
        raise ValidationError(_("Choose a department of the family's own municipality."))


# --- Instruments ---------------------------------------------------------------------------


def cutoffs_for(*, instrument: Instrument, municipality: Municipality | int) -> Cutoffs:
    """The municipality's configured cut-offs, or the instrument's defaults."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    config = InstrumentConfig.objects.filter(
        instrument=instrument, municipality_id=municipality_id
    ).first()
    return Cutoffs.of(config or instrument)


# --- Starting, versions, finishing ---------------------------------------------------------


@transaction.atomic
def start_assessment(*, actor: User, family: Family) -> Assessment:
    """Start the family's first assessment, or a reassessment that carries its history over."""
    Family.objects.select_for_update().filter(pk=family.pk).first()
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
    Family.objects.select_for_update().filter(pk=assessment.family_id).first()
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
        row.id = None  # type: ignore[attr-defined]
        row.assessment = target  # type: ignore[attr-defined]
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
    _lock_draft(assessment)
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


# --- Parts done ----------------------------------------------------------------------------


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
        problems = _empty_fields(
            overall,
            {
                "meeting_date": _("the date of the core-team meeting"),
                "needs": _("the family's needs"),
                "resources": _("the family's resources"),
                "challenges": _("the family's challenges"),
                "priorities": _("the priorities agreed"),
            },
        )
        with_concern = set(assessment.concerns.values_list("member_id", flat=True))
        problems += [
            _("%(name)s has no concern level.") % {"name": member.full_name}
            for member in _children(members, today)
            if member.pk not in with_concern
        ]
        return problems
    meeting = FamilyMeeting.objects.filter(assessment=assessment).first()
    return _empty_fields(
        meeting,
        {
            "meeting_date": _("the date of the family meeting"),
            "notes": _("the notes from going through the assessment"),
            "family_view": _("the family's own view"),
            "wishes": _("the family's wishes and dreams"),
        },
    )


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
        if member.age(today) is not None and member.age(today) <= CHILD_MAX_AGE
    ]


@transaction.atomic
def mark_part_done(*, actor: User, assessment: Assessment, part: int) -> PartCompletion:
    """Mark one of the six parts done; refused while its required content is missing."""
    _lock_draft(assessment)
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
    _lock_draft(assessment)
    completion = assessment.completions.filter(part=part).first()
    if completion is None:
        raise ValidationError(_("This part is not marked done."))
    by_actor(completion, actor).delete()


# --- Part 1: basic data --------------------------------------------------------------------


@transaction.atomic
def update_basic_data_note(*, actor: User, assessment: Assessment, note: str) -> Assessment:
    _lock_draft(assessment)
    assessment.basic_data_note = note
    by_actor(assessment, actor).save(update_fields=["basic_data_note"])
    return assessment


@transaction.atomic
def update_member_basic_data(
    *, actor: User, assessment: Assessment, member: Member, **fields: object
) -> Member:
    """Correct a member's basic data from the assessment; it changes the family record itself."""
    _lock_draft(assessment)
    _own_member(assessment, member)
    return family_services.update_member(actor=actor, member=member, **fields)


# --- Part 2: journal review ----------------------------------------------------------------


def _check_journal(assessment: Assessment, fields: Mapping[str, object]) -> None:
    _own_member(assessment, fields["member"])  # type: ignore[arg-type]
    _own_department(assessment, fields["department"])  # type: ignore[arg-type]
    refuse_future(
        fields["document_date"],  # type: ignore[arg-type]
        _("The document date cannot be in the future."),
    )
    unknown = set(fields.get("domains") or []) - set(RnrDomain.values)
    if unknown:
        raise ValidationError(_("Choose domains from the eight RNR domains."))
    if not str(fields.get("summary", "")).strip():
        raise ValidationError(_("Write a summary of what the document shows."))


@transaction.atomic
def add_journal_entry(
    *, actor: User, assessment: Assessment, **fields: object
) -> JournalReviewEntry:
    """Record a note from reading one department's records about one member."""
    _lock_draft(assessment)
    unknown = set(fields) - set(JOURNAL_FIELDS_ALL)
    if unknown:
        raise ValueError(f"Not journal review fields: {sorted(unknown)}")
    _check_journal(assessment, fields)
    entry = JournalReviewEntry(assessment=assessment, recorded_by=actor, **fields)
    entry.full_clean()
    by_actor(entry, actor).save()
    return entry


@transaction.atomic
def update_journal_entry(
    *, actor: User, entry: JournalReviewEntry, **fields: object
) -> JournalReviewEntry:
    _lock_draft(entry.assessment)
    unknown = set(fields) - set(JOURNAL_FIELDS_ALL)
    if unknown:
        raise ValueError(f"Not journal review fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(entry, name, value)
    _check_journal(entry.assessment, {name: getattr(entry, name) for name in JOURNAL_FIELDS_ALL})
    entry.full_clean()
    by_actor(entry, actor).save()
    return entry


@transaction.atomic
def delete_journal_entry(*, actor: User, entry: JournalReviewEntry) -> None:
    _lock_draft(entry.assessment)
    by_actor(entry, actor).delete()


# --- Part 3: interventions and timeline ----------------------------------------------------


def timeline_row_errors(family: Family, row: Mapping[str, object]) -> dict[str, list[str]]:
    """The rule violations of one timeline row, by field (empty dict: the row is fine)."""
    errors: dict[str, list[str]] = {}

    def add(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    today = timezone.localdate()
    member: Member | None = row.get("member")  # type: ignore[assignment]
    department: Department | None = row.get("department")  # type: ignore[assignment]
    start: dt.date | None = row.get("start_date")  # type: ignore[assignment]
    end: dt.date | None = row.get("end_date")  # type: ignore[assignment]
    kind = row.get("kind")
    if member is None or member.family_id != family.pk:
        add("member", _("Choose a member of this family."))
    if department is None or department.municipality_id != family.municipality_id:
        add("department", _("Choose a department of the family's own municipality."))
    if kind == TimelineEntry.Kind.MEASURE and not row.get("measure_type"):
        add("measure_type", _("Choose the type of measure."))
    if kind == TimelineEntry.Kind.EVENT:
        if not row.get("event_type"):
            add("event_type", _("Choose the type of event."))
        if end:
            add("end_date", _("An event has a date, not a period: leave the end empty."))
    if kind not in TimelineEntry.Kind.values:
        add("kind", _("Choose a measure or an event."))
    if start is None:
        add("start_date", _("Give the date."))
    else:
        if start > today:
            add("start_date", _("The date cannot be in the future."))
        if member is not None and member.birth_date and start < member.birth_date:
            add(
                "start_date",
                _("The date is before %(name)s was born (%(born)s).")
                % {"name": member.first_name, "born": member.birth_date.strftime("%d-%m-%Y")},
            )
    if end is not None:
        if start is not None and end < start:
            add("end_date", _("The end cannot be before the start."))
        if end > today:
            add("end_date", _("The end cannot be in the future; leave it empty while ongoing."))
    return errors


def _timeline_entry(
    actor: User, assessment: Assessment, row: Mapping[str, object]
) -> TimelineEntry:
    values = {name: row.get(name) for name in TIMELINE_FIELDS}
    for text_field in (
        "measure_type",
        "event_type",
        "provider",
        "description",
        "what_worked",
        "what_did_not_work",
    ):
        values[text_field] = values[text_field] or ""
    if values["kind"] == TimelineEntry.Kind.MEASURE:
        values["event_type"] = ""
    else:
        values["measure_type"] = ""
    return TimelineEntry(assessment=assessment, recorded_by=actor, **values)


@transaction.atomic
def add_timeline_entries(
    *, actor: User, assessment: Assessment, rows: Sequence[Mapping[str, object]]
) -> list[TimelineEntry]:
    """Backfill many measures and events at once: all rows are saved, or none."""
    _lock_draft(assessment)
    if not rows:
        raise ValidationError(_("Fill in at least one row."))
    for row in rows:
        unknown = set(row) - set(TIMELINE_FIELDS)
        if unknown:
            raise ValueError(f"Not timeline fields: {sorted(unknown)}")
    errors = {
        index: row_errors
        for index, row in enumerate(rows)
        if (row_errors := timeline_row_errors(assessment.family, row))
    }
    if errors:
        raise RowErrors(errors)
    entries = [_timeline_entry(actor, assessment, row) for row in rows]
    return bulk_create_with_history(entries, TimelineEntry, default_user=actor)


@transaction.atomic
def update_timeline_entry(*, actor: User, entry: TimelineEntry, **fields: object) -> TimelineEntry:
    _lock_draft(entry.assessment)
    row = {name: getattr(entry, name) for name in TIMELINE_FIELDS} | dict(fields)
    errors = timeline_row_errors(entry.assessment.family, row)
    if errors:
        raise ValidationError(errors)
    updated = _timeline_entry(actor, entry.assessment, row)
    for name in TIMELINE_FIELDS:
        setattr(entry, name, getattr(updated, name))
    by_actor(entry, actor).save()
    return entry


@transaction.atomic
def delete_timeline_entry(*, actor: User, entry: TimelineEntry) -> None:
    _lock_draft(entry.assessment)
    by_actor(entry, actor).delete()


# --- Part 4: risk and need -----------------------------------------------------------------


@transaction.atomic
def record_risk_assessment(
    *,
    actor: User,
    assessment: Assessment,
    member: Member,
    instrument: Instrument,
    assessed_on: dt.date,
    domain_scores: Mapping[str, int],
    strength_domains: Sequence[str] = (),
    strengths_note: str = "",
    override_level: str = "",
    override_reason: str = "",
) -> RiskAssessment:
    """Score one child's instrument, compute the level and apply a reasoned override."""
    _lock_draft(assessment)
    _own_member(assessment, member)
    refuse_future(assessed_on, _("The assessment date cannot be in the future."))
    domains = list(instrument.domains.all())
    errors = []
    scores: dict[str, int] = {}
    for domain in domains:
        score = domain_scores.get(domain.rnr_domain)
        if score is None:
            errors.append(
                _("%(domain)s: give a score.") % {"domain": RnrDomain(domain.rnr_domain).label}
            )
        elif not 0 <= int(score) <= domain.item_count:
            errors.append(
                _("%(domain)s: the score must be between 0 and %(max)s.")
                % {"domain": RnrDomain(domain.rnr_domain).label, "max": domain.item_count}
            )
        else:
            scores[domain.rnr_domain] = int(score)
    extra = set(domain_scores) - {domain.rnr_domain for domain in domains}
    if extra:
        errors.append(_("Scores were given for domains the instrument does not have."))
    if set(strength_domains) - set(RnrDomain.values):
        errors.append(_("Choose strengths from the eight RNR domains."))
    if override_level and override_level not in LEVEL_ORDER:
        errors.append(_("Choose a level for the override."))
    if override_level and not override_reason.strip():
        errors.append(_("Give a reason for the override."))
    if override_reason.strip() and not override_level:
        errors.append(_("Choose the override level, or leave the reason empty."))
    if errors:
        raise ValidationError(errors)
    total = sum(scores.values())
    computed = compute_level(
        total, cutoffs_for(instrument=instrument, municipality=assessment.family.municipality_id)
    )
    if override_level == computed:
        raise ValidationError(
            _("The override is the same as the computed level; leave it empty instead.")
        )
    risk = RiskAssessment.objects.filter(assessment=assessment, member=member).first()
    if risk is None:
        risk = RiskAssessment(assessment=assessment, member=member)
    risk.instrument = instrument
    risk.assessed_on = assessed_on
    risk.domain_scores = scores
    risk.strength_domains = list(strength_domains)
    risk.strengths_note = strengths_note
    risk.total = total
    risk.computed_level = computed
    risk.override_level = override_level
    risk.override_reason = override_reason.strip() if override_level else ""
    risk.final_level = final_level(computed, override_level)
    risk.recorded_by = actor
    by_actor(risk, actor).save()
    return risk


# --- Part 5: overall cross-disciplinary assessment -----------------------------------------


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
    _lock_draft(assessment)
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


# --- Part 6: family meeting ----------------------------------------------------------------


@transaction.atomic
def save_family_meeting(*, actor: User, assessment: Assessment, **fields: object) -> FamilyMeeting:
    """The meeting with the family: their view, wishes and dreams in their own words."""
    _lock_draft(assessment)
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
