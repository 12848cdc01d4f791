"""Issue 11, the closing test: the whole path in Chromium for a new family of three persons (two
children and their mother), from referral to closing, as a caseworker (Børn og Familie), the
jobcentre and the coordinator, with a plan step owned by a department that has no user in the
team (Kultur og Fritid). Forms are filled by their labels as a user would; every page visited is
checked with axe-core (serious or critical violations) and no response may be a server error."""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, Response, expect

from accounts.models import Department
from assessment.instruments import load_instruments
from families.models import Family
from screening.services import housing_areas
from tests.e2e.browser import log_in
from tests.e2e.conftest import serious_violations
from tests.factories import DepartmentFactory
from tests.screening.conftest import AREA_ROWS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/full_path")


@dataclass
class Walk:
    """The browser page with what every visit is checked for."""

    page: Page
    axe: Axe
    base: str
    server_errors: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("response", self._response)

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

    def check(self, shot: str = "") -> None:
        """The page as it is now: no server error so far, axe clean; a screenshot if named."""
        self.page.wait_for_load_state()
        assert self.server_errors == []
        assert serious_violations(self.axe, self.page) == [], self.page.url
        self.checked.append(self.page.url)
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)

    def go(self, path: str, shot: str = "") -> None:
        self.page.goto(f"{self.base}{path}")
        self.check(shot)

    def log_in(self, username: str) -> None:
        self.page.context.clear_cookies(name="sessionid")
        log_in(self.page, self.base, username)
        self.check()

    def button(self, name: str | re.Pattern[str], within: Locator | None = None) -> None:
        (within or self.page.locator("main")).get_by_role("button", name=name).click()
        self.check()


def label(scope: Page | Locator, text: str) -> Locator:
    """The field whose label starts with the text (a label may end in '(valgfrit)')."""
    return scope.get_by_label(re.compile(rf"^{re.escape(text)}"))


def born(years: int, days: int = 30) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - dt.timedelta(days=days)).isoformat()


def test_new_family_from_referral_to_closing(
    page: Page, live_server, caseworker, other_department_user, coordinator, nordby, axe
):
    housing_areas.import_housing_areas(rows=AREA_ROWS)
    load_instruments()
    # Kultur og Fritid: a department of the municipality with no user in the core team.
    culture = DepartmentFactory(
        municipality=nordby.municipality,
        name="Kultur og Fritid",
        kind=Department.Kind.CULTURE_LEISURE,
    )
    walk = Walk(page=page, axe=axe, base=live_server.url)

    # --- The caseworker registers the referral: a boy, his sister and their mother. ---------
    walk.log_in("caseworker")
    expect(page).to_have_url(re.compile(r"/work/$"))
    page.get_by_role("link", name="Ny henvisning").first.click()
    expect(page).to_have_url(re.compile(r"/screening/referrals/create/$"))
    walk.check()
    label(page, "Familiens navn").fill("Rahimi")
    label(page, "Kilde").select_option("school")
    label(page, "Henvist af").fill("Nordby Skole, skoleleder")
    label(page, "Bekymringen").fill("Højt fravær; ses med ældre unge ved stationen om aftenen.")
    people = [
        ("target_child", "Ali", born(15), "Ravnsbjergvej 4, 1. th."),
        ("target_child", "Sara", born(12), "Ravnsbjergvej 4, 1. th."),
        ("parent", "Leila", "1984-02-03", "Ravnsbjergvej 4, 1. th."),
    ]
    for index, (role, first, birth, address) in enumerate(people, start=1):
        if index > 1:
            page.get_by_role("button", name="Tilføj en person").click()
        person = page.locator(f"#person-{index}")
        expect(person).to_be_visible()
        label(person, "Rolle i familien").select_option(role)
        label(person, "Fornavn").fill(first)
        label(person, "Efternavn").fill("Rahimi")
        label(person, "Fødselsdato").fill(birth)
        label(person, "Adresse").fill(address)
        label(person, "Herkomst").select_option("descendant_non_western")
        if role == "parent":
            label(person, "Har forældremyndighed").check()
    walk.check("01-referral-form")
    page.get_by_role("button", name="Registrér henvisning").click()
    expect(page).to_have_url(re.compile(r"/screening/referrals/\d+/$"))
    walk.check("02-referral")
    family = Family.objects.get(name__contains="Rahimi")
    members = {m.first_name: m for m in family.members.all()}
    assert set(members) == {"Ali", "Sara", "Leila"}
    ali, sara, leila = members["Ali"], members["Sara"], members["Leila"]
    referral = family.referrals.get()

    # --- Screening: the computed criteria are filled in; judge the other two per child. ------
    page.get_by_role("link", name="Screen henvisningen").click()
    expect(page).to_have_url(re.compile(r"/screening/$"))
    walk.check()
    for child in (ali, sara):
        box = page.locator("fieldset", has_text=child.full_name)
        for criterion in ("Tegn på bandesocialiseret", "Relation til et eller flere"):
            label(box, criterion).select_option(label="Opfyldt")
        for why in box.get_by_label(re.compile("^Begrundelse")).all():
            why.fill("Set med gruppen ved stationen; en fætter er kendt af politiet.")
    walk.check("03-screening")
    walk.button("Gem screeningen")
    expect(page).to_have_url(re.compile(rf"/screening/referrals/{referral.pk}/$"))

    # --- Visitation: the coordinator registers today's meeting in place and includes. -------
    walk.log_in("coordinator")
    walk.go(f"/screening/referrals/{referral.pk}/")
    page.get_by_role("link", name="Registrér visitationsafgørelsen").click()
    expect(page).to_have_url(re.compile(r"/decide/$"))
    walk.check()
    section = page.locator("#meeting-section")
    if section.locator("summary").count():
        section.locator("summary").first.click()
    section.get_by_label(str(coordinator)).check()
    section.get_by_label(str(caseworker)).check()
    section.get_by_role("button", name="Registrér mødet").click()
    expect(page.locator(".meeting-status")).to_contain_text("valgt til afgørelsen")
    page.get_by_role("radio", name="Optag").check()
    walk.check("04-decision")
    walk.button("Registrér afgørelsen")
    expect(page).to_have_url(re.compile(rf"/screening/referrals/{referral.pk}/$"))
    family.refresh_from_db()
    assert family.status == Family.Status.AWAITING_CONSENT

    # --- Consent from the mother, covering four departments, Kultur og Fritid among them. ---
    page.get_by_role("link", name="Registrér samtykke").first.click()
    walk.check()
    label(page, "Leila Rahimi").check()
    for department in (
        nordby.children_family,
        nordby.employment,
        nordby.social,
        culture,
    ):
        page.get_by_label(department.name).check()
    walk.button("Gem samtykke")
    family.refresh_from_db()
    assert family.status == Family.Status.INCLUDED
    walk.check("05-family-included")

    # --- The assessment, six parts, by the caseworker. ----------------------------------------
    walk.log_in("caseworker")
    walk.go(f"/families/{family.pk}/")
    page.locator("main").get_by_role("link", name="Udredning", exact=True).first.click()
    walk.check()
    walk.button("Start udredningen")
    expect(page).to_have_url(re.compile(rf"/assessment/families/{family.pk}/\d+/$"))
    root = page.url.removeprefix(walk.base)

    def mark_done() -> None:
        walk.button("Markér denne del som færdig")
        expect(page.get_by_role("button", name="Markér denne del som færdig")).to_have_count(0)

    # 1. Basic data: the children's school and the mother's employment are required gaps.
    walk.go(f"{root}basic-data/")
    for member, field_label, value, school in (
        (ali, "Skole/uddannelse", "primary_school", "Nordby Skole"),
        (sara, "Skole/uddannelse", "primary_school", "Nordby Skole"),
        (leila, "Beskæftigelse/forsørgelse", "public_benefit", ""),
    ):
        page.locator(f"a[href$='/basic-data/{member.pk}/edit/']").click()
        walk.check()
        label(page, field_label).select_option(value)
        if school:
            label(page, "Skole, uddannelsessted eller arbejdsplads").fill(school)
        walk.button("Gem")
        expect(page).to_have_url(re.compile(r"/basic-data/$"))
    expect(page.locator(".gap--required")).to_have_count(0)
    mark_done()

    # 2. Journal review.
    walk.go(f"{root}journal/")
    label(page, "Vedrører").select_option(label=ali.full_name)
    label(page, "Kildeforvaltning").select_option(label=nordby.children_family.name)
    label(page, "Dokumenttype").select_option("investigation")
    label(page, "Dokumentets dato").fill(born(0, days=200))
    label(page, "Resumé").fill("Børnefaglig undersøgelse: uro i hjemmet, skolefravær.")
    walk.button("Gem notat")
    expect(page.locator("article.note")).to_contain_text("uro i hjemmet")
    mark_done()

    # 3. Timeline: two rows.
    walk.go(f"{root}timeline/add/")
    for row, (member, kind, start, text) in enumerate(
        [
            (ali, "event:arrest", born(0, days=300), "Anholdt ved stationen"),
            (leila, "measure:family_treatment", born(2), "Familiehuset"),
        ],
        start=1,
    ):
        page.get_by_label(f"Hvem, række {row}", exact=True).select_option(label=member.full_name)
        page.get_by_label(f"Indsats eller begivenhed, række {row}", exact=True).select_option(kind)
        page.get_by_label(f"Dato eller start, række {row}", exact=True).fill(start)
        page.get_by_label(f"Beskrivelse, række {row}", exact=True).fill(text)
    walk.button("Gem alle rækker")
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    mark_done()

    # 4. Risk and need for both children.
    for child in (ali, sara):
        walk.go(f"{root}risk/")
        page.locator(f"a[href$='/risk/{child.pk}/']").first.click()
        walk.check()
        scores = page.locator("form.risk-form input[type=number]")
        for score in scores.all():
            score.fill("2")
        walk.button("Gem og beregn niveauet")
        expect(page).to_have_url(re.compile(r"/risk/$"))
    mark_done()

    # 5. The overall assessment with a concern level per child.
    walk.go(f"{root}overall/")
    label(page, "Kerneteammøde").fill(born(0, days=3))
    page.get_by_label(str(caseworker)).check()
    label(page, "Familiens behov").fill("Faste voksne og en meningsfuld fritid.")
    label(page, "Familiens ressourcer").fill("Mor er motiveret.")
    label(page, "Familiens udfordringer").fill("Ældre venner, skolefravær.")
    label(page, "Aftalte prioriteringer").fill("Skolen og fritiden først.")
    label(page, f"Bekymringsniveau: {ali.full_name}").select_option("3")
    label(page, f"Bekymringsniveau: {sara.full_name}").select_option("2")
    walk.button("Gem")
    expect(page).to_have_url(re.compile(r"/overall/$"))
    mark_done()

    # 6. The family meeting.
    walk.go(f"{root}meeting/")
    label(page, "Mødedato").fill(born(0, days=1))
    label(page, "Deltagere").fill("Leila, Ali, Sara, familiekoordinator")
    label(page, "Gennemgang af risikovurdering og tidslinje").fill("Vi gennemgik tidslinjen.")
    label(page, "Familiens eget syn").fill("»Vi vil have én, der ved det hele.«")
    label(page, "Ønsker og drømme med familiens egne ord").fill("»At Ali kommer i lære.«")
    walk.button("Gem")
    expect(page).to_have_url(re.compile(r"/meeting/$"))
    mark_done()

    walk.go(root, "06-assessment")
    walk.button("Afslut og lås udredningen")
    expect(page.get_by_role("button", name="Afslut og lås udredningen")).to_have_count(0)
    walk.check()

    # --- The plan: goals for Ali and his mother, steps, one owned by Kultur og Fritid. --------
    page.locator("main").get_by_role("link", name="Handleplan", exact=True).first.click()
    walk.check()
    walk.button(re.compile("^Start planen ud fra udredningens version"))
    expect(page).to_have_url(re.compile(rf"/plans/families/{family.pk}/$"))
    plan_path = f"/plans/families/{family.pk}/"
    page.get_by_role("link", name="Tilføj et mål").first.click()
    walk.check()
    # Only the departments the consent covers are offered (issue 11, item 1).
    offered = label(page, "Ansvarlig forvaltning").locator("option").all_inner_texts()
    assert "Kultur og Fritid" in offered
    assert nordby.children_family.name in offered
    assert nordby.school.name not in offered
    label(page, "For").select_option(label=ali.full_name)
    label(page, "Ansvarlig forvaltning").select_option(label=nordby.children_family.name)
    label(page, "Målet med familiens ord").fill("Ali går i skole hver dag og går til fodbold")
    label(page, "Faglig formulering").fill("Fremmøde over 90 %; fast fritidsaktivitet")
    walk.button("Gem")
    expect(page).to_have_url(re.compile(rf"{plan_path}$"))
    page.get_by_role("link", name="Tilføj et mål").first.click()
    label(page, "For").select_option(label=leila.full_name)
    label(page, "Ansvarlig forvaltning").select_option(label=nordby.employment.name)
    label(page, "Målet med familiens ord").fill("Leila får et arbejde")
    walk.button("Gem")
    ali_goal = family.action_plans.get().goals.get(member=ali)
    leila_goal = family.action_plans.get().goals.get(member=leila)

    def add_step(goal_pk: int, what: str, days: int, **owner: str) -> None:
        walk.go(f"{plan_path}goals/{goal_pk}/steps/add/")
        label(page, "Hvad").fill(what)
        label(page, "Hvornår").fill((timezone.localdate() + dt.timedelta(days=days)).isoformat())
        if "professional" in owner:
            label(page, "Hvem (fagperson)").select_option(label=owner["professional"])
        if "department" in owner:
            label(page, "Forvaltning").select_option(label=owner["department"])
        if "member" in owner:
            label(page, "Hvem (familiemedlem)").select_option(label=owner["member"])
        walk.button("Gem")
        expect(page).to_have_url(re.compile(rf"{plan_path}$"))
        expect(page.locator("main")).to_contain_text(what)

    # A step for a department with no user in the team (Kultur og Fritid). A step needs a
    # professional of the team as well: the coordinator keeps in touch with the club's contact.
    add_step(
        ali_goal.pk,
        "Ali starter til fodbold i Nordby IF",
        30,
        professional=str(coordinator),
        department="Kultur og Fritid",
    )
    # A professional without a department: the department is derived from the person (item 2).
    add_step(ali_goal.pk, "Møde med skolen om fremmødet", 14, professional=str(caseworker))
    steps = {step.what: step for step in ali_goal.steps.all()}
    assert steps["Ali starter til fodbold i Nordby IF"].owner_department == culture
    assert steps["Møde med skolen om fremmødet"].owner_department == nordby.children_family
    walk.go(plan_path)
    walk.button("Aktivér planen")
    walk.check("07-plan-active")

    # The jobcentre adds its own step to the mother's goal.
    walk.log_in("jobcentre")
    walk.go(plan_path)
    add_step(
        leila_goal.pk,
        "Samtale i jobcentret om praktik",
        21,
        professional=str(other_department_user),
    )

    # Three months on (the plan's start moved back; save() keeps the queue date in step).
    plan = family.action_plans.get()
    plan.started_on = timezone.localdate() - dt.timedelta(days=100)
    plan.save(update_fields=["started_on"])

    # --- The caseworker's day: the reassessment and the measurement due on "my work". -------
    walk.log_in("caseworker")
    expect(page).to_have_url(re.compile(r"/work/$"))
    work = page.locator("main")
    expect(work).to_contain_text("Måling")
    expect(work.locator("tr", has_text="Måling")).to_contain_text("Rahimi")
    expect(work.locator("tr", has_text="Revurdering")).to_contain_text("Rahimi")
    walk.check("08-my-work")

    # --- The coordinator starts the reassessment from the queue. -----------------------------
    walk.log_in("coordinator")
    walk.go("/plans/queue/")
    queue_row = page.locator("table").first.locator("tr", has_text="Rahimi")
    expect(queue_row).to_contain_text("Overskredet")
    queue_row.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/reassessments/\d+/$"))
    walk.check()
    reassessment_path = page.url.removeprefix(walk.base)
    # The page says up front which confirmations are missing and from whom.
    missing = page.locator("#missing-confirmations")
    expect(missing).to_contain_text(nordby.children_family.name)
    expect(missing).to_contain_text(nordby.employment.name)
    expect(missing.locator("li", has_text="Kultur og Fritid")).to_contain_text(
        "Ingen i kerneteamet arbejder i denne afdeling"
    )
    label(page, "Mødedato").fill(timezone.localdate().isoformat())
    page.get_by_role("radio", name="Mindre").check()
    label(page, "Fremskridt: Ali går i skole").fill("Fremmøde steget til 85 %")
    label(page, "Fremskridt: Leila får et arbejde").fill("Praktik aftalt")
    walk.button("Gem")
    # On Kultur og Fritid's behalf, with a reason: a reason is required.
    behalf = page.locator("tr", has_text="Kultur og Fritid")
    behalf.locator("summary").click()
    behalf.get_by_role("button", name="Bekræft for Kultur og Fritid").click()
    walk.check()
    expect(page.locator("main")).to_contain_text("Hvorfor du bekræfter for afdelingen")
    behalf = page.locator("tr", has_text="Kultur og Fritid")
    label(behalf, "Hvorfor du bekræfter for afdelingen").fill(
        "Aftalt i telefonen med Nordby IF's træner og Kultur og Fritid den 28. november."
    )
    behalf.get_by_role("button", name="Bekræft for Kultur og Fritid").click()
    walk.check("09-reassessment-on-behalf")
    # Danish has no "'s": "Kultur og Fritid' del" read wrong; the department's name stays whole.
    expect(page.locator(".messages")).to_contain_text(
        "Delen for Kultur og Fritid er bekræftet på forvaltningens vegne."
    )
    expect(page.locator("tr", has_text="Kultur og Fritid")).to_contain_text("Aftalt i telefonen")

    # The two departments with people in the team confirm their own parts.
    for username in ("caseworker", "jobcentre"):
        walk.log_in(username)
        walk.go(reassessment_path)
        walk.button("Bekræft vores del")
    walk.log_in("coordinator")
    walk.go(reassessment_path)
    expect(page.locator("#missing-confirmations")).to_have_count(0)
    walk.button("Gennemfør revurderingen")
    expect(page).to_have_url(re.compile(rf"{plan_path}$"))
    item = plan.reassessments.get()
    assert item.status == item.Status.COMPLETED
    walk.check("10-plan-after-reassessment")

    # --- Closing: the plan (goals achieved) and with it the family. --------------------------
    page.get_by_role("link", name="Afslut planen").click()
    walk.check()
    expect(page.get_by_role("radio", name="Mål nået")).not_to_be_checked()
    page.get_by_role("radio", name="Mål nået").check()
    for criterion in (
        "Familiens egne mål er nået eller overdraget",
        "Barnets skolegang eller uddannelse er stabil",
        "Igangværende tilbud er afsluttet eller overdraget til almindelige indsatser",
    ):
        page.get_by_label(criterion).check()
    label(page, "Dato for efterværnstjek").fill(
        (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    )
    walk.button("Gem")
    expect(page).to_have_url(re.compile(rf"{plan_path}$"))
    walk.check("11-plan-closed")
    expect(page.locator("main")).not_to_contain_text("I gang")
    family.refresh_from_db()
    assert family.status == Family.Status.CLOSED
    assert {goal.status for goal in plan.goals.all()} == {"achieved"}
    walk.go(f"/families/{family.pk}/", "12-family-closed")
    expect(page.locator("#status-heading + p")).to_contain_text("Afsluttet")
    walk.go(f"/families/{family.pk}/history/")
    walk.go(f"{plan_path}history/")
    walk.go("/work/")
    assert walk.server_errors == []


def test_the_on_behalf_message_reads_as_danish() -> None:
    """The message after confirming for a department: a name is not made genitive with "'"."""
    with translation.override("da"):
        text = gettext("%(department)s's part is confirmed on its behalf.") % {
            "department": "Kultur og Fritid"
        }
    assert text == "Delen for Kultur og Fritid er bekræftet på forvaltningens vegne."
