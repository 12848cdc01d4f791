"""The action plan in the browser: build a plan from a finished assessment, add goals and an
offer, record a follow-up, complete a reassessment from the coordinators' queue and download the
family's PDF. axe-core checks every page for serious or critical violations."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.models import ActionPlan, FollowUp, Goal, PlanOffer, Reassessment
from families.models import Member
from tests.actionplans.conftest import finished_assessment
from tests.conftest import give_consent
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check_axe(page: Page, axe) -> None:
    assert serious_violations(axe, page) == [], page.url


def log_out(page: Page) -> None:
    # Drop the session but keep the chosen language (English: the texts asserted below).
    page.context.clear_cookies(name="sessionid")


def submit(page: Page) -> None:
    page.locator("main form.narrow-form button[type=submit]").click()


def test_plan_from_assessment_to_reassessment_and_pdf(
    page: Page, live_server, family, caseworker, coordinator, nordby, axe
):
    base = live_server.url
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    family.refresh_from_db()
    finished_assessment(family, caseworker)
    jonas = Member.objects.get(family=family, first_name="Jonas")
    root = f"{base}/plans/families/{family.pk}"
    # Page texts are asserted in English, the language switcher's other choice.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])

    log_in(page, base, "caseworker")
    page.goto(f"{base}/families/{family.pk}/")
    page.locator(f"a[href='/plans/families/{family.pk}/']").click()
    check_axe(page, axe)
    page.locator(f"form[action='/plans/families/{family.pk}/start/'] button").click()
    expect(page.locator("main")).to_contain_text("At Jonas går i skole hver dag")

    # A goal for Jonas owned by the caseworker's department, with a step.
    page.locator(f"a[href='/plans/families/{family.pk}/goals/add/']").click()
    check_axe(page, axe)
    page.locator("#id_member").select_option(str(jonas.pk))
    page.locator("#id_department").select_option(str(nordby.children_family.pk))
    page.locator("#id_family_wording").fill("Jonas kommer i skole hver dag")
    page.locator("#id_professional_wording").fill("Fremmøde over 90 %")
    submit(page)
    goal = Goal.objects.get(plan__family=family)
    page.locator(f"a[href='/plans/families/{family.pk}/goals/{goal.pk}/steps/add/']").click()
    page.locator("#id_what").fill("Stiller selv vækkeuret")
    page.locator("#id_due_on").fill(timezone.localdate().isoformat())
    page.locator("#id_owner_member").select_option(str(jonas.pk))
    submit(page)
    expect(page.locator("main")).to_contain_text("Stiller selv vækkeuret")
    page.locator(f"form[action='/plans/families/{family.pk}/activate/'] button").click()
    expect(page.locator("main")).to_contain_text("Next reassessment due")
    check_axe(page, axe)

    # An offer: an end before its start is refused, then saved.
    page.goto(f"{root}/offers/add/")
    check_axe(page, axe)
    page.locator("#id_offer_type").select_option(label="Mentor")
    page.locator("#id_member").select_option(str(jonas.pk))
    page.locator("#id_goal").select_option(str(goal.pk))
    page.locator("#id_start_on").fill(timezone.localdate().isoformat())
    page.locator("#id_end_on").fill((timezone.localdate() - dt.timedelta(days=3)).isoformat())
    submit(page)
    expect(page.locator("main")).to_contain_text("cannot end before it starts")
    assert not PlanOffer.objects.exists()
    page.locator("#id_end_on").fill("")
    submit(page)
    expect(page).to_have_url(f"{root}/")
    assert PlanOffer.objects.get().goal == goal

    # A follow-up on the goal.
    page.goto(f"{root}/follow-ups/add/?goal={goal.pk}")
    check_axe(page, axe)
    page.locator("#id_with_whom").fill("Jonas og mor")
    page.locator("#id_progress").fill("Jonas var i skole fire dage")
    page.locator("#id_motivation").select_option("high")
    submit(page)
    expect(page.locator("main")).to_contain_text("Jonas var i skole fire dage")
    assert FollowUp.objects.count() == 1

    # Three months later: the plan is overdue in the team lead's queue.
    plan = ActionPlan.objects.get(family=family)
    plan.started_on = timezone.localdate() - dt.timedelta(days=100)
    plan.save(update_fields=["started_on"])  # save() keeps the stored queue date in step
    log_out(page)
    log_in(page, base, "coordinator")
    page.goto(f"{base}/plans/queue/")
    check_axe(page, axe)
    # The plan queue is the first table; measurement sections below may list the family too.
    row = page.locator("table").first.locator("tr", has_text="Familien Jensen")
    expect(row).to_contain_text("Overdue")
    row.locator("button").click()
    expect(page).to_have_url(re.compile(r"/reassessments/\d+/$"))
    check_axe(page, axe)
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.locator("input[name=support_need][value=down]").check()
    page.locator(f"#id_progress_{goal.pk}").fill("Fremmøde steget til 85 %")
    submit(page)
    expect(page.locator("main")).to_contain_text("Not yet")
    item = Reassessment.objects.get()

    # The owning department confirms its part; then the coordinator completes.
    log_out(page)
    log_in(page, base, "caseworker")
    page.goto(f"{root}/reassessments/{item.pk}/")
    page.locator("form[action$='/confirm/'] button").click()
    expect(page.locator("main")).not_to_contain_text("Not yet")
    log_out(page)
    log_in(page, base, "coordinator")
    page.goto(f"{root}/reassessments/{item.pk}/")
    page.locator("form[action$='/complete/'] button").click()
    expect(page).to_have_url(f"{root}/")
    item.refresh_from_db()
    assert item.status == Reassessment.Status.COMPLETED

    # The family's PDF in Arabic; the page then knows it was printed.
    # Printing is a POST (it is recorded on the plan): the page's Arabic button's form.
    token = page.locator(
        f"form[action='/plans/families/{family.pk}/pdf/ar/'] input[name=csrfmiddlewaretoken]"
    ).get_attribute("value")
    assert token is not None
    response = page.context.request.post(
        f"{root}/pdf/ar/", form={"csrfmiddlewaretoken": token}, headers={"Referer": f"{root}/"}
    )
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    page.goto(f"{root}/")
    expect(page.locator("main")).not_to_contain_text("has not been printed yet")
    check_axe(page, axe)
