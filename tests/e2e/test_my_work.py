"""The caseworker logs in and lands on "my work"; starts the deadlines of a court hearing from
the family overview, sees them there and on "my work" with their status in words; axe clean."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from families.models import Deadline, Task
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("var/screenshots")


def test_my_work_is_the_landing_page_and_shows_deadlines(
    page: Page, live_server, caseworker, family, axe
):
    Task.objects.create(
        family=family,
        title="Ring til skolen",
        due_on=timezone.localdate() - dt.timedelta(days=2),
        created_by=caseworker,
    )
    base = live_server.url
    log_in(page, base, "caseworker")

    expect(page).to_have_url(re.compile(r"/work/$"))
    expect(page.locator("h1")).to_have_text(re.compile("Mit arbejde|My work"))
    expect(page.locator("main table")).to_contain_text("Ring til skolen")
    expect(page.locator("main table")).to_contain_text("Overskredet")
    expect(page.locator(".mainmenu .active")).to_have_text("Mit arbejde (1)")
    assert serious_violations(axe, page) == []

    # The overview: a young person brought before a judge today starts three deadlines.
    page.goto(f"{base}/families/{family.pk}/")
    block = page.locator("#deadlines")
    block.locator("summary").click()
    block.locator("#id_trigger").select_option("brought_before_judge")
    block.locator("#id_member").select_option(label=str(family.members.get(first_name="Jonas")))
    block.get_by_role("button", name="Start fristerne").click()
    expect(page.locator(".messages")).to_contain_text("Frister startet")
    expect(page.locator("#deadlines li")).to_have_count(3)
    expect(page.locator("#deadlines")).to_contain_text("Besøg hos familien efter grundlovsforhøret")
    expect(page.locator("#deadlines")).to_contain_text("I rute")  # on track: the status in words
    assert serious_violations(axe, page) == []
    assert Deadline.objects.filter(family=family).count() == 3

    page.goto(f"{base}/work/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Ring til skolen")  # overdue first
    expect(page.locator("main table")).to_contain_text("Endelig handleplan efter grundlovsforhøret")
    assert serious_violations(axe, page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base}/families/{family.pk}/")
    page.locator("#deadlines").screenshot(path=str(SCREENSHOTS / "deadlines_block.png"))
    page.goto(f"{base}/work/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "my_work.png"), full_page=True)
    page.set_viewport_size({"width": 768, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "my_work_768.png"), full_page=True)
