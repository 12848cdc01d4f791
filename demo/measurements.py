"""Demo phase: measurement waves shaped like seed 001's table A-2 — some persons with both
progression waves, some with wave 1 only, some "not answered", some with the background only.

Idempotent: a family with any measurement is left alone. To have waves that are actually due, the
family's inclusion is moved back (13, 8 or 7 months) before its waves are written.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from evaluation.instruments import (
    KIDSCREEN10,
    KIDSCREEN_SELF_FROM_AGE,
    instruments_for_wave,
    spec_for,
)
from evaluation.measurement_selectors import audience_of, measured_members_q
from evaluation.measurement_services import record_measurement
from evaluation.models import Measurement
from evaluation.waves import wave_due_on
from families.models import ACTIVE_STATUSES, Family, FamilyStatusChange, Member

if TYPE_CHECKING:
    from demo.builder import DemoFamily
    from demo.organisation import Organisation
    from demo.seed import DemoSummary

# (months since inclusion, last progression wave, a parent who did not answer wave 1)
PATTERNS = ((13, 2, False), (8, 1, False), (7, 1, True), (0, 0, False))


def _answers(
    spec_code: str, audience: str, rng: random.Random, *, lift: int, age: int | None
) -> dict[str, int]:
    spec = spec_for(spec_code, audience)
    answers = {}
    for item in spec.items:
        if item.min_age is not None and (age is None or age < item.min_age):
            continue
        if item.options:
            answers[item.code] = rng.choice([value for value, _label in item.options])
            continue
        middle = (item.minimum + item.maximum) // 2
        value = middle + rng.choice((-1, 0, 0, 1)) + (lift if not item.is_reversed else -lift)
        answers[item.code] = max(item.minimum, min(item.maximum, value))
    return answers


def _write_family(family: Family, months: int, last_wave: int, parent_declines: bool) -> int:
    today = timezone.localdate()
    included = FamilyStatusChange.objects.filter(family=family, to_status=Family.Status.INCLUDED)
    first = included.order_by("changed_at").first()
    if first is None:
        return 0
    if months:
        moved = timezone.localtime(first.changed_at) - dt.timedelta(days=months * 31)
        included.filter(pk=first.pk).update(changed_at=moved)
    included_on = timezone.localdate(
        included.order_by("changed_at").values_list("changed_at", flat=True).first()
    )
    actor = family.created_by
    rng = random.Random(family.reference)
    written = 0
    members = family.members.filter(measured_members_q()).order_by("pk")
    for member in members:
        audience = audience_of(member)
        if audience is None:
            continue
        if member.role == Member.Role.TARGET_CHILD and not member.is_in_programme:
            continue
        for wave in range(last_wave + 1):
            answered_on = min(wave_due_on(included_on, wave) + dt.timedelta(days=5), today)
            age = member.age(answered_on)
            for code in instruments_for_wave(audience=audience, wave=wave, age=age):
                declines = parent_declines and wave == 1 and audience == "parent"
                respondent = Measurement.Respondent.SELF
                if code == KIDSCREEN10 and age is not None and age < KIDSCREEN_SELF_FROM_AGE:
                    respondent = Measurement.Respondent.PROXY
                record_measurement(
                    actor=actor,
                    member=member,
                    wave=wave,
                    instrument=code,
                    answered_on=answered_on,
                    answers=None
                    if declines
                    else _answers(code, audience, rng, lift=wave - 1, age=age),
                    outcome=(
                        Measurement.Outcome.NOT_ANSWERED
                        if declines
                        else Measurement.Outcome.ANSWERED
                    ),
                    reason=Measurement.Reason.LANGUAGE if declines else "",
                    respondent=respondent,
                )
                written += 1
    return written


def write_measurements(
    organisations: dict[str, Organisation],
    families: Iterable[DemoFamily],
    today: dt.date,
    summary: DemoSummary,
) -> None:
    """Phase 6: measurement waves for the demo families in the programme."""
    del families, today
    municipality_ids = [organisation.municipality.pk for organisation in organisations.values()]
    candidates = (
        Family.objects.filter(municipality_id__in=municipality_ids, status__in=ACTIVE_STATUSES)
        .exclude(measurements__isnull=False)
        .order_by("pk")
    )
    for index, family in enumerate(candidates):
        months, last_wave, parent_declines = PATTERNS[index % len(PATTERNS)]
        with transaction.atomic():
            summary.created["measurements"] += _write_family(
                family, months, last_wave, parent_declines
            )
