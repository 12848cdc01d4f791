"""The dashboards split at one programme-wide cut-off date that only the national evaluator sets.

Issue 10: when any user could choose any cut-off, two nearby cut-offs could be subtracted to reveal
a cell of 1–3 ("before 02.03" minus "before 01.03" = the families of one day). Now no address,
filter or CSV gives a user a second split: the date comes from `ProgrammeCutOff`, with history.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from config.dates import date_text
from evaluation.figures import WHOLE
from evaluation.models import ProgrammeCutOff
from evaluation.programme import current_cut_off
from evaluation.services import set_cut_off
from families.models import AccessLogEntry
from screening.models import Referral
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db

CUT_OFF = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _row(response, slug: str, label: str) -> dict[str, str]:
    table = response.context["dashboard"].table(slug)
    row = next(row for row in table.rows if row.label == label)
    return dict(zip(table.columns[1:], (cell.text for cell in row.cells), strict=True))


@pytest.fixture
def referrals(nordby, caseworker):
    """Four police referrals received before 01.03.2026, two after; one more each day after."""
    days = [dt.date(2026, 1, 10)] * 4 + [dt.date(2026, 5, 10), dt.date(2026, 5, 11)]
    for day in days:
        family = FamilyFactory(team=nordby.team, created_by=caseworker)
        Referral.objects.create(
            team=nordby.team,
            family=family,
            received_on=day,
            source="police",
            referred_by="Politiet",
            concern="Bekymring",
            created_by=caseworker,
        )


def test_the_period_filter_splits_at_the_programme_cut_off(client, steering, evaluator, referrals):
    set_cut_off(actor=evaluator, cut_off=CUT_OFF, reason="Corona")
    client.force_login(steering)
    url = reverse("evaluation:overview")

    before = _row(client.get(url, {"period": "before"}), "flow", "Nordby")
    after = _row(client.get(url, {"period": "after"}), "flow", "Nordby")
    whole = _row(client.get(url), "flow", "Nordby")

    assert after["Referrals received"] == "≤3"
    # The whole period (6) minus before (4) would be 2: the whole period is solved together with
    # before and after, so one of the two is hidden.
    assert "·" in (whole["Referrals received"], before["Referrals received"])


def test_a_cut_off_date_in_the_address_is_ignored(client, steering, evaluator, referrals):
    set_cut_off(actor=evaluator, cut_off=CUT_OFF, reason="Corona")
    client.force_login(steering)
    url = reverse("evaluation:overview")

    # 10.05 and 11.05: a split between them would put one referral on each side.
    response = client.get(url, {"cut_off": "2026-05-11", "period": "after"})

    assert response.context["dashboard"].choice.cut_off == CUT_OFF
    assert _row(response, "flow", "Nordby") == _row(
        client.get(url, {"period": "after"}), "flow", "Nordby"
    )
    assert 'name="cut_off"' not in response.content.decode()


@pytest.mark.parametrize("who", ["steering", "evaluator"])
def test_no_address_gives_a_user_a_second_split(client, request, who, evaluator, referrals, nordby):
    set_cut_off(actor=evaluator, cut_off=CUT_OFF, reason="Corona")
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("evaluation:overview")
    csv_url = reverse("evaluation:overview_csv", args=["flow"])
    attempts = [
        {},
        {"period": "before"},
        {"period": "after"},
        {"period": WHOLE},
        {"period": "whole"},
        {"period": "2026-05-11"},
        {"cut_off": "2026-05-11"},
        {"cut_off": "2026-05-11", "period": "before"},
        {"cut_off": "2026-05-12", "period": "before"},
        {"cut_off": "11.05.2026", "period": "after"},
        {"cut_off": "", "period": "after"},
        {"cutoff": "2026-05-11", "until": "2026-05-10", "period": "before"},
        {"team": nordby.team.pk, "cut_off": "2026-05-11", "period": "before"},
    ]

    splits = {client.get(url, params).context["dashboard"].choice.cut_off for params in attempts}
    # The CSV of one period is the same whatever cut-off date the address asks for.
    before_csvs = {
        client.get(csv_url, {**params, "period": "before"}).content
        for params in ({}, {"cut_off": "2026-05-11"}, {"cut_off": "2026-05-12"})
    }

    assert splits == {CUT_OFF}
    assert len(before_csvs) == 1


def test_without_a_cut_off_only_the_whole_period_is_shown_with_a_message(client, steering):
    client.force_login(steering)

    response = client.get(
        reverse("evaluation:overview"), {"period": "after", "cut_off": "2026-03-01"}
    )

    assert response.status_code == 200
    assert "No cut-off date is set, so only the whole period can be shown." in (
        response.content.decode()
    )
    choice = response.context["dashboard"].choice
    assert (choice.cut_off, choice.period) == (None, WHOLE)


def test_the_message_is_danish_by_default(client, steering, evaluator):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    set_cut_off(actor=evaluator, cut_off=CUT_OFF, reason="Corona")
    client.force_login(steering)

    response = client.get(reverse("evaluation:overview"), {"period": "2026-05-11"})

    assert "Vælg hele perioden, før eller fra programmets skæringsdato." in (
        response.content.decode()
    )
    with translation.override("da"):
        assert f"Fra {date_text(CUT_OFF)}" in response.content.decode()


@pytest.mark.parametrize("who", ["steering", "caseworker", "coordinator", "outsider"])
def test_only_the_national_evaluator_sets_the_cut_off(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("evaluation:cut_off")

    page = client.get(url)
    post = client.post(url, {"cut_off": "2026-05-11", "reason": "Mine"})

    assert (page.status_code, post.status_code) == (403, 403)
    assert not ProgrammeCutOff.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=user, outcome=AccessLogEntry.Outcome.DENIED, path=url
    ).exists()


def test_the_evaluator_sets_and_changes_the_cut_off_with_history(client, evaluator):
    client.force_login(evaluator)
    url = reverse("evaluation:cut_off")

    first = client.post(url, {"cut_off": "2020-03-11", "reason": "Corona lockdown"})
    second = client.post(url, {"cut_off": "", "reason": "No split in the final report"})
    page = client.get(url)

    assert (first.status_code, second.status_code) == (302, 302)
    assert current_cut_off() is None
    assert [(row.cut_off, row.reason) for row in page.context["history"]] == [
        (None, "No split in the final report"),
        (dt.date(2020, 3, 11), "Corona lockdown"),
    ]
    assert "Corona lockdown" in page.content.decode()


def test_the_cut_off_rules(evaluator):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    set_cut_off(actor=evaluator, cut_off=CUT_OFF, reason="Corona")

    for cut_off, reason, message in (
        (tomorrow, "Later", "cannot be in the future"),
        (CUT_OFF, "Again", "already the cut-off date"),
        (dt.date(2020, 3, 11), "  ", "Say why"),
        (dt.date(1999, 12, 31), "Old", "2000 or later"),
    ):
        with translation.override("en"), pytest.raises(ValidationError, match=message):
            set_cut_off(actor=evaluator, cut_off=cut_off, reason=reason)

    assert ProgrammeCutOff.objects.count() == 1
    assert current_cut_off() == CUT_OFF


def test_a_bad_cut_off_gets_a_message_in_the_form(client, evaluator):
    client.force_login(evaluator)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(
        reverse("evaluation:cut_off"), {"cut_off": tomorrow.isoformat(), "reason": "x"}
    )

    assert response.status_code == 200
    assert "The cut-off date cannot be in the future." in response.content.decode()
    assert not ProgrammeCutOff.objects.exists()
