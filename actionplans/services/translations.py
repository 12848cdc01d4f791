"""The plan in the family's language (issue 11, item 10): the family's own goals, goals and steps
get a wording in the family's language, entered with the interpreter, who and when recorded.

Each translation remembers the Danish text it was made from (`translation_source`): once the Danish
text changes, the translation is out of date and the family's PDF prints the Danish text again,
marked as not yet translated, until a new translation is entered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from actionplans.family_language import danish_text, family_goals_translation_in
from actionplans.models import ActionPlan, Goal, Step, TranslationLanguage
from actionplans.services.common import lock_open, note_change
from config.concurrency import edit_token, refuse_stale
from families.services.common import by_actor, refuse_future

FAMILY_GOALS = "family_goals"
Item = Goal | Step


def item_key(item: Item) -> str:
    """The key of a goal or step in a translation form and its edit token."""
    return f"goal_{item.pk}" if isinstance(item, Goal) else f"step_{item.pk}"


def _values(plan: ActionPlan | None, items: Sequence[Item]) -> dict[str, dict[str, object]]:
    """What a translation form edits, per key: each translation and the Danish text it is of."""
    values: dict[str, dict[str, object]] = {}
    if plan is not None:
        values[FAMILY_GOALS] = {
            "danish": plan.family_goals,
            "translation": plan.family_goals_translation,
            "language": plan.family_goals_translation_language,
            "source": plan.family_goals_translation_source,
        }
    for item in items:
        values[item_key(item)] = {
            "danish": danish_text(item),
            "translation": item.translation,
            "language": item.translation_language,
            "source": item.translation_source,
        }
    return values


def translations_token(plan: ActionPlan | None, items: Sequence[Item]) -> str:
    """The edit token of a translation form (config.concurrency): the translations it edits and
    the Danish texts they are of. `plan` when the form edits the family's own goals, else None."""
    return edit_token(_values(plan, items))


def _locked(items: Sequence[Item]) -> list[Item]:
    goal_ids = [item.pk for item in items if isinstance(item, Goal)]
    step_ids = [item.pk for item in items if isinstance(item, Step)]
    goals = Goal.objects.select_for_update().in_bulk(goal_ids)
    steps = Step.objects.select_for_update().in_bulk(step_ids)
    locked: list[Item] = []
    for item in items:
        current = (goals if isinstance(item, Goal) else steps).get(item.pk)
        if current is None:  # deleted meanwhile: nothing of it to translate
            continue
        locked.append(current)
    return locked


@transaction.atomic
def save_translations(
    *,
    actor: User,
    plan: ActionPlan,
    language: str,
    interpreter: str,
    interpreted_on: dt.date,
    texts: Mapping[str, str],
    items: Sequence[Item],
    family_goals: bool = False,
    expected_token: str | None = None,
) -> int:
    """Save the translations into `language` typed for `items` (goals and steps of the plan) and,
    when `family_goals`, for the family's own goals; `texts` by item_key (FAMILY_GOALS for the
    family's goals). A text equal to the present translation changes nothing; an emptied one
    removes it. Refused when someone changed a translation or a Danish text since the form was
    loaded (`expected_token`). Returns how many texts changed."""
    if language not in TranslationLanguage.values:
        raise ValidationError(_("The plan is not printed in that language."))
    interpreter = interpreter.strip()
    if not interpreter:
        raise ValidationError({"interpreter": _("Say who interpreted.")})
    refuse_future(interpreted_on, _("The interpretation cannot be dated in the future."))
    lock_open(plan)
    saved_plan = ActionPlan.objects.get(pk=plan.pk)  # locked by lock_open
    for item in items:
        item_plan_id = item.plan_id if isinstance(item, Goal) else item.goal.plan_id
        if item_plan_id != plan.pk:
            raise ValidationError(_("Choose a goal or step of this plan."))
    current_items = _locked(items)
    refuse_stale(
        expected_token,
        _values(saved_plan if family_goals else None, current_items),
        instance=saved_plan,
    )
    changed = 0
    if family_goals:
        typed = texts.get(FAMILY_GOALS, "").strip()
        present = family_goals_translation_in(saved_plan, language)
        if typed != present:
            saved_plan.family_goals_translation = typed
            saved_plan.family_goals_translation_language = language if typed else ""
            saved_plan.family_goals_translation_source = saved_plan.family_goals if typed else ""
            saved_plan.family_goals_interpreter = interpreter if typed else ""
            saved_plan.family_goals_interpreted_on = interpreted_on if typed else None
            by_actor(saved_plan, actor).save(
                update_fields=[
                    "family_goals_translation",
                    "family_goals_translation_language",
                    "family_goals_translation_source",
                    "family_goals_interpreter",
                    "family_goals_interpreted_on",
                ]
            )
            changed += 1
    for item in current_items:
        typed = texts.get(item_key(item), "").strip()
        if typed == item.translation_in(language, danish_text(item)):
            continue
        item.translation = typed
        item.translation_language = language if typed else ""
        item.translation_source = danish_text(item) if typed else ""
        item.interpreter = interpreter if typed else ""
        item.interpreted_on = interpreted_on if typed else None
        by_actor(item, actor).save(
            update_fields=[
                "translation",
                "translation_language",
                "translation_source",
                "interpreter",
                "interpreted_on",
            ]
        )
        changed += 1
    if changed:
        note_change(plan, actor)
    return changed
