"""The fidelity survey: phase index = mean of the answered items; rounds by the project lead."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation import fidelity, services
from evaluation.models import FidelityRound

pytestmark = pytest.mark.django_db


def test_the_survey_has_the_seed_tables_items_per_phase():
    counts = {phase.code: len(fidelity.items_of(phase.code)) for phase in fidelity.PHASES}

    assert counts == {"detection": 9, "assessment": 9, "plan": 11}


def test_phase_index_is_the_mean_of_the_answered_items_only():
    answers = dict.fromkeys(fidelity.ITEM_CODES, None)
    answers.update({"d1": 5, "d2": 4, "d3": 2})  # the rest of detection: "don't know"
    answers.update({"a1": 1})

    assert fidelity.phase_index(answers, "detection") == pytest.approx(11 / 3)
    assert fidelity.phase_index(answers, "assessment") == 1
    assert fidelity.phase_index(answers, "plan") is None  # nothing answered


def test_answers_outside_one_to_five_or_missing_items_are_reported():
    answers: dict[str, int | None] = dict.fromkeys(fidelity.ITEM_CODES, 3)
    answers["p11"] = 6
    del answers["d1"]

    problems = fidelity.check_answers(answers)

    assert any("d1" in problem for problem in problems)
    assert any("p11" in problem for problem in problems)


def test_a_round_is_saved_and_a_second_one_four_weeks_apart_is_refused(nordby, coordinator):
    answers: dict[str, int | None] = dict.fromkeys(fidelity.ITEM_CODES, 4)
    services.record_fidelity_round(
        actor=coordinator,
        municipality=nordby.municipality,
        answered_on=dt.date(2026, 1, 10),
        answers=answers,
    )

    with pytest.raises(ValidationError):
        services.record_fidelity_round(
            actor=coordinator,
            municipality=nordby.municipality,
            answered_on=dt.date(2026, 1, 20),
            answers=answers,
        )
    assert FidelityRound.objects.count() == 1


def test_a_round_in_the_future_is_refused(nordby, coordinator):
    with pytest.raises(ValidationError):
        services.record_fidelity_round(
            actor=coordinator,
            municipality=nordby.municipality,
            answered_on=timezone.localdate() + dt.timedelta(days=2),
            answers=dict.fromkeys(fidelity.ITEM_CODES, 4),
        )


def _post(answered_on: str, value: str = "4") -> dict[str, str]:
    return {
        "answered_on": answered_on,
        "note": "",
        **{f"item_{code}": value for code in fidelity.ITEM_CODES},
    }


def test_the_team_coordinator_fills_in_a_round_and_corrects_it(client, nordby, coordinator):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator)

    response = client.post(reverse("evaluation:fidelity_create"), _post("2026-02-01", "dk"))

    assert response.status_code == 302
    fidelity_round = FidelityRound.objects.get()
    assert fidelity_round.answers == dict.fromkeys(fidelity.ITEM_CODES, None)
    response = client.post(
        reverse("evaluation:fidelity_edit", args=[fidelity_round.pk]), _post("2026-02-01", "5")
    )
    assert response.status_code == 302
    fidelity_round.refresh_from_db()
    assert fidelity_round.phase_index("plan") == 5
    assert fidelity_round.history.count() == 2  # the first answers are kept


def test_a_missing_answer_is_shown_in_danish_and_nothing_is_saved(client, coordinator):
    client.force_login(coordinator)
    data = _post("2026-02-01")
    del data["item_p3"]

    response = client.post(reverse("evaluation:fidelity_create"), data)

    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not FidelityRound.objects.exists()


def test_the_evaluator_sees_each_municipality_against_the_mean_of_all(
    client, evaluator, nordby, sydby, coordinator
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for municipality, value in ((nordby.municipality, 2), (sydby.municipality, 4)):
        FidelityRound.objects.create(
            municipality=municipality,
            answered_on=dt.date(2026, 3, 1),
            answers=dict.fromkeys(fidelity.ITEM_CODES, value),
            recorded_by=coordinator,
        )
    client.force_login(evaluator)

    table = client.get(reverse("evaluation:overview")).context["dashboard"].table("fidelity")

    rows = {row.label: [cell.text for cell in row.cells] for row in table.rows}
    assert rows["Nordby 1\xa0Mar\xa02026"] == ["2,0", "2,0", "2,0"]
    assert rows["Mean of all municipalities (latest round)"] == ["3,0", "3,0", "3,0"]
