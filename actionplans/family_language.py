"""The family's language, read from the family record (issue 11, item 10).

The record has no single language field: each member has `languages` (free text, e.g.
"Arabisk, dansk") and `needs_interpreter`. The family's language for their plan is the first
language the plan is printed in (besides Danish) that is named by a member who needs an
interpreter, or else the first-named language of any member; None when the record names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from actionplans.models import ActionPlan, Goal, Step, TranslationLanguage
from families.models import Member

# How a language is written in the record: in Danish, in English or in itself (lower case).
_NAMES: dict[str, tuple[str, ...]] = {
    TranslationLanguage.ARABIC: ("arabisk", "arabic", "العربية", "عربي"),
    TranslationLanguage.TURKISH: ("tyrkisk", "turkish", "türkçe", "turkce", "tyrkiet"),
    TranslationLanguage.SOMALI: ("somalisk", "somali", "soomaali"),
    TranslationLanguage.ENGLISH: ("engelsk", "english"),
}
_SPLIT = re.compile(r"[,;/]|\bog\b|\band\b|\+")


def language_codes(text: str) -> list[str]:
    """The plan languages `text` names, in the order named ("Kurdisk, arabisk" → ["ar"])."""
    codes: list[str] = []
    for part in _SPLIT.split(text.lower()):
        word = re.sub(r"\(.*?\)", "", part).strip()
        for code, names in _NAMES.items():
            if word and any(word.startswith(name) for name in names) and code not in codes:
                codes.append(code)
    return codes


def family_language(members: Iterable[Member]) -> str | None:
    """The family's language (a TranslationLanguage value) from its members' record."""
    members = list(members)
    for member in members:
        if member.needs_interpreter:
            codes = language_codes(member.languages)
            if codes:
                return codes[0]
    for member in members:
        first = language_codes(member.languages.split(",")[0])
        if first:
            return first[0]
    return None


def language_name(code: str) -> str:
    return str(TranslationLanguage(code).label)


def danish_text(item: Goal | Step) -> str:
    """The Danish text a goal's or step's translation is of."""
    return item.family_wording if isinstance(item, Goal) else item.what


def family_goals_translation_in(plan: ActionPlan, language: str) -> str:
    """The family's own goals in `language`, when translated from the Danish text as it is now."""
    if (
        plan.family_goals_translation
        and plan.family_goals_translation_language == language
        and plan.family_goals_translation_source == plan.family_goals
    ):
        return plan.family_goals_translation
    return ""
