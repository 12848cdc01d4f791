"""The core team's SSP concern level page (issue 10: "share of families whose SSP level
improved since inclusion" needs later levels): entry all or nothing, corrections kept in history,
the level at inclusion and the latest shown on the page and on the measurements page, the dashboard
counting it. Who may open the page: tests/evaluation/test_measurement_access.py (every role)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from evaluation.models import SspLevelRecord
from evaluation.services import record_ssp_levels
from families.models import AccessLogEntry, Family, Member
from families.services import cases, members
from screening.models import Referral
from tests.conftest import give_consent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def included(family: Family, nordby, caseworker) -> Family:
    """The Jensen family included today, its referral at SSP level 3, and a second target child."""
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.TARGET_CHILD,
        first_name="Sofie",
        last_name="Jensen",
        cpr="150613-4322",
    )
    give_consent(family, caseworker, nordby.children_family)
    Referral.objects.create(
        team=nordby.team,
        family=family,
        received_on=TODAY - dt.timedelta(days=30),
        source="police",
        status=Referral.Status.INCLUDED,
        ssp_level=3,
        referred_by="Politiet",
        concern="Bekymring",
        created_by=caseworker,
    )
    family.refresh_from_db()
    return family


def _children(family: Family) -> list[Member]:
    return list(family.members.filter(role=Member.Role.TARGET_CHILD).order_by("first_name"))


def _url(family: Family) -> str:
    return reverse("measurements:ssp", args=[family.pk])


def _post(client, family: Family, day: dt.date, levels: dict[Member, str]):
    data = {"assessed_on": day.isoformat()}
    data.update({f"level_{child.pk}": value for child, value in levels.items()})
    return client.post(_url(family), data)


def test_the_core_team_records_later_levels_for_the_children(client, caseworker, included):
    jonas, sofie = _children(included)
    client.force_login(caseworker)

    response = _post(client, included, TODAY, {jonas: "2", sofie: "3"})

    assert response.status_code == 302
    assert sorted(
        SspLevelRecord.objects.values_list("member__first_name", "level", "assessed_on")
    ) == [("Jonas", 2, TODAY), ("Sofie", 3, TODAY)]
    page = client.get(_url(included))
    assert page.context["page"].at_inclusion.level == 3
    assert [(c.member.first_name, c.latest.level) for c in page.context["page"].children] == [
        ("Jonas", 2),
        ("Sofie", 3),
    ]
    assert SspLevelRecord.history.filter(history_user=caseworker).count() == 2


def test_a_child_left_blank_is_not_assessed_but_at_least_one_level_is_needed(
    client, caseworker, included
):
    jonas, sofie = _children(included)
    client.force_login(caseworker)

    none = _post(client, included, TODAY, {jonas: "", sofie: ""})
    one = _post(client, included, TODAY, {jonas: "1", sofie: ""})

    assert none.status_code == 200
    assert "Choose a level for at least one child." in none.content.decode()
    assert one.status_code == 302
    assert list(SspLevelRecord.objects.values_list("member__first_name", "level")) == [("Jonas", 1)]


def test_entry_is_all_or_nothing(caseworker, included, sydby, outsider):
    jonas, sofie = _children(included)
    parent = included.members.get(role=Member.Role.PARENT)
    other_family = cases.create_family(actor=outsider, team=sydby.team, name="Familien Hansen")
    stranger = members.add_member(
        actor=outsider,
        family=other_family,
        role=Member.Role.TARGET_CHILD,
        first_name="Ali",
        last_name="Hansen",
        cpr="010112-4323",
    )

    for levels in (
        {jonas.pk: 2, parent.pk: 2},  # a parent has no SSP level here
        {jonas.pk: 2, stranger.pk: 2},  # another family's child
        {jonas.pk: 2, sofie.pk: 7},  # not on the municipality's scale
    ):
        with pytest.raises(ValidationError):
            record_ssp_levels(
                actor=caseworker,
                family=included,
                assessed_on=TODAY,
                levels=levels,
                allowed_levels={1, 2, 3, 4},
                included_on=TODAY,
            )

    assert not SspLevelRecord.objects.exists()
    assert not SspLevelRecord.history.exists()


def test_dates_in_the_future_or_before_inclusion_are_refused_and_nothing_is_saved(
    client, caseworker, included
):
    jonas, sofie = _children(included)
    client.force_login(caseworker)

    future = _post(client, included, TODAY + dt.timedelta(days=1), {jonas: "2", sofie: "2"})
    before = _post(client, included, TODAY - dt.timedelta(days=1), {jonas: "2", sofie: "2"})

    assert (future.status_code, before.status_code) == (200, 200)
    assert "The date cannot be in the future." in future.content.decode()
    assert "on or after the inclusion date" in before.content.decode()
    assert not SspLevelRecord.objects.exists()


def test_a_level_off_the_scale_is_refused_by_the_form(client, caseworker, included):
    jonas, sofie = _children(included)
    client.force_login(caseworker)

    response = _post(client, included, TODAY, {jonas: "2", sofie: "9"})

    assert response.status_code == 200
    assert response.context["form"].errors[f"level_{sofie.pk}"]
    assert not SspLevelRecord.objects.exists()


def test_a_correction_keeps_the_earlier_level_in_the_history(client, caseworker, included):
    jonas, _sofie = _children(included)
    client.force_login(caseworker)

    _post(client, included, TODAY, {jonas: "3"})
    _post(client, included, TODAY, {jonas: "1"})
    page = client.get(_url(included))
    history = client.get(reverse("families:history", args=[included.pk]))

    assert list(SspLevelRecord.objects.values_list("level", flat=True)) == [1]
    changes = page.context["page"].changes
    assert [(change.kind, change.level.level) for change in changes] == [("~", 1), ("+", 3)]
    assert "Corrected" in page.content.decode()
    # The family's history page shows the SSP level changes (core-team content).
    assert [
        entry.action for entry in history.context["page"] if entry.what == "SSP concern level"
    ] == [
        "changed",
        "created",
    ]


def test_the_measurements_page_shows_the_level_at_inclusion_and_the_latest(
    client, caseworker, included
):
    jonas, _sofie = _children(included)
    client.force_login(caseworker)
    _post(client, included, TODAY, {jonas: "2"})

    response = client.get(reverse("measurements:family", args=[included.pk]))

    text = response.content.decode()
    ssp = response.context["ssp"]
    assert ssp.at_inclusion.level == 3
    assert [child.latest_text.level for child in ssp.children if child.latest] == [2]
    assert 'id="ssp-summary"' in text
    assert _url(included) in text


def test_a_closed_family_shows_its_levels_but_takes_no_new_one(client, caseworker, included):
    jonas, _sofie = _children(included)
    client.force_login(caseworker)
    _post(client, included, TODAY, {jonas: "2"})
    Family.objects.filter(pk=included.pk).update(status=Family.Status.CLOSED)

    page = client.get(_url(included))
    post = _post(client, included, TODAY, {jonas: "1"})

    assert page.status_code == 200
    assert "Record a later SSP level" not in page.content.decode()
    assert post.status_code == 403
    assert list(SspLevelRecord.objects.values_list("level", flat=True)) == [2]


def test_reading_the_page_is_logged_per_child(client, caseworker, included):
    client.force_login(caseworker)

    client.get(_url(included))

    with translation.override("da"):
        logged = sorted(
            AccessLogEntry.objects.filter(
                user=caseworker, outcome=AccessLogEntry.Outcome.VIEWED, member__isnull=False
            ).values_list("member__first_name", flat=True)
        )
    assert logged == ["Jonas", "Sofie"]


def test_the_dashboard_counts_the_family_once_a_later_level_is_recorded(
    client, caseworker, steering, included
):
    jonas, _sofie = _children(included)

    def ssp_count() -> str:
        client.force_login(steering)
        table = client.get(reverse("evaluation:overview")).context["dashboard"].table("targets")
        row = next(row for row in table.rows if row.label == "Nordby")
        cells = dict(zip(table.columns[1:], (cell.text for cell in row.cells), strict=True))
        return str(cells["Families with an SSP level at inclusion and later"])

    before = ssp_count()
    client.force_login(caseworker)
    _post(client, included, TODAY, {jonas: "2"})
    after = ssp_count()

    assert (before, after) == ("0", "≤3")
