"""CSV formula injection: every CSV the product writes neutralises formula-like cells."""

import csv
import io

import pytest
from django.urls import reverse

from config.csv import safe_cell
from families.models import Member
from families.services import members

pytestmark = pytest.mark.django_db

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Mette Jensen", "2026-01-05 10:00", "", "a=b", 12])
def test_ordinary_cells_are_unchanged(value):
    assert safe_cell(value) == str(value)


def test_access_log_csv_neutralises_a_member_named_like_a_formula(client, family, caseworker):
    member = members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.SIBLING,
        first_name=PAYLOAD,
        last_name="Jensen",
        cpr="010203-1234",
    )
    # A read of the member's page, so the log has a row concerning them.
    client.force_login(caseworker)
    client.get(reverse("families:member_detail", args=[family.pk, member.pk]))
    response = client.get(reverse("families:member_access_log_export", args=[family.pk, member.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    concerning = [cell for cell in cells if "cmd|" in cell]
    assert concerning, rows
    assert all(cell.startswith("'=") for cell in concerning), concerning
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
