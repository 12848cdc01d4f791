"""Every write of the dashboards' side of evaluation: fidelity rounds, targets, reports, exports.

Permission is checked by the caller (views, the daily task); these enforce the rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from config.dates import date_text
from evaluation import fidelity
from evaluation.models import (
    EvaluatorKey,
    FidelityRound,
    MunicipalityTarget,
    ProgrammeCutOff,
    QuarterlyReport,
    SspLevelRecord,
)
from families.access import log_access
from families.models import AccessLogEntry, Family, Member
from families.services.common import by_actor, refuse_future

# How far apart two rounds of the same municipality must be (the survey runs about every six
# months; a second round the same month is almost always a double entry).
MIN_DAYS_BETWEEN_ROUNDS = 28


def _check_round(
    *,
    municipality: Municipality,
    answered_on: dt.date,
    answers: dict[str, int | None],
    exclude_pk: int | None,
) -> None:
    refuse_future(answered_on, _("The date cannot be in the future."))
    if fidelity.check_answers(answers):
        raise ValidationError(_("Answer every question with 1–5 or “don't know”."))
    window = dt.timedelta(days=MIN_DAYS_BETWEEN_ROUNDS)
    near = FidelityRound.objects.filter(
        municipality=municipality,
        answered_on__gt=answered_on - window,
        answered_on__lt=answered_on + window,
    )
    if exclude_pk is not None:
        near = near.exclude(pk=exclude_pk)
    if near.exists():
        raise ValidationError(
            _("There is already a round within four weeks of that date; correct that one instead.")
        )


@transaction.atomic
def record_fidelity_round(
    *,
    actor: User,
    municipality: Municipality,
    answered_on: dt.date,
    answers: dict[str, int | None],
    note: str = "",
) -> FidelityRound:
    """A new round of the fidelity survey for the municipality."""
    # Lock the municipality so two leads saving at once cannot both pass the four-week check.
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    _check_round(
        municipality=municipality, answered_on=answered_on, answers=answers, exclude_pk=None
    )
    fidelity_round = FidelityRound(
        municipality=municipality,
        answered_on=answered_on,
        answers=answers,
        note=note,
        recorded_by=actor,
    )
    fidelity_round.full_clean()
    by_actor(fidelity_round, actor).save()
    return fidelity_round


@transaction.atomic
def correct_fidelity_round(
    *,
    actor: User,
    fidelity_round: FidelityRound,
    answered_on: dt.date,
    answers: dict[str, int | None],
    note: str = "",
) -> FidelityRound:
    """Correct a round; the earlier answers stay in its history."""
    Municipality.objects.select_for_update().get(pk=fidelity_round.municipality_id)
    _check_round(
        municipality=fidelity_round.municipality,
        answered_on=answered_on,
        answers=answers,
        exclude_pk=fidelity_round.pk,
    )
    fidelity_round.answered_on = answered_on
    fidelity_round.answers = answers
    fidelity_round.note = note
    by_actor(fidelity_round, actor).save(update_fields=["answered_on", "answers", "note"])
    return fidelity_round


@transaction.atomic
def set_targets(
    *,
    actor: User,
    municipality: Municipality,
    ssp_improved_percent: int,
    in_school_or_work_percent: int,
) -> MunicipalityTarget:
    """The municipality's partnership targets (both 1–100 %)."""
    for value in (ssp_improved_percent, in_school_or_work_percent):
        if not 1 <= value <= 100:
            raise ValidationError(_("A target is a percentage from 1 to 100."))
    target, _created = MunicipalityTarget.objects.update_or_create(
        municipality=municipality,
        defaults={
            "ssp_improved_percent": ssp_improved_percent,
            "in_school_or_work_percent": in_school_or_work_percent,
            "changed_by": actor,
        },
    )
    return target


@transaction.atomic
def record_ssp_level(
    *, actor: User, member: Member, level: int, assessed_on: dt.date, allowed_levels: set[int]
) -> SspLevelRecord:
    """A later SSP concern level for a target child (the partnership target's measure)."""
    refuse_future(assessed_on, _("The date cannot be in the future."))
    if level not in allowed_levels:
        raise ValidationError(_("Choose one of the municipality's SSP levels."))
    if member.role != Member.Role.TARGET_CHILD:
        raise ValidationError(_("SSP levels are recorded for the children in the programme."))
    record = SspLevelRecord.objects.filter(member=member, assessed_on=assessed_on).first()
    if record is None:
        record = SspLevelRecord(
            family_id=member.family_id, member=member, assessed_on=assessed_on, level=level
        )
    record.level, record.recorded_by = level, actor
    by_actor(record, actor).save()  # the history names who recorded it
    return record


@transaction.atomic
def record_ssp_levels(
    *,
    actor: User,
    family: Family,
    assessed_on: dt.date,
    levels: dict[int, int],
    allowed_levels: set[int],
    included_on: dt.date | None,
) -> list[SspLevelRecord]:
    """The core team's entry of later SSP levels: one date, a level for one or more of the
    family's target children (`levels` = {member id: level}). All or nothing: one bad child or level
    and nothing is saved. A level for a child already recorded that day corrects it; the earlier
    level stays in the history."""
    if not levels:
        raise ValidationError(_("Choose a level for at least one child."))
    refuse_future(assessed_on, _("The date cannot be in the future."))
    if included_on is None:
        raise ValidationError(_("The family has not been included in the programme yet."))
    if assessed_on < included_on:
        raise ValidationError(
            _("A later SSP level is assessed on or after the inclusion date, %(date)s.")
            % {"date": date_text(included_on)}
        )
    if set(levels.values()) - allowed_levels:
        raise ValidationError(_("Choose one of the municipality's SSP levels."))
    # Lock the family so two people saving the same day for the same child are told apart.
    Family.objects.select_for_update().get(pk=family.pk)
    children = {
        child.pk: child
        for child in Member.objects.filter(
            family=family, pk__in=list(levels), role=Member.Role.TARGET_CHILD
        )
    }
    if set(levels) - set(children):
        raise ValidationError(_("SSP levels are recorded for the children in the programme."))
    existing = {
        record.member_id: record
        for record in SspLevelRecord.objects.filter(
            member_id__in=list(levels), assessed_on=assessed_on
        )
    }
    saved = []
    for member_id, level in levels.items():
        record = existing.get(member_id)
        if record is None:
            record = SspLevelRecord(
                family=family,
                member=children[member_id],
                level=level,
                assessed_on=assessed_on,
                recorded_by=actor,
            )
            by_actor(record, actor).save()
        elif record.level != level:
            record.level = level
            record.recorded_by = actor
            by_actor(record, actor).save(update_fields=["level", "recorded_by"])
        saved.append(record)
    return saved


# --- The programme's cut-off date (national evaluator) ---------------------------------------

EARLIEST_CUT_OFF = dt.date(2000, 1, 1)


@transaction.atomic
def set_cut_off(*, actor: User, cut_off: dt.date | None, reason: str) -> ProgrammeCutOff:
    """The one date every dashboard splits at from now on (None: no split); the earlier dates stay
    in its history. The caller has checked that `actor` is the national evaluator."""
    # Lock the newest setting so two evaluators saving at once are told, not both written.
    current = ProgrammeCutOff.objects.select_for_update().order_by("-set_at", "-pk").first()
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the figures are split at this date."))
    if cut_off is not None:
        refuse_future(cut_off, _("The cut-off date cannot be in the future."))
        if cut_off < EARLIEST_CUT_OFF:
            raise ValidationError(_("The cut-off date must be in the year 2000 or later."))
    if (current.cut_off if current else None) == cut_off:
        raise ValidationError(_("That is already the cut-off date in force."))
    return ProgrammeCutOff.objects.create(cut_off=cut_off, reason=reason, set_by=actor)


# --- Quarterly reports ------------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not 1 <= quarter <= 4:
        raise ValidationError(_("A quarter is 1, 2, 3 or 4."))
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def previous_quarter(day: dt.date) -> tuple[int, int]:
    quarter = (day.month - 1) // 3 + 1
    return (day.year - 1, 4) if quarter == 1 else (day.year, quarter - 1)


@transaction.atomic
def make_quarterly_report(
    *,
    actor: User | None,
    municipality: Municipality,
    year: int,
    quarter: int,
    today: dt.date,
    replace: bool = True,
) -> QuarterlyReport:
    """Render and keep the steering group's report for one quarter (made again on request)."""
    from evaluation.reports import render_quarterly_report

    start, _end = quarter_bounds(year, quarter)
    if start > today:
        raise ValidationError(_("A report can only be made for a quarter that has begun."))
    existing = (
        QuarterlyReport.objects.select_for_update()
        .filter(municipality=municipality, year=year, quarter=quarter)
        .first()
    )
    if existing is not None and not replace:
        return existing
    pdf = render_quarterly_report(municipality=municipality, year=year, quarter=quarter)
    if existing is not None:
        existing.pdf = pdf
        existing.made_by = actor
        existing.save(update_fields=["pdf", "made_by", "made_at"])
        return existing
    try:
        with transaction.atomic():
            return QuarterlyReport.objects.create(
                municipality=municipality, year=year, quarter=quarter, pdf=pdf, made_by=actor
            )
    except IntegrityError:
        # Made at the same moment by the daily task: keep that one.
        return QuarterlyReport.objects.get(municipality=municipality, year=year, quarter=quarter)


def make_reports_for_quarter_just_ended(*, today: dt.date) -> int:
    """The daily task: on the first day of a quarter, the report of the quarter just ended for
    every municipality that has none yet. Running it twice makes nothing twice."""
    if today.day != 1 or today.month not in (1, 4, 7, 10):
        return 0
    year, quarter = previous_quarter(today)
    made = 0
    for municipality in Municipality.objects.exclude(
        quarterly_reports__year=year, quarterly_reports__quarter=quarter
    ):
        make_quarterly_report(
            actor=None,
            municipality=municipality,
            year=year,
            quarter=quarter,
            today=today,
            replace=False,
        )
        made += 1
    return made


# --- Evaluator export -------------------------------------------------------------------------


def pseudonym_key(*, actor: User) -> bytes:
    """The evaluator's own key: made on their first export, the same for every later one."""
    key, _created = EvaluatorKey.objects.get_or_create(user=actor)
    return bytes.fromhex(key.key)


def pseudonym(key: bytes, kind: str, pk: int) -> str:
    """A stable pseudonym for one person or family, keyed per evaluator (HMAC-SHA256)."""
    digest = hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0].upper()}{digest[:16]}"


def log_export(*, actor: User, path: str, what: str) -> AccessLogEntry:
    """Every export is written to the access log: who, when and what it covered."""
    return log_access(
        user=actor, family=None, what=what, path=path, outcome=AccessLogEntry.Outcome.EXPORTED
    )
