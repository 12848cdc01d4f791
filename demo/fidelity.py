"""Demo phase: what the dashboards need beyond the families — two fidelity-survey rounds per
municipality (the second better than the first, as seed 001 figure 5-2), and later SSP levels for
some target children so the partnership target has something to measure.

Idempotent: a municipality with a round keeps its rounds; a child with an SSP level keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from accounts.models import TeamMembership, User
from evaluation import fidelity
from evaluation.models import FidelityRound, ProgrammeCutOff, SspLevelRecord
from evaluation.services import record_fidelity_round, record_ssp_level, set_cut_off
from families.models import ACTIVE_STATUSES, Member
from screening.models import Referral

if TYPE_CHECKING:
    from demo.builder import DemoFamily
    from demo.organisation import Organisation
    from demo.seed import DemoSummary

# Answers per phase for the two rounds: (first round, second round); None = "don't know".
ROUND_VALUES: dict[str, tuple[tuple[int | None, ...], tuple[int | None, ...]]] = {
    fidelity.DETECTION: ((3, 4, 2, 3, 4, 3, 2, 3, 3), (4, 4, 3, 4, 5, 4, 3, 3, 4)),
    fidelity.ASSESSMENT: ((2, 3, 3, None, 2, 3, 2, 3, 1), (3, 4, 4, 3, 3, 4, 3, 4, 2)),
    fidelity.PLAN: (
        (3, 3, 2, 3, 2, 2, 2, 1, 2, 2, 3),
        (4, 4, 3, 4, 3, 3, 3, 2, 3, 3, 4),
    ),
}


def _answers(round_index: int, shift: int) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for phase in fidelity.PHASES:
        values = ROUND_VALUES[phase.code][round_index]
        for item, value in zip(fidelity.items_of(phase.code), values, strict=True):
            answers[item.code] = None if value is None else max(1, min(5, value + shift))
    return answers


@transaction.atomic
def write_evaluation(
    organisations: dict[str, Organisation],
    _families: Iterable[DemoFamily],
    today: dt.date,
    summary: DemoSummary,
) -> None:
    for shift, organisation in enumerate(organisations.values()):
        municipality = organisation.municipality
        lead = (
            TeamMembership.objects.filter(
                team=organisation.team,
                role__in=[TeamMembership.Role.TEAM_COORDINATOR, TeamMembership.Role.PROJECT_LEAD],
            )
            .select_related("user")
            .first()
        )
        if lead is None:
            continue
        if not FidelityRound.objects.filter(municipality=municipality).exists():
            for round_index, months_ago in enumerate((9, 3)):
                record_fidelity_round(
                    actor=lead.user,
                    municipality=municipality,
                    answered_on=today - dt.timedelta(days=30 * months_ago),
                    answers=_answers(round_index, shift),
                )
                summary.created["fidelity rounds"] += 1
        _write_ssp_levels(organisation, lead, today, summary)
    _write_cut_off(today, summary)


def _write_cut_off(today: dt.date, summary: DemoSummary) -> None:
    """The programme's cut-off date a year back (as the seed's corona split), set by the demo
    evaluator, so the dashboards' before/after choice has something to split."""
    if ProgrammeCutOff.objects.exists():
        return
    evaluator = User.objects.filter(is_national_evaluator=True).order_by("pk").first()
    if evaluator is None:
        return
    set_cut_off(
        actor=evaluator,
        cut_off=dt.date(today.year - 1, today.month, 1),
        reason="Demo: the new working method from this month",
    )
    summary.created["cut-off dates"] += 1


def _write_ssp_levels(
    organisation: Organisation, lead: TeamMembership, today: dt.date, summary: DemoSummary
) -> None:
    """Most included families' children one level better four months ago, a few unchanged."""
    referrals = (
        Referral.objects.filter(
            team=organisation.team,
            status=Referral.Status.INCLUDED,
            ssp_level__isnull=False,
            family__status__in=list(ACTIVE_STATUSES),
        )
        .select_related("family")
        .prefetch_related("children")
        .order_by("pk")
    )
    for index, referral in enumerate(referrals):
        for child in referral.children.all():
            if child.role != Member.Role.TARGET_CHILD:
                continue
            if SspLevelRecord.objects.filter(member=child).exists():
                continue
            start = referral.ssp_level
            if start is None:  # the query leaves these out; this tells mypy
                continue
            level = start if index % 4 == 3 else max(1, start - 1)
            record_ssp_level(
                actor=lead.user,
                member=child,
                level=level,
                assessed_on=today - dt.timedelta(days=120),
                allowed_levels={1, 2, 3, 4},
            )
            summary.created["SSP levels"] += 1
