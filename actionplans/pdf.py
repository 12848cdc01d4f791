"""The family's plan as PDF in five languages and the team's working copy (via families/pdf.py).

The family PDF's fixed labels are gettext messages with the context "family plan", translated in
the catalogues under locale/<language>/ (da and en are the site's own; ar, tr and so exist for this
PDF only: the site's interface stays Danish and English). Goal texts are printed as the team wrote
them, each in the direction of its own script.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from actionplans.models import Goal, Step
from actionplans.selectors import GoalRow, PlanPage
from families.models import Member
from families.pdf import render_pdf

# The family PDF's languages, each named in itself (Django's LANG_INFO has no Somali).
LANGUAGES = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "so": "Soomaali",
}

GOAL_STATUS = {
    Goal.Status.NOT_STARTED: pgettext_lazy("family plan", "Not started"),
    Goal.Status.IN_PROGRESS: pgettext_lazy("family plan", "In progress"),
    Goal.Status.ACHIEVED: pgettext_lazy("family plan", "Achieved"),
    Goal.Status.DROPPED: pgettext_lazy("family plan", "Dropped"),
}


def language_choices() -> list[tuple[str, str]]:
    return list(LANGUAGES.items())


def text_direction(text: str) -> str:
    """The direction of a text the team wrote: that of its first strong character."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@dataclass(frozen=True)
class PdfStep:
    step: Step
    who: str
    who_dir: str
    text_dir: str


@dataclass(frozen=True)
class PdfGoal:
    goal: Goal
    text_dir: str
    status: Promise
    steps: list[PdfStep]


def _pdf_goal(row: GoalRow) -> PdfGoal:
    # WeasyPrint has no dir="auto": each free text's direction is decided here.
    return PdfGoal(
        goal=row.goal,
        text_dir=text_direction(row.goal.family_wording),
        status=GOAL_STATUS[Goal.Status(row.goal.status)],
        steps=[
            PdfStep(
                step=step,
                who=step.who,
                who_dir=text_direction(step.who),
                text_dir=text_direction(step.what),
            )
            for step in row.steps
        ],
    )


def _members(page: PlanPage) -> list[tuple[Member, list[PdfGoal]]]:
    grouped: dict[int, tuple[Member, list[PdfGoal]]] = {}
    for row in page.goals:
        grouped.setdefault(row.goal.member_id, (row.goal.member, []))[1].append(_pdf_goal(row))
    return list(grouped.values())


def family_plan_pdf(page: PlanPage, language: str, *, request: HttpRequest | None = None) -> bytes:
    """The family's own copy in `language` (one of LANGUAGES): labels from its catalogue."""
    coordinator = page.coordinator.user if page.coordinator else None
    with translation.override(language):
        return render_pdf(
            "actionplans/family_pdf.html",
            {
                "page": page,
                "plan": page.plan,
                "family": page.plan.family,
                "members": _members(page),
                "language": language,
                "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
                "family_goals_dir": text_direction(page.family_goals),
                "coordinator": coordinator,
                "printed": timezone.localdate(),
            },
            request=request,
        )


def working_copy_pdf(page: PlanPage, *, request: HttpRequest | None = None) -> bytes:
    """The team's working copy, in the reader's language."""
    return render_pdf(
        "actionplans/working_copy_pdf.html",
        {
            "page": page,
            "plan": page.plan,
            "family": page.plan.family,
            "members": _members(page),
            "printed": timezone.localtime(),
        },
        request=request,
    )
