"""Part 3: measures and events on the family timeline, one by one or many at once (backfill)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Department, User
from assessment.models import Assessment, TimelineEntry
from assessment.services.drafts import lock_draft
from config.concurrency import lock, refuse_stale, token_of, values_of
from config.dates import date_text
from families.models import Family, Member
from families.services.common import by_actor

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


class RowErrors(ValidationError):
    """Bulk input refused: ``rows`` maps a row's index to {field name: [messages]}."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]) -> None:
        self.rows = rows
        super().__init__(
            _("Nothing was saved: correct the rows marked below (%(count)s).")
            % {"count": len(rows)}
        )


def timeline_row_errors(family: Family, row: Mapping[str, Any]) -> dict[str, list[str]]:
    """The rule violations of one timeline row, by field (empty dict: the row is fine)."""
    errors: dict[str, list[str]] = {}

    def add(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    today = timezone.localdate()
    # A row as the timeline form cleans it (the form's fields give the types).
    member: Member | None = row.get("member")
    department: Department | None = row.get("department")
    start: dt.date | None = row.get("start_date")
    end: dt.date | None = row.get("end_date")
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
                % {"name": member.first_name, "born": date_text(member.birth_date)},
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
    lock_draft(assessment)
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
    created: list[TimelineEntry] = bulk_create_with_history(
        entries, TimelineEntry, default_user=actor
    )
    return created


def entry_token(entry: TimelineEntry) -> str:
    """The edit token of a timeline row (config.concurrency)."""
    return token_of(entry, TIMELINE_FIELDS)


@transaction.atomic
def update_timeline_entry(
    *, actor: User, entry: TimelineEntry, expected_token: str | None = None, **fields: object
) -> TimelineEntry:
    """Change a row, unless someone else changed it since the form was loaded
    (`expected_token`, config.concurrency)."""
    lock_draft(entry.assessment)
    saved = lock(entry)
    refuse_stale(expected_token, values_of(saved, TIMELINE_FIELDS), instance=saved)
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
    lock_draft(entry.assessment)
    by_actor(entry, actor).delete()
