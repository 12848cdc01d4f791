"""The aggregate overview: counts for the steering group and the evaluator, never a person."""

import pytest
from django.conf import settings
from django.urls import reverse

from families.models import AccessLogEntry, Family
from screening.models import Referral
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    # Table titles are compared in English, the language switcher's other choice.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _family_rows(response):
    _title, table = response.context["tables"][0]
    assert table.columns == [str(label) for label in Family.Status.labels]
    return table.rows


@pytest.fixture
def counted_families(nordby, sydby, caseworker, outsider):
    for _ in range(2):
        FamilyFactory(team=nordby.team, created_by=caseworker, status="referred")
    for _ in range(4):
        FamilyFactory(team=nordby.team, created_by=caseworker, status="screening")
    FamilyFactory(team=sydby.team, created_by=outsider, status="included")


def _cells(row) -> dict[str, str]:
    return dict(zip(Family.Status.values, row.counts, strict=True))


def test_steering_sees_only_its_own_municipality_with_small_cells_suppressed(
    client, steering, counted_families
):
    client.force_login(steering)

    response = client.get(reverse("evaluation:overview"))

    assert response.status_code == 200
    rows = _family_rows(response)
    assert [row.municipality for row in rows] == ["Nordby"]
    cells = _cells(rows[0])
    assert (cells["referred"], cells["screening"], cells["included"]) == ("≤3", "4", "0")
    page = response.content.decode()
    assert "≤3" in page
    assert "Sydby" not in page


def test_evaluator_sees_every_municipality(client, evaluator, counted_families):
    client.force_login(evaluator)

    response = client.get(reverse("evaluation:overview"))

    rows = _family_rows(response)
    assert [row.municipality for row in rows] == ["Nordby", "Sydby"]
    assert (_cells(rows[1])["included"], rows[1].total) == ("≤3", "≤3")
    assert "Sydby" in response.content.decode()


def test_a_caseworker_has_no_aggregate_overview(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("evaluation:overview"))

    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(
        user=caseworker, outcome=AccessLogEntry.Outcome.DENIED, path=reverse("evaluation:overview")
    ).exists()


def test_a_suppressed_cell_cannot_be_worked_out_from_the_total(client, steering, counted_families):
    # Nordby: 2 referred (suppressed) and 4 in screening. Were the total shown as 6, the
    # suppressed cell would be 6 - 4 = 2: small-cell suppression needs a second suppression.
    client.force_login(steering)

    row = _family_rows(client.get(reverse("evaluation:overview")))[0]

    shown = [cell for cell in row.counts if cell.isdigit()]
    hidden = [cell for cell in row.counts if not cell.isdigit()]
    assert hidden == ["≤3"]
    is_derivable = row.total.isdigit() and len(hidden) == 1
    assert not is_derivable, f"total {row.total} - shown {shown} reveals the suppressed cell"


def test_referral_counts_by_source_are_shown_without_any_referral(
    client, steering, nordby, caseworker
):
    for index in range(5):
        family = FamilyFactory(team=nordby.team, created_by=caseworker, name=f"Hemmelig{index}")
        Referral.objects.create(
            team=nordby.team,
            family=family,
            received_on="2026-10-01",
            source=Referral.Source.POLICE if index < 4 else Referral.Source.SCHOOL,
            referred_by="Politiet",
            concern="Bekymring",
            created_by=caseworker,
        )
    client.force_login(steering)

    response = client.get(reverse("evaluation:overview"))

    tables = dict(response.context["tables"])
    by_source = next(table for title, table in tables.items() if title == "Referrals by source")
    row = dict(zip(Referral.Source.values, by_source.rows[0].counts, strict=True))
    assert (row["police"], row["school"]) == ("4", "≤3")
    assert by_source.rows[0].total == "·"
    assert "Hemmelig" not in response.content.decode()
