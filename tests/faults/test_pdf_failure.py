"""A PDF render that fails: a clear message in Danish, nothing half-saved.

WeasyPrint's real `HTML.write_pdf` is replaced by one that raises (as it does when a font or the
cairo/pango libraries fail); everything else — the view, families/pdf.py, the middleware, the
database — is the real thing.
"""

from __future__ import annotations

import pytest
import weasyprint
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from actionplans.models import ActionPlan
from actionplans.services import plans
from families.models import AccessLogEntry, Family
from tests.actionplans.conftest import finished_assessment
from tests.conftest import Organisation, give_consent

# As the page shows it (the apostrophe escaped).
DANISH_MESSAGE = escape("PDF'en kunne ikke laves. Intet blev gemt.")


def _broken_write_pdf(*_args: object, **_kwargs: object) -> bytes:
    raise OSError("cairo: out of memory")


@pytest.fixture
def plan(family: Family, caseworker: User, nordby: Organisation) -> ActionPlan:
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    return plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))


@pytest.mark.django_db
def test_family_plan_pdf_that_fails_records_no_print_and_says_so(
    client: Client, plan: ActionPlan, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(caseworker)
    plan_url = reverse("actionplans:plan", args=[plan.family_id])
    pdf_url = reverse("actionplans:family_pdf", args=[plan.family_id, "da"])
    log_rows = AccessLogEntry.objects.count()
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", _broken_write_pdf)

    response = client.post(pdf_url, HTTP_REFERER=f"http://testserver{plan_url}")

    # Back to the plan page, with the message (in Danish, the site's language).
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{plan_url}"
    page = client.get(plan_url)
    assert page.status_code == 200
    assert DANISH_MESSAGE in page.content.decode()
    # Nothing half-saved: the plan is not marked printed, no "PDF made" row in the access log
    # (the plan page itself logs its own view, hence the one row).
    plan.refresh_from_db()
    assert (plan.printed_at, plan.printed_version) == (None, None)
    assert AccessLogEntry.objects.count() == log_rows + 1

    # The same request with WeasyPrint working prints and records it (the test's control).
    monkeypatch.undo()
    response = client.post(pdf_url, HTTP_REFERER=f"http://testserver{plan_url}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    plan.refresh_from_db()
    assert plan.printed_version == plan.version
    assert AccessLogEntry.objects.count() == log_rows + 2


@pytest.mark.django_db
def test_pdf_that_fails_without_a_page_to_go_back_to_shows_a_page(
    client: Client, plan: ActionPlan, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(caseworker)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", _broken_write_pdf)

    response = client.get(reverse("actionplans:working_copy", args=[plan.family_id]))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<h1>PDF'en kunne ikke laves</h1>" in body
    assert DANISH_MESSAGE in body


@pytest.mark.django_db
def test_pdf_failure_from_another_site_is_not_a_redirect_there(
    client: Client, plan: ActionPlan, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(caseworker)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", _broken_write_pdf)

    response = client.post(
        reverse("actionplans:family_pdf", args=[plan.family_id, "da"]),
        HTTP_REFERER="https://evil.example/",
    )

    assert response.status_code == 503
    plan.refresh_from_db()
    assert plan.printed_at is None
