"""The fidelity survey (seed 001 table A-5) as data, and its phase index. Pure: no database.

The project lead or team lead answers, about every six months per municipality, how far each
element of the three phases is in place: 1 (not at all) … 5 (to a very high degree), or "don't
know". A phase's index is the mean of the answered items of that phase (seed 001 p. 3814–3843:
"where a municipality has not answered every question, the mean of the remaining ones").
The wording is ours, short, with the seed's meaning.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DETECTION = "detection"
ASSESSMENT = "assessment"
PLAN = "plan"

SCALE_MIN = 1
SCALE_MAX = 5
ROUND_MONTHS = 6


@dataclass(frozen=True)
class FidelityItem:
    code: str
    phase: str
    text: str | Promise


@dataclass(frozen=True)
class Phase:
    code: str
    label: str | Promise


PHASES = (
    Phase(DETECTION, _("Detection of children and young people")),
    Phase(ASSESSMENT, _("Family assessment")),
    Phase(PLAN, _("Intervention and family action plan")),
)

ITEMS: tuple[FidelityItem, ...] = (
    FidelityItem("d1", DETECTION, _("We have our own tools or processes for detection.")),
    FidelityItem("d2", DETECTION, _("Visitation meetings are held as part of detection.")),
    FidelityItem(
        "d3",
        DETECTION,
        _("For referrals from a notification of concern, special circumstances are discussed."),
    ),
    FidelityItem(
        "d4",
        DETECTION,
        _("The core team has an overview of families who may be in the target group."),
    ),
    FidelityItem("d5", DETECTION, _("The core team obtains the families' consent to take part.")),
    FidelityItem("d6", DETECTION, _("The family's cases are coordinated with the core team.")),
    FidelityItem("d7", DETECTION, _("The family's cases are handed over to the core team.")),
    FidelityItem(
        "d8", DETECTION, _("Children and young people at early risk of crime are detected.")
    ),
    FidelityItem("d9", DETECTION, _("Families are motivated to take part.")),
    FidelityItem(
        "a1", ASSESSMENT, _("The procedure for reviewing journals and case files is known.")
    ),
    FidelityItem(
        "a2",
        ASSESSMENT,
        _("Journals and case files are reviewed in a structured way with the assessment tool."),
    ),
    FidelityItem("a3", ASSESSMENT, _("The families' resources and challenges are mapped.")),
    FidelityItem(
        "a4",
        ASSESSMENT,
        _("Statutory investigations are started for family members not yet investigated."),
    ),
    FidelityItem(
        "a5",
        ASSESSMENT,
        _("The family's overall situation is summed up as the assessment procedure describes."),
    ),
    FidelityItem(
        "a6",
        ASSESSMENT,
        _("The description of how to judge the family's overall situation is known."),
    ),
    FidelityItem("a7", ASSESSMENT, _("The assessment follows right after detection.")),
    FidelityItem(
        "a8",
        ASSESSMENT,
        _("The assessment is qualified and takes earlier help to the family into account."),
    ),
    FidelityItem(
        "a9", ASSESSMENT, _("The families take part in the review of journals and case files.")
    ),
    FidelityItem("p1", PLAN, _("The core team knows the family action plan.")),
    FidelityItem("p2", PLAN, _("The core team uses the family action plan.")),
    FidelityItem(
        "p3",
        PLAN,
        _("The plan is made, started right after it is written and built on relevant offers."),
    ),
    FidelityItem(
        "p4", PLAN, _("The relevant offers are identified and fit the plans in the actual cases.")
    ),
    FidelityItem("p5", PLAN, _("There is an overview of all relevant offers.")),
    FidelityItem("p6", PLAN, _("The offers are tailored to the families' specific needs.")),
    FidelityItem("p7", PLAN, _("The offers are adjusted along the way.")),
    FidelityItem(
        "p8", PLAN, _("Offers are combined and used in new ways that work best for the families.")
    ),
    FidelityItem(
        "p9", PLAN, _("Experience from the family work leads to changes in the range of offers.")
    ),
    FidelityItem(
        "p10", PLAN, _("The family takes part in writing and following up the action plan.")
    ),
    FidelityItem("p11", PLAN, _("The action plans are followed up regularly.")),
)
ITEM_CODES = tuple(item.code for item in ITEMS)

# "Don't know" is stored as None: the item was put to the respondent and not answered on the scale.
Answers = Mapping[str, int | None]


def items_of(phase: str) -> tuple[FidelityItem, ...]:
    return tuple(item for item in ITEMS if item.phase == phase)


def check_answers(answers: Answers) -> list[str]:
    """What is wrong with a set of answers (empty when every item has 1–5 or "don't know")."""
    problems = []
    missing = [code for code in ITEM_CODES if code not in answers]
    unknown = [code for code in answers if code not in ITEM_CODES]
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown: {', '.join(unknown)}")
    for code, value in answers.items():
        if value is not None and not (SCALE_MIN <= value <= SCALE_MAX):
            problems.append(f"{code}: {value} is not 1–5")
    return problems


def phase_index(answers: Answers, phase: str) -> float | None:
    """Mean of the answered (1–5) items of the phase; None when none was answered."""
    values = [value for item in items_of(phase) if (value := answers.get(item.code)) is not None]
    return statistics.fmean(values) if values else None


def phase_indices(answers: Answers) -> dict[str, float | None]:
    return {phase.code: phase_index(answers, phase.code) for phase in PHASES}
