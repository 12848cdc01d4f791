"""The deadline engine (DESIGN.md "Time rules", DOMAIN.md §2): deadlines are data.

A `DeadlineRule` per kind and municipality says what starts it, how long it runs (hours, working
days, calendar days or months) and who owns it; the municipality's administrator adjusts them on
/administration/. An event starts the deadlines of its trigger (`start_deadlines`, called by the
services that record the event, or by a caseworker from the family overview), the event or a
caseworker meets them (`meet_deadlines`, `mark_met`). Working days skip weekends, the Danish
public holidays (the `holidays` package) and the days municipal offices are closed (Constitution
Day, Christmas Eve, New Year's Eve). The daily task reminds once per deadline (`remind_deadlines`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import language_of
from accounts.models import TeamMembership, User
from families.access import FamilyAccess
from families.models import (
    ENDED_STATUSES,
    Deadline,
    DeadlineRule,
    Family,
    FamilyCoordinator,
    Member,
)

Kind = DeadlineRule.Kind
Trigger = DeadlineRule.Trigger
Unit = DeadlineRule.Unit
Owner = DeadlineRule.Owner


@dataclass(frozen=True)
class DefaultRule:
    trigger: str
    duration: int
    unit: str
    owner: str
    warn_days: int
    per_person: bool = False


# The law and the model (DOMAIN.md §2, seed 003); the data migration seeds these for every
# municipality and `ensure_rules` for a new one. The administrator adjusts durations.
DEFAULT_RULES: Final[dict[str, DefaultRule]] = {
    Kind.CONCERN_ASSESSED: DefaultRule(
        Trigger.CONCERN_RECEIVED, 24, Unit.HOURS, Owner.TEAM_LEADS, 1
    ),
    Kind.CONCERN_RECEIPT: DefaultRule(
        Trigger.CONCERN_RECEIVED, 6, Unit.WORKING_DAYS, Owner.TEAM_LEADS, 2
    ),
    Kind.INVESTIGATION: DefaultRule(
        Trigger.INVESTIGATION_STARTED, 4, Unit.MONTHS, Owner.COORDINATORS, 14
    ),
    Kind.JUDGE_VISIT: DefaultRule(
        Trigger.BROUGHT_BEFORE_JUDGE, 3, Unit.CALENDAR_DAYS, Owner.COORDINATORS, 1, True
    ),
    Kind.JUDGE_PRELIMINARY_PLAN: DefaultRule(
        Trigger.BROUGHT_BEFORE_JUDGE, 7, Unit.CALENDAR_DAYS, Owner.COORDINATORS, 2, True
    ),
    Kind.JUDGE_FINAL_PLAN: DefaultRule(
        Trigger.BROUGHT_BEFORE_JUDGE, 1, Unit.MONTHS, Owner.COORDINATORS, 7, True
    ),
    Kind.PRE_INVESTIGATION: DefaultRule(
        Trigger.PRE_INVESTIGATION_STARTED, 48, Unit.HOURS, Owner.COORDINATORS, 1, True
    ),
    Kind.REASSESSMENT: DefaultRule(Trigger.PLAN_REASSESSED, 3, Unit.MONTHS, Owner.COORDINATORS, 14),
    Kind.MEASUREMENT: DefaultRule(Trigger.MEASURED, 6, Unit.MONTHS, Owner.COORDINATORS, 14),
}

# Events a caseworker can record by hand on the family overview (the recurring reassessment and
# measurement deadlines are kept by the plan and the measurements).
MANUAL_TRIGGERS: Final = (
    Trigger.CONCERN_RECEIVED,
    Trigger.INVESTIGATION_STARTED,
    Trigger.BROUGHT_BEFORE_JUDGE,
    Trigger.PRE_INVESTIGATION_STARTED,
)


# --- Time arithmetic (pure) --------------------------------------------------------------------


@lru_cache(maxsize=64)
def _closed_days(year: int) -> frozenset[dt.date]:
    public = holidays.country_holidays("DK", years=year)
    optional = holidays.country_holidays("DK", years=year, categories=("optional",))
    # Municipal offices close on Constitution Day, Christmas Eve and New Year's Eve too; Workers'
    # Day (also "optional" in the package) is a working day for them.
    closing = {day for day in optional if (day.month, day.day) in {(6, 5), (12, 24), (12, 31)}}
    return frozenset(public) | frozenset(closing)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Danish public holiday or closing day."""
    return day.weekday() < 5 and day not in _closed_days(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`th working day after `day` (the day itself never counts, working or not)."""
    current = day
    left = count
    while left > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` in local time: a deadline on `day` is met until then."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def due_at(started_at: dt.datetime, duration: int, unit: str) -> dt.datetime:
    """When a deadline started at `started_at` runs out: exact for hours, else the end of the
    due day (local time)."""
    if unit == Unit.HOURS:
        return started_at + dt.timedelta(hours=duration)
    start_day = timezone.localdate(started_at)
    if unit == Unit.WORKING_DAYS:
        return _end_of(add_working_days(start_day, duration))
    if unit == Unit.CALENDAR_DAYS:
        return _end_of(start_day + dt.timedelta(days=duration))
    return _end_of(add_months(start_day, duration))


def last_day(deadline_due_at: dt.datetime) -> dt.date:
    """The day on which a deadline must be met at the latest (local time)."""
    return timezone.localdate(deadline_due_at - dt.timedelta(microseconds=1))


# --- Status ------------------------------------------------------------------------------------

FINE, SOON, OVERDUE, MET = "fine", "soon", "overdue", "met"


def status_of(deadline: Deadline, now: dt.datetime) -> str:
    if deadline.met_at is not None:
        return MET
    if now >= deadline.due_at:
        return OVERDUE
    if now >= deadline.warn_at:
        return SOON
    return FINE


def status_labels() -> dict[str, str]:
    """Text that says the status (never colour alone)."""
    return {
        FINE: _("On track"),
        SOON: _("Due soon"),
        OVERDUE: _("Overdue"),
        MET: _("Met"),
    }


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    status: str
    status_label: str
    due_on: dt.date
    shows_time: bool  # hour-based: the exact time matters

    @property
    def label(self) -> str:
        return str(self.deadline.get_kind_display())


def rows(deadlines: Iterable[Deadline], now: dt.datetime | None = None) -> list[DeadlineRow]:
    now = now or timezone.now()
    labels = status_labels()
    result = []
    for deadline in deadlines:
        state = status_of(deadline, now)
        result.append(
            DeadlineRow(
                deadline=deadline,
                status=state,
                status_label=labels[state],
                due_on=last_day(deadline.due_at),
                shows_time=deadline.unit == Unit.HOURS,
            )
        )
    return result


# --- Rules -------------------------------------------------------------------------------------


def ensure_rules(municipality_id: int) -> None:
    """The municipality's rules exist (a new municipality gets the defaults); 1–2 queries."""
    have = set(
        DeadlineRule.objects.filter(municipality_id=municipality_id).values_list("kind", flat=True)
    )
    missing = [kind for kind in DEFAULT_RULES if kind not in have]
    if missing:
        DeadlineRule.objects.bulk_create(
            [_rule_from_default(municipality_id, kind) for kind in missing],
            ignore_conflicts=True,
        )


def _rule_from_default(municipality_id: int, kind: str) -> DeadlineRule:
    default = DEFAULT_RULES[kind]
    return DeadlineRule(
        municipality_id=municipality_id,
        kind=kind,
        trigger=default.trigger,
        duration=default.duration,
        unit=default.unit,
        owner=default.owner,
        warn_days=default.warn_days,
        per_person=default.per_person,
    )


def rules_for(municipality_id: int, *, trigger: str | None = None) -> list[DeadlineRule]:
    ensure_rules(municipality_id)
    rules = DeadlineRule.objects.filter(municipality_id=municipality_id)
    if trigger is not None:
        rules = rules.filter(trigger=trigger)
    return list(rules.order_by("kind"))


def rule_duration(municipality_id: int, kind: str) -> tuple[int, str]:
    """(duration, unit) of a kind in a municipality, e.g. for the recurring reassessment."""
    rule = next(rule for rule in rules_for(municipality_id) if rule.kind == kind)
    return rule.duration, rule.unit


# --- Recurring rules (reassessment): the interval from the municipality's rule ------------------


def interval_end(day: dt.date, duration: int, unit: str) -> dt.date:
    """The day an interval of `duration` `unit`s from `day` ends, for a recurring deadline kept
    as a date (e.g. the plan's next reassessment): months to the same day (the month's last
    when shorter), calendar or working days counted from the next day, hours in whole days."""
    if unit == Unit.MONTHS:
        return add_months(day, duration)
    if unit == Unit.WORKING_DAYS:
        return add_working_days(day, duration)
    if unit == Unit.HOURS:
        return day + dt.timedelta(days=-(-duration // 24))
    return day + dt.timedelta(days=duration)


def recurring_intervals(municipality_ids: Iterable[int], kind: str) -> dict[int, tuple[int, str]]:
    """(duration, unit) of the rule `kind` for each municipality, in one query; a municipality
    whose rules are not made yet (`ensure_rules`) has the default."""
    ids = set(municipality_ids)
    default = DEFAULT_RULES[kind]
    found = {
        municipality_id: (duration, unit)
        for municipality_id, duration, unit in DeadlineRule.objects.filter(
            municipality_id__in=ids, kind=kind
        ).values_list("municipality_id", "duration", "unit")
    }
    return {
        municipality_id: found.get(municipality_id, (default.duration, default.unit))
        for municipality_id in ids
    }


def recurring_interval(municipality_id: int, kind: str) -> tuple[int, str]:
    """(duration, unit) of the rule `kind` in one municipality (one query)."""
    return recurring_intervals([municipality_id], kind)[municipality_id]


# --- Services ----------------------------------------------------------------------------------


@transaction.atomic
def start_deadlines(
    *,
    actor: User,
    family: Family,
    trigger: str,
    started_at: dt.datetime,
    member: Member | None = None,
) -> list[Deadline]:
    """Start every deadline the event `trigger` starts for the family (and the person, for rules
    that are per person). A deadline of the same kind still open is kept, not doubled."""
    if trigger not in Trigger.values:
        raise ValidationError(_("Choose what happened."))
    if family.is_ended:
        raise ValidationError(_("The family's case has ended."))
    if member is not None and member.family_id != family.pk:
        raise ValidationError(_("Choose a person of this family."))
    if started_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("The date cannot be in the future."))
    started: list[Deadline] = []
    for rule in rules_for(family.municipality_id, trigger=trigger):
        person = member if rule.per_person else None
        if rule.per_person and member is None:
            raise ValidationError(_("Choose the person this concerns."))
        existing = Deadline.objects.filter(
            family=family, member=person, kind=rule.kind, met_at__isnull=True
        ).first()
        if existing is not None:
            started.append(existing)
            continue
        due = due_at(started_at, rule.duration, rule.unit)
        warn = max(started_at, due - dt.timedelta(days=rule.warn_days))
        started.append(
            Deadline.objects.create(
                family=family,
                member=person,
                kind=rule.kind,
                unit=rule.unit,
                started_at=started_at,
                due_at=due,
                warn_at=warn,
                owner_kind=rule.owner,
                started_by=actor,
            )
        )
    return started


def moment_of(day: dt.date) -> dt.datetime:
    """When something done on `day` happened, for a deadline: now when that is today, else the
    start of that day (the hour is not recorded; a deadline due that day counts as met)."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@transaction.atomic
def meet_deadlines(
    *,
    actor: User,
    family: Family,
    kinds: Iterable[str],
    member: Member | None = None,
    met_at: dt.datetime | None = None,
) -> int:
    """The event that meets them happened (e.g. the investigation was finished): the family's
    open deadlines of those kinds (the person's, where given) are met — now, or when the event
    happened (`met_at`, e.g. the day a receipt was sent)."""
    open_deadlines = Deadline.objects.filter(family=family, kind__in=list(kinds), met_at=None)
    if member is not None:
        open_deadlines = open_deadlines.filter(Q(member=member) | Q(member__isnull=True))
    return open_deadlines.update(met_at=met_at or timezone.now(), met_by=actor)


@transaction.atomic
def mark_met(*, actor: User, access: FamilyAccess, deadline_id: int) -> Deadline:
    """A caseworker marks one of the family's open deadlines met."""
    deadline = (
        Deadline.objects.select_for_update().filter(family=access.family, pk=deadline_id).first()
    )
    if deadline is None:
        raise ValidationError(_("That deadline does not exist."))
    if deadline.met_at is not None:
        raise ValidationError(_("The deadline was already met."))
    deadline.met_at = timezone.now()
    deadline.met_by = actor
    deadline.save(update_fields=["met_at", "met_by"])
    return deadline


# --- Selectors ---------------------------------------------------------------------------------


def family_deadlines(access: FamilyAccess) -> list[DeadlineRow]:
    """The overview's block: the family's open deadlines and those met in the last 30 days."""
    if not access.is_team_member:
        return []
    since = timezone.now() - dt.timedelta(days=30)
    deadlines = (
        Deadline.objects.filter(family=access.family)
        .filter(Q(met_at__isnull=True) | Q(met_at__gte=since))
        .select_related("member")
    )
    return rows(deadlines)


def owned_open_deadlines(user: User, family_ids: list[int] | QuerySet[Any]) -> QuerySet[Deadline]:
    """Open deadlines among these families that are the user's: started by them (rules owned
    by whoever started it), of families they coordinate, or of their teams as a lead (also
    coordinator-owned deadlines of a family that has no coordinator)."""
    lead_team_ids = TeamMembership.objects.filter(
        user=user,
        is_active=True,
        role__in=[TeamMembership.Role.TEAM_COORDINATOR, TeamMembership.Role.PROJECT_LEAD],
    ).values("team_id")
    coordinated = FamilyCoordinator.objects.filter(user=user).values("family_id")
    with_coordinator = FamilyCoordinator.objects.values("family_id")
    return Deadline.objects.filter(family_id__in=family_ids, met_at__isnull=True).filter(
        Q(owner_kind=Owner.STARTED_BY, started_by=user)
        | Q(owner_kind=Owner.COORDINATORS, family_id__in=coordinated)
        | Q(owner_kind=Owner.TEAM_LEADS, family__team_id__in=lead_team_ids)
        | Q(
            owner_kind=Owner.COORDINATORS,
            family__team_id__in=lead_team_ids,
        )
        & ~Q(family_id__in=with_coordinator)
    )


# --- The daily reminder ------------------------------------------------------------------------


def _recipients(deadlines: list[Deadline]) -> dict[int, set[User]]:
    """Who owns each deadline (3 queries however many)."""
    family_ids = {deadline.family_id for deadline in deadlines}
    coordinators: dict[int, set[User]] = {}
    for coordinator in FamilyCoordinator.objects.filter(family_id__in=family_ids).select_related(
        "user"
    ):
        coordinators.setdefault(coordinator.family_id, set()).add(coordinator.user)
    team_ids = {deadline.family.team_id for deadline in deadlines}
    leads: dict[int, set[User]] = {}
    for membership in TeamMembership.objects.filter(
        team_id__in=team_ids,
        is_active=True,
        role__in=[TeamMembership.Role.TEAM_COORDINATOR, TeamMembership.Role.PROJECT_LEAD],
    ).select_related("user"):
        leads.setdefault(membership.team_id, set()).add(membership.user)
    result: dict[int, set[User]] = {}
    for deadline in deadlines:
        team_leads = leads.get(deadline.family.team_id, set())
        if deadline.owner_kind == Owner.STARTED_BY:
            owners = {deadline.started_by}
        elif deadline.owner_kind == Owner.COORDINATORS:
            owners = coordinators.get(deadline.family_id) or team_leads
        else:
            owners = team_leads
        result[deadline.pk] = {user for user in owners if user.is_active}
    return result


def _reminder_mails(
    counts: dict[str, int], languages: dict[str, str]
) -> list[tuple[str, str, None, list[str]]]:
    """One mail per person, in their language: how many deadlines need them, and where to look.
    Never a name."""
    link = settings.SITE_URL + reverse("my_work:index")
    mails: list[tuple[str, str, None, list[str]]] = []
    for address, count in sorted(counts.items()):
        with translation.override(languages[address]):
            body = _(
                "%(count)s deadline(s) in Kerneteam are due soon or overdue.\nSee them: %(link)s"
            ) % {"count": count, "link": link}
            mails.append((_("Kerneteam: a deadline is near"), body, None, [address]))
    return mails


def remind_deadlines(now: dt.datetime | None = None) -> int:
    """Remind the owners once of each open deadline that is due soon or overdue.

    Idempotent: a deadline reminded is marked (`reminded_at`) in the same transaction, and a
    concurrent run skips the rows this one has locked. The mails leave after the commit and
    name no family or person. Returns the number of deadlines reminded.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Deadline.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(met_at__isnull=True, reminded_at__isnull=True, warn_at__lte=now)
            .exclude(family__status__in=list(ENDED_STATUSES))
            .select_related("family", "started_by")
        )
        if not due:
            return 0
        owners = _recipients(due)
        counts: dict[str, int] = {}
        languages: dict[str, str] = {}
        for deadline in due:
            for user in owners[deadline.pk]:
                if user.email:
                    counts[user.email] = counts.get(user.email, 0) + 1
                    languages[user.email] = language_of(user)
        Deadline.objects.filter(pk__in=[deadline.pk for deadline in due]).update(reminded_at=now)
        mails = _reminder_mails(counts, languages)
        if mails:
            transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    return len(due)


def trigger_choices() -> list[tuple[str, Any]]:
    labels = dict(Trigger.choices)
    return [(trigger.value, labels[trigger.value]) for trigger in MANUAL_TRIGGERS]
