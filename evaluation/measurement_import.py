"""Backfill import of earlier records: families with their members, and measurements.

All or nothing: every row is checked, every bad row is reported by its line number, and nothing is
saved when any row is bad. Safe to run twice: a family already imported (same `family_ref` in the
municipality) is skipped, and a measurement identical to the recorded one is left alone. The
measurements go through `record_measurement`, the same service as the entry page, so the same
answers give the same scores whichever way they came in.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, Team, TeamMembership, User
from config.dates import date_text, noon_on
from evaluation.instruments import BACKGROUND, CHILD, INSTRUMENT_CODES, PARENT, spec_for
from evaluation.measurement_selectors import audience_of
from evaluation.measurement_services import record_measurement
from evaluation.models import Measurement
from families.cpr import parse_cpr
from families.models import ENDED_STATUSES, Family, FamilyStatusChange, Member
from families.services import cases, members
from families.services.common import by_actor

FAMILY_COLUMNS = (
    "family_ref",
    "status",
    "included_on",
    "closed_on",
    "role",
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "gender",
    "in_programme",
)
MEASUREMENT_COLUMNS = ("cpr", "instrument", "wave", "answered_on")
# Statuses an imported family may have: it was in the programme (or has left it).
IMPORT_STATUSES = (
    Family.Status.INCLUDED,
    Family.Status.ASSESSMENT,
    Family.Status.ACTION_PLAN,
    Family.Status.PHASING_OUT,
    Family.Status.CLOSED,
)
TRUE, FALSE = {"1", "yes", "ja", "true", "x"}, {"0", "no", "nej", "false", ""}


class ImportRefused(Exception):
    """The file had bad rows; nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    details: list[str] = field(default_factory=list)


def _rows(handle: IO[str], required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(handle)
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportRefused(
            [_("Line 1: columns missing: %(columns)s") % {"columns": ", ".join(missing)}]
        )
    for row in reader:
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


def _date(value: str, column: str, *, required: bool) -> dt.date | None:
    if not value:
        if required:
            raise ValidationError(_("%(column)s is required.") % {"column": column})
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("%(column)s: %(value)s is not a date (YYYY-MM-DD).")
            % {"column": column, "value": value}
        ) from None
    if day > timezone.localdate():
        raise ValidationError(_("%(column)s lies in the future.") % {"column": column})
    return day


def _choice(value: str, column: str, choices: Iterable[str]) -> str:
    if value not in set(choices):
        raise ValidationError(
            _("%(column)s: %(value)s is not one of %(choices)s.")
            % {"column": column, "value": value or "–", "choices": ", ".join(choices)}
        )
    return value


def _problem(line: int, error: ValidationError | ValueError) -> str:
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return _("Line %(line)s: %(problem)s") % {"line": line, "problem": " ".join(messages)}


def default_actor(municipality: Municipality, username: str | None) -> User:
    """Who the import is recorded as: the given user, or a team lead of the municipality."""
    users = User.objects.filter(municipality=municipality, is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise ImportRefused(
                [_("No active user %(name)s in this municipality.") % {"name": username}]
            )
        return user
    lead = (
        users.filter(
            memberships__is_active=True,
            memberships__role__in=[
                TeamMembership.Role.TEAM_COORDINATOR,
                TeamMembership.Role.PROJECT_LEAD,
            ],
        )
        .order_by("pk")
        .first()
    )
    if lead is None:
        raise ImportRefused([_("Give --actor: the municipality has no active team lead.")])
    return lead


# --- Families --------------------------------------------------------------------------------


@dataclass
class FamilyRow:
    line: int
    status: str
    included_on: dt.date
    closed_on: dt.date | None
    member: dict[str, object]


def _family_row(line: int, row: dict[str, str]) -> FamilyRow:
    status = _choice(row["status"], "status", IMPORT_STATUSES)
    included_on = _date(row["included_on"], "included_on", required=True)
    assert included_on is not None
    closed_on = _date(row["closed_on"], "closed_on", required=status == Family.Status.CLOSED)
    if closed_on and status != Family.Status.CLOSED:
        raise ValidationError(_("closed_on is given only for a closed family."))
    if closed_on and closed_on < included_on:
        raise ValidationError(_("closed_on lies before included_on."))
    role = _choice(row["role"], "role", Member.Role.values)
    if not row["first_name"] or not row["last_name"]:
        raise ValidationError(_("first_name and last_name are required."))
    cpr = row["cpr"]
    birth_date = _date(row["birth_date"], "birth_date", required=False)
    if cpr:
        info = parse_cpr(cpr)
        cpr = info.formatted
        if birth_date and birth_date != info.birth_date:
            raise ValidationError(_("birth_date does not match the CPR number."))
        birth_date = info.birth_date
    gender = _choice(row["gender"] or Member.Gender.UNKNOWN, "gender", Member.Gender.values)
    in_programme = row["in_programme"].lower()
    if in_programme not in TRUE | FALSE:
        raise ValidationError(_("in_programme is 1 or 0."))
    return FamilyRow(
        line=line,
        status=status,
        included_on=included_on,
        closed_on=closed_on,
        member={
            "role": role,
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "cpr": cpr,
            "birth_date": birth_date,
            "gender": gender,
            "is_in_programme": in_programme in TRUE and status != Family.Status.CLOSED,
            "is_custody_holder": role in (Member.Role.PARENT, Member.Role.CUSTODY_HOLDER),
        },
    )


def _create_family(actor: User, team: Team, ref: str, rows: list[FamilyRow]) -> Family:
    first = rows[0]
    surnames = sorted({str(row.member["last_name"]) for row in rows})
    family = cases.create_family(actor=actor, team=team, name=" / ".join(surnames))
    for row in rows:
        members.add_member(actor=actor, family=family, **row.member)
    # The path through the programme with the dates given (not today's).
    steps: list[tuple[str, dt.date]] = [(Family.Status.INCLUDED, first.included_on)]
    if first.status not in (Family.Status.INCLUDED, Family.Status.CLOSED):
        steps.append((first.status, first.included_on))
    if first.closed_on:
        steps.append((Family.Status.CLOSED, first.closed_on))
    reason = _("Imported from the earlier system (%(ref)s): included %(included)s%(closed)s.") % {
        "ref": ref,
        "included": date_text(first.included_on),
        "closed": (
            _(", closed %(date)s") % {"date": date_text(first.closed_on)} if first.closed_on else ""
        ),
    }
    # The record was opened on the inclusion day too: a report dated after the inclusion must
    # never find the family still "referred" (as families.services.cases.register_included_family).
    family.status_changes.filter(from_status="").update(changed_at=noon_on(first.included_on))
    previous = family.status
    for status, day in steps:
        FamilyStatusChange.objects.create(
            family=family,
            from_status=previous,
            to_status=status,
            reason=reason,
            changed_by=actor,
            changed_at=noon_on(day),
        )
        previous = status
    family.status = previous
    family.status_changed_at = noon_on(steps[-1][1])
    family.family_ref = ref
    # simple_history reads the change reason off the instance when it saves.
    family._change_reason = reason  # type: ignore[attr-defined]
    by_actor(family, actor).save(update_fields=["status", "status_changed_at", "family_ref"])
    if family.status in ENDED_STATUSES:
        members.end_programme_for_members(actor=actor, family=family)
    return family


@transaction.atomic
def import_families(
    *, municipality: Municipality, team: Team, handle: IO[str], actor: User
) -> ImportResult:
    if team.municipality_id != municipality.pk:
        raise ImportRefused([_("The team does not belong to the municipality.")])
    errors: list[str] = []
    families: dict[str, list[FamilyRow]] = defaultdict(list)
    for line, row in _rows(handle, FAMILY_COLUMNS):
        if not row["family_ref"]:
            errors.append(_problem(line, ValidationError(_("family_ref is required."))))
            continue
        try:
            parsed = _family_row(line, row)
        except ValidationError as error:
            errors.append(_problem(line, error))
        else:
            families[row["family_ref"]].append(parsed)
    for rows in families.values():
        first = rows[0]
        for other in rows[1:]:
            if (other.status, other.included_on, other.closed_on) != (
                first.status,
                first.included_on,
                first.closed_on,
            ):
                errors.append(
                    _problem(
                        other.line,
                        ValidationError(
                            _("status and dates differ from line %(line)s of the same family.")
                            % {"line": first.line}
                        ),
                    )
                )
    if errors:
        raise ImportRefused(errors)
    existing = set(
        Family.objects.filter(municipality=municipality, family_ref__in=families).values_list(
            "family_ref", flat=True
        )
    )
    result = ImportResult()
    for ref, rows in families.items():
        if ref in existing:
            result.skipped += 1
            continue
        try:
            _create_family(actor, team, ref, rows)
        except ValidationError as error:
            errors.append(_problem(rows[0].line, error))
            continue
        result.created += 1
    if errors:
        raise ImportRefused(errors)
    return result


# --- Measurements ----------------------------------------------------------------------------


def _wave(value: str, instrument: str) -> int:
    if value == "background":
        if instrument != BACKGROUND:
            raise ValidationError(_("wave background is for the instrument background only."))
        return 0
    if not value.isdigit() or int(value) < 1:
        raise ValidationError(_("wave is background or 1, 2, …"))
    return int(value)


def _answers(row: dict[str, str], instrument: str, audience: str) -> dict[str, int | None]:
    spec = spec_for(instrument, audience)
    answers: dict[str, int | None] = {}
    known = set(MEASUREMENT_COLUMNS) | {"reason"}
    for column, value in row.items():
        if column in known or value == "":
            continue
        if column not in spec.item_codes:
            raise ValidationError(
                _("%(column)s is not an item of %(instrument)s.")
                % {"column": column, "instrument": instrument}
            )
        try:
            answers[column] = int(value)
        except ValueError:
            raise ValidationError(
                _("%(column)s: %(value)s is not a whole number.")
                % {"column": column, "value": value}
            ) from None
    return answers


def _same(measurement: Measurement | None, **values: object) -> bool:
    if measurement is None:
        return False
    return all(getattr(measurement, name) == value for name, value in values.items())


@transaction.atomic
def import_measurements(
    *, municipality: Municipality, handle: IO[str], actor: User
) -> ImportResult:
    rows = list(_rows(handle, MEASUREMENT_COLUMNS))
    people: dict[str, list[Member]] = defaultdict(list)
    cprs = set()
    for _line, row in rows:
        with contextlib.suppress(ValidationError):
            cprs.add(parse_cpr(row["cpr"]).formatted)
    for member in Member.objects.filter(
        family__municipality=municipality, cpr__in=cprs
    ).select_related("family"):
        people[member.cpr].append(member)
    errors: list[str] = []
    result = ImportResult()
    for line, row in rows:
        try:
            cpr = parse_cpr(row["cpr"]).formatted
            found = people.get(cpr, [])
            if len(found) != 1:
                raise ValidationError(
                    _("no person with this CPR number in the municipality.")
                    if not found
                    else _("the CPR number is on more than one person.")
                )
            member = found[0]
            audience = audience_of(member)
            if audience is None:
                raise ValidationError(
                    _("only target children, parents and custody holders are measured.")
                )
            instrument = _choice(row["instrument"], "instrument", INSTRUMENT_CODES)
            wave = _wave(row["wave"], instrument)
            answered_on = _date(row["answered_on"], "answered_on", required=True)
            assert answered_on is not None  # required=True
            answers = _answers(row, instrument, audience if audience in (CHILD, PARENT) else CHILD)
            reason = row.get("reason", "")
            outcome = Measurement.Outcome.NOT_ANSWERED if reason else Measurement.Outcome.ANSWERED
            existing = Measurement.objects.filter(
                member=member, wave=wave, instrument=instrument
            ).first()
            if _same(
                existing,
                answers={k: v for k, v in answers.items() if v is not None},
                answered_on=answered_on,
                outcome=outcome,
                reason=reason,
            ):
                result.skipped += 1
                continue
            with transaction.atomic():
                record_measurement(
                    actor=actor,
                    member=member,
                    wave=wave,
                    instrument=instrument,
                    answered_on=answered_on,
                    answers=answers,
                    outcome=outcome,
                    reason=reason,
                    source=Measurement.Source.IMPORT,
                )
            result.created += 1
        except ValidationError as error:
            errors.append(_problem(line, error))
    if errors:
        raise ImportRefused(errors)
    return result
