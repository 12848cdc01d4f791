"""The family's plan as PDF in five languages and the team's working copy (via families/pdf.py).

The family PDF's fixed labels are gettext messages with the context "family plan", translated in
the catalogues under locale/<language>/ (da and en are the site's own; ar, tr and so exist for this
PDF only: the site's interface stays Danish and English). The family's own goals, the goals and
the steps are printed in the family's language where they were translated with the interpreter,
and otherwise in Danish under a label, in the PDF's language, that says they are not yet translated
(issue 11, item 10); each text in the direction of its own script.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from actionplans.family_language import family_goals_translation_in
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
    # What the family reads: the wording in their language, or the Danish text (untranslated).
    text: str
    text_dir: str
    untranslated: bool


@dataclass(frozen=True)
class PdfGoal:
    goal: Goal
    text: str
    text_dir: str
    untranslated: bool
    status: Promise
    steps: list[PdfStep]


def _wording(danish: str, translated: str, language: str | None) -> tuple[str, str, bool]:
    """(text, direction, untranslated) of one text in the PDF in `language`: a Danish or working
    copy (None) prints the Danish text; another language its translation, or else the Danish text
    marked as not yet translated (issue 11, item 10)."""
    if language in (None, "da"):
        return danish, text_direction(danish), False
    if translated:
        return translated, text_direction(translated), False
    return danish, text_direction(danish), True


def _pdf_goal(row: GoalRow, language: str | None) -> PdfGoal:
    # WeasyPrint has no dir="auto": each free text's direction is decided here.
    goal = row.goal
    text, text_dir, untranslated = _wording(
        goal.family_wording,
        goal.translation_in(language, goal.family_wording) if language else "",
        language,
    )
    steps = []
    for step in row.steps:
        what, what_dir, step_untranslated = _wording(
            step.what, step.translation_in(language, step.what) if language else "", language
        )
        steps.append(
            PdfStep(
                step=step,
                who=step.who,
                who_dir=text_direction(step.who),
                text=what,
                text_dir=what_dir,
                untranslated=step_untranslated,
            )
        )
    return PdfGoal(
        goal=goal,
        text=text,
        text_dir=text_dir,
        untranslated=untranslated,
        status=GOAL_STATUS[Goal.Status(goal.status)],
        steps=steps,
    )


def _members(page: PlanPage, language: str | None = None) -> list[tuple[Member, list[PdfGoal]]]:
    grouped: dict[int, tuple[Member, list[PdfGoal]]] = {}
    for row in page.goals:
        grouped.setdefault(row.goal.member_id, (row.goal.member, []))[1].append(
            _pdf_goal(row, language)
        )
    return list(grouped.values())


def family_plan_pdf(page: PlanPage, language: str, *, request: HttpRequest | None = None) -> bytes:
    """The family's own copy in `language` (one of LANGUAGES): labels from its catalogue."""
    coordinator = page.coordinator.user if page.coordinator else None
    family_goals, family_goals_dir, family_goals_untranslated = _wording(
        page.family_goals,
        # Core-team content: read only as far as the page may (its Danish text is "" otherwise).
        family_goals_translation_in(page.plan, language) if page.can_read_family_goals else "",
        language,
    )
    with translation.override(language):
        return render_pdf(
            "actionplans/family_pdf.html",
            {
                "page": page,
                "plan": page.plan,
                "family": page.plan.family,
                "members": _members(page, language),
                "language": language,
                "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
                "family_goals": family_goals,
                "family_goals_dir": family_goals_dir,
                "family_goals_untranslated": family_goals_untranslated,
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
