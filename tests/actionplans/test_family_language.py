"""The plan in the family's own language (issue 11, item 10).

Goals, steps and the family's own goals carry a wording in the family's language (from the family
record), entered with the interpreter; the family's PDF in that language prints it and marks, in
that language, what is not yet translated; the page lists what still lacks a translation.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from actionplans import selectors
from actionplans.family_language import family_language, language_codes
from actionplans.models import ActionPlan, Goal, Step
from actionplans.services import goals, translations
from config.concurrency import StaleEdit
from families.models import Member
from tests.actionplans.conftest import member
from tests.actionplans.test_pdf import _extractable, _text
from tests.helpers import granted

TODAY = timezone.localdate

# Arabic texts chosen without the lam-alef ligature (pdftotext gives it back in glyph order).
ARABIC_GOAL = "يذهب يوناس إلى المدرسة"
ARABIC_FAMILY_GOALS = "نريد صباحا هادئا"
DANISH_STEP = "Vækkeur hver morgen"
DANISH_GOAL = "Gå i skole hver dag"  # the active plan's goal (tests/actionplans/conftest.py)


def _label(language: str) -> str:
    with translation.override(language):
        return translation.pgettext("family plan", "Not yet translated – the Danish text:")


@pytest.fixture
def arabic_plan(active_plan: ActionPlan, caseworker) -> ActionPlan:
    """The Jensen plan: the mother reads Arabic and needs an interpreter; the goal has a step."""
    Member.objects.filter(family=active_plan.family, first_name="Mette").update(
        languages="Arabisk, dansk", needs_interpreter=True
    )
    goals.add_step(
        actor=caseworker,
        goal=active_plan.goals.get(),
        what=DANISH_STEP,
        due_on=active_plan.started_on,
        owner_member=member(active_plan.family, "Jonas"),
    )
    active_plan.refresh_from_db()
    return active_plan


def _translate(
    plan: ActionPlan,
    actor: User,
    texts: dict[str, str],
    *,
    items: list[Goal | Step] | None = None,
    family_goals: bool = False,
    **kw: Any,
) -> int:
    chosen = list(items if items is not None else plan.goals.all())
    return translations.save_translations(
        actor=actor,
        plan=plan,
        language=kw.pop("language", "ar"),
        interpreter=kw.pop("interpreter", "Nadia Haddad"),
        interpreted_on=kw.pop("interpreted_on", TODAY()),
        texts=texts,
        items=chosen,
        family_goals=family_goals,
        **kw,
    )


def _goal_key(plan: ActionPlan) -> str:
    return translations.item_key(plan.goals.get())


# --- The family's language, from the family record ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Arabisk", ["ar"]),
        ("Kurdisk (kurmanji), arabisk", ["ar"]),
        ("Somali og dansk", ["so"]),
        ("Tyrkisk, engelsk", ["tr", "en"]),
        ("English", ["en"]),
        ("Dari, dansk", []),
        ("", []),
    ],
)
def test_language_codes_read_the_record_as_written(text, codes):
    assert language_codes(text) == codes


def test_the_family_language_prefers_the_member_who_needs_an_interpreter():
    parent = Member(languages="Engelsk, dansk")
    grandmother = Member(languages="Dansk, tyrkisk", needs_interpreter=True)
    assert family_language([parent, grandmother]) == "tr"
    # No one needs an interpreter: a member's first language counts, not one spoken besides Danish.
    assert family_language([Member(languages="Dansk, arabisk")]) is None
    assert family_language([Member(languages="Dansk"), Member(languages="Somali, dansk")]) == "so"
    assert family_language([Member(languages="Dari", needs_interpreter=True)]) is None


# --- Entering the translation ------------------------------------------------------------------


def test_a_translation_records_the_interpreter_and_the_day_and_is_kept_in_history(
    arabic_plan, caseworker
):
    version = arabic_plan.version
    day = TODAY() - dt.timedelta(days=1)
    changed = _translate(
        arabic_plan, caseworker, {_goal_key(arabic_plan): ARABIC_GOAL}, interpreted_on=day
    )
    assert changed == 1
    goal = arabic_plan.goals.get()
    assert (goal.translation, goal.translation_language, goal.interpreter, goal.interpreted_on) == (
        ARABIC_GOAL,
        "ar",
        "Nadia Haddad",
        day,
    )
    assert goal.translation_source == DANISH_GOAL
    assert goal.translation_in("ar", goal.family_wording) == ARABIC_GOAL
    assert goal.translation_in("tr", goal.family_wording) == ""
    record = goal.history.first()
    assert record.translation == ARABIC_GOAL and record.history_user == caseworker
    # The plan's history names the change, before → after; a translation is no new version.
    rows = selectors.plan_history(granted(caseworker, arabic_plan.family), arabic_plan)
    changes = [change for row in rows for change in row.changes]
    assert ("In the family's language", "–", ARABIC_GOAL) in changes
    assert ("Interpreter", "–", "Nadia Haddad") in changes
    arabic_plan.refresh_from_db()
    assert arabic_plan.version == version


def test_an_unchanged_text_is_not_saved_again_and_an_emptied_one_is_removed(
    arabic_plan, caseworker
):
    key = _goal_key(arabic_plan)
    _translate(arabic_plan, caseworker, {key: ARABIC_GOAL})
    records = arabic_plan.goals.get().history.count()
    assert _translate(arabic_plan, caseworker, {key: ARABIC_GOAL}, interpreter="Another") == 0
    assert arabic_plan.goals.get().history.count() == records
    assert _translate(arabic_plan, caseworker, {key: ""}) == 1
    goal = arabic_plan.goals.get()
    assert (goal.translation, goal.translation_language, goal.interpreter) == ("", "", "")


def test_a_changed_danish_text_makes_the_translation_out_of_date(arabic_plan, caseworker):
    _translate(arabic_plan, caseworker, {_goal_key(arabic_plan): ARABIC_GOAL})
    goal = arabic_plan.goals.get()
    goals.update_goal(actor=caseworker, goal=goal, family_wording="Møde til tiden hver dag")
    goal.refresh_from_db()
    assert goal.translation == ARABIC_GOAL  # kept, but no longer of the Danish text
    assert goal.translation_in("ar", goal.family_wording) == ""
    page = selectors.plan_page(granted(caseworker, arabic_plan.family), arabic_plan)
    assert page.family_language is not None
    missing = {(m.kind, m.text): m.is_outdated for m in page.family_language.missing}
    assert missing[("goal", "Møde til tiden hver dag")] is True
    assert missing[("step", DANISH_STEP)] is False


def test_a_translation_saved_meanwhile_is_not_overwritten(arabic_plan, caseworker, coordinator):
    items = list(arabic_plan.goals.all())
    loaded = translations.translations_token(None, items)
    _translate(arabic_plan, coordinator, {_goal_key(arabic_plan): ARABIC_GOAL})
    with pytest.raises(StaleEdit):
        _translate(
            arabic_plan,
            caseworker,
            {_goal_key(arabic_plan): "نص آخر"},
            expected_token=loaded,
        )
    assert arabic_plan.goals.get().translation == ARABIC_GOAL


def test_a_danish_text_changed_meanwhile_refuses_the_translation(
    arabic_plan, caseworker, coordinator
):
    goal = arabic_plan.goals.get()
    loaded = translations.translations_token(None, [goal])
    goals.update_goal(actor=coordinator, goal=goal, family_wording="En anden tekst")
    with pytest.raises(StaleEdit):
        _translate(
            arabic_plan, caseworker, {_goal_key(arabic_plan): ARABIC_GOAL}, expected_token=loaded
        )
    assert arabic_plan.goals.get().translation == ""


def test_what_a_translation_needs(arabic_plan, caseworker):
    key = _goal_key(arabic_plan)
    with pytest.raises(ValidationError, match="Say who interpreted"):
        _translate(arabic_plan, caseworker, {key: ARABIC_GOAL}, interpreter="  ")
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        _translate(
            arabic_plan,
            caseworker,
            {key: ARABIC_GOAL},
            interpreted_on=TODAY() + dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="not printed in that language"):
        _translate(arabic_plan, caseworker, {key: ARABIC_GOAL}, language="da")
    assert arabic_plan.goals.get().translation == ""


def test_a_closed_plan_takes_no_translation(arabic_plan, caseworker):
    ActionPlan.objects.filter(pk=arabic_plan.pk).update(
        status=ActionPlan.Status.CLOSED, closed_on=TODAY()
    )
    with pytest.raises(ValidationError, match="closed"):
        _translate(arabic_plan, caseworker, {_goal_key(arabic_plan): ARABIC_GOAL})


# --- The pages ---------------------------------------------------------------------------------


def _url(name: str, plan: ActionPlan) -> str:
    return reverse(f"actionplans:{name}", args=[plan.family_id])


def test_the_translation_page_saves_each_text_with_the_interpreter(client, caseworker, arabic_plan):
    client.force_login(caseworker)
    goal = arabic_plan.goals.get()
    step = goal.steps.get()
    form = client.get(_url("translation", arabic_plan)).content.decode()
    # One field per text, labelled with the Danish text, typed right-to-left in Arabic.
    assert f"Goal for Jonas: {DANISH_GOAL}" in form and DANISH_STEP in form
    assert "The family&#x27;s own goals: At Jonas går i skole" in form
    assert 'lang="ar"' in form and "Arabic" in form
    response = client.post(
        _url("translation", arabic_plan),
        {
            "interpreter": "Nadia Haddad",
            "interpreted_on": TODAY().isoformat(),
            f"goal_{goal.pk}": ARABIC_GOAL,
            "family_goals": ARABIC_FAMILY_GOALS,
            f"step_{step.pk}": "",
            "edit_token": translations.translations_token(arabic_plan, [goal, step]),
        },
    )
    assert response.status_code == 302 and response.url == _url("plan", arabic_plan)
    arabic_plan.refresh_from_db()
    assert arabic_plan.family_goals_translation == ARABIC_FAMILY_GOALS
    assert arabic_plan.family_goals_interpreter == "Nadia Haddad"
    assert Goal.objects.get(pk=goal.pk).translation == ARABIC_GOAL
    assert Step.objects.get(pk=step.pk).translation == ""
    # The plan page says what still lacks a translation.
    page = client.get(_url("plan", arabic_plan)).content.decode()
    assert "2 of 3 texts are translated" in page
    missing = page.split('id="family-language"')[1].split("</ul>")[0]
    assert DANISH_STEP in missing and DANISH_GOAL not in missing
    assert ARABIC_GOAL in page


def test_a_stale_translation_form_keeps_what_was_typed(
    client, caseworker, coordinator, arabic_plan
):
    goal = arabic_plan.goals.get()
    step = goal.steps.get()
    loaded = translations.translations_token(arabic_plan, [goal, step])
    _translate(arabic_plan, coordinator, {_goal_key(arabic_plan): ARABIC_GOAL})
    client.force_login(caseworker)
    response = client.post(
        _url("translation", arabic_plan),
        {
            "interpreter": "Nadia Haddad",
            "interpreted_on": TODAY().isoformat(),
            f"goal_{goal.pk}": "ترجمتي",
            "edit_token": loaded,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved a change" in content
    assert "ترجمتي" in content and ARABIC_GOAL in content  # both versions side by side
    assert Goal.objects.get(pk=goal.pk).translation == ARABIC_GOAL


def test_the_translation_follows_the_goals_own_access(
    client, caseworker, other_department_user, arabic_plan
):
    """The jobcentre (covered by the consent) reads Børn og Familie's goal but may not change it:
    it may translate only the core team's text (the family's own goals)."""
    goal = arabic_plan.goals.get()
    client.force_login(other_department_user)
    form = client.get(_url("translation", arabic_plan)).content.decode()
    assert 'name="family_goals"' in form and f'name="goal_{goal.pk}"' not in form
    client.post(
        _url("translation", arabic_plan),
        {
            "interpreter": "Nadia Haddad",
            "interpreted_on": TODAY().isoformat(),
            "family_goals": ARABIC_FAMILY_GOALS,
            f"goal_{goal.pk}": ARABIC_GOAL,
        },
    )
    arabic_plan.refresh_from_db()
    assert arabic_plan.family_goals_translation == ARABIC_FAMILY_GOALS
    assert Goal.objects.get(pk=goal.pk).translation == ""
    page = client.get(_url("plan", arabic_plan)).content.decode()
    assert "Enter translations with the interpreter" in page


def test_no_language_in_the_record_no_translation(client, caseworker, active_plan):
    client.force_login(caseworker)
    response = client.get(_url("translation", active_plan), follow=True)
    assert response.redirect_chain == [(_url("plan", active_plan), 302)]
    assert "record the members&#x27; languages first" in response.content.decode()
    assert "names no language the plan is printed in besides Danish" in response.content.decode()


# --- The family's PDF --------------------------------------------------------------------------


def _pdf(client, plan: ActionPlan, language: str, tmp_path, *args: str) -> str:
    response = client.post(reverse("actionplans:family_pdf", args=[plan.family_id, language]))
    assert response.status_code == 200
    # Left-to-right runs inside right-to-left text come with embedding marks: not the text.
    return _text(response.content, tmp_path, *args).replace("\u202a", "")


def test_the_pdf_prints_the_translation_and_marks_what_is_not_yet_translated(
    client, caseworker, arabic_plan, tmp_path
):
    _translate(
        arabic_plan,
        caseworker,
        {_goal_key(arabic_plan): ARABIC_GOAL, "family_goals": ARABIC_FAMILY_GOALS},
        family_goals=True,
    )
    client.force_login(caseworker)
    arabic = " ".join(_pdf(client, arabic_plan, "ar", tmp_path).split())
    assert ARABIC_GOAL in arabic and ARABIC_FAMILY_GOALS in arabic
    assert DANISH_GOAL not in arabic and "spiser sammen" not in arabic
    # The step is not translated: the Arabic label, then the Danish text; once.
    assert arabic.count(_extractable(_label("ar"))) == 1
    assert DANISH_STEP in arabic
    # Turkish: nothing is translated into Turkish; every text is marked in Turkish.
    turkish = " ".join(_pdf(client, arabic_plan, "tr", tmp_path).split())
    assert turkish.count(_label("tr")) == 3
    assert DANISH_GOAL in turkish and DANISH_STEP in turkish and ARABIC_GOAL not in turkish
    assert _label("tr") != _label("en")
    # Danish: the Danish texts, no label.
    danish = " ".join(_pdf(client, arabic_plan, "da", tmp_path).split())
    assert DANISH_GOAL in danish and _label("da") not in danish and ARABIC_GOAL not in danish
    # Out of date once the Danish text changes: marked again in Arabic, with the new Danish text.
    goals.update_goal(
        actor=caseworker, goal=arabic_plan.goals.get(), family_wording="Møde til tiden"
    )
    arabic = " ".join(_pdf(client, arabic_plan, "ar", tmp_path).split())
    assert ARABIC_GOAL not in arabic and "Møde til tiden" in arabic
    assert arabic.count(_extractable(_label("ar"))) == 2


def test_the_arabic_translation_is_right_to_left(client, caseworker, arabic_plan, tmp_path):
    _translate(arabic_plan, caseworker, {_goal_key(arabic_plan): ARABIC_GOAL})
    client.force_login(caseworker)
    bbox = _pdf(client, arabic_plan, "ar", tmp_path, "-bbox")
    page_tag = re.search(r'<page width="([\d.]+)"', bbox)
    assert page_tag is not None
    width = float(page_tag.group(1))
    words = [
        (float(m.group(1)), float(m.group(2)), float(m.group(3)), m.group(4))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            bbox,
        )
    ]
    # The bounding-box listing gives Arabic words in visual order (reversed).
    goal_y = next(y for _x0, y, _x1, text in words if text == "يوناس"[::-1])
    line = [word for word in words if word[1] == goal_y]
    assert len(line) == len(ARABIC_GOAL.split())
    # The translated goal hugs the right margin (RTL), like the title, and stays on the right.
    assert max(x1 for _x0, _y, x1, _t in line) > width * 0.85
    assert min(x0 for x0, _y, _x1, _t in line) > width * 0.4


def test_a_step_of_a_department_outside_the_consent_is_absent_in_every_language(
    client, caseworker, arabic_plan, nordby, tmp_path
):
    """The consent gate is unchanged: the school (not covered) has a goal with a step, translated;
    neither is printed for the family coordinator, in any language."""
    school_goal = Goal.objects.create(
        plan=arabic_plan,
        member=member(arabic_plan.family, "Jonas"),
        family_wording="Skolemål SKOLEMAAL",
        department=nordby.school,
        translation="SKOLEOVERSAT هدف",
        translation_language="ar",
        translation_source="Skolemål SKOLEMAAL",
    )
    Step.objects.create(
        goal=school_goal,
        what="Skoleskridt SKOLESKRIDT",
        due_on=TODAY(),
        owner_member=member(arabic_plan.family, "Jonas"),
        translation="SKRIDTOVERSAT خطوة",
        translation_language="ar",
        translation_source="Skoleskridt SKOLESKRIDT",
    )
    client.force_login(caseworker)
    for language in ("da", "en", "ar", "tr", "so"):
        text = _pdf(client, arabic_plan, language, tmp_path)
        assert DANISH_STEP in text, language  # the readable step is printed
        for marker in ("SKOLEMAAL", "SKOLESKRIDT", "SKOLEOVERSAT", "SKRIDTOVERSAT"):
            assert marker not in text, (language, marker)
    page = client.get(_url("plan", arabic_plan)).content.decode()
    assert "SKOLEMAAL" not in page and "SKOLESKRIDT" not in page
    form = client.get(_url("translation", arabic_plan)).content.decode()
    assert "SKOLEMAAL" not in form and "SKOLESKRIDT" not in form
