"""Every action plan page against every role: families/access.py's rules for plans, as a table.

Each role meets the same Nordby family (Jensen) with an active plan: a goal owned by Børn og Familie
(with a step, an offer, a follow-up and a statutory plan link), a goal the core team owns, and an
open reassessment. The consent covers Børn og Familie and Socialforvaltningen, not the Jobcenter.
The caseworker (Børn og Familie) is the family's primary coordinator. The expected status codes are
written by hand from the rules in the access module's docstring, not computed by calling it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamMembership, User
from actionplans.models import ActionPlan, Goal, PlanOffer, Reassessment, Step
from actionplans.services import follow_ups, goals, offers, plans, reassessments, translations
from actionplans.urls import urlpatterns
from assessment.models import Assessment
from families.models import AccessLogEntry, Family, Member
from families.services import outside_access
from tests.actionplans.conftest import finished_assessment, member, offer_type
from tests.conftest import Organisation, give_consent
from tests.factories import MembershipFactory, UserFactory

OK, MOVED, REDIRECT, DENIED, NOT_FOUND = 200, 301, 302, 403, 404

# Texts of the Børn og Familie part of the plan, and of the core team's part.
CHILDREN_GOAL = "Jonas møder i skole hver dag BFMAAL"
CHILDREN_PROFESSIONAL = "Fremmøde over 90 procent BFFAGLIG"
CHILDREN_STEP = "Morgenopringning BFSKRIDT"
CHILDREN_PROVIDER = "Familiehuset BFLEVERANDOER"
CHILDREN_FOLLOW_UP = "Var i skole fire dage BFOPFOELGNING"
CHILDREN_LINK = "DUBU BFSAGSNR4711"
CORE_GOAL = "Familien spiser sammen KERNEMAAL"
# The Børn og Familie step in the family's language (Arabic, from the family record).
CHILDREN_STEP_ARABIC = "مكالمة صباحية BFOVERSAT"
CHILDREN_STEP_ARABIC_MARK = "BFOVERSAT"
# The family's own goals (the core team's) in Arabic.
FAMILY_GOALS_ARABIC = "نريد صباحا هادئا FAMOVERSAT"
FAMILY_GOALS_ARABIC_MARK = "FAMOVERSAT"
FAMILY_GOALS = "Vi vil have ro om morgenen FAMILIENSMAAL"
CHILDREN_TEXTS = (
    CHILDREN_GOAL,
    CHILDREN_PROFESSIONAL,
    CHILDREN_STEP,
    CHILDREN_PROVIDER,
    CHILDREN_FOLLOW_UP,
    CHILDREN_LINK,
)
CORE_TEXTS = (CORE_GOAL, FAMILY_GOALS)


@dataclass
class World:
    user: User | None
    family: Family
    plan: ActionPlan
    assessment: Assessment
    goal: Goal
    step: Step
    offer: PlanOffer
    reassessment: Reassessment


def _department_worker(nordby: Organisation, kind: str, username: str) -> User:
    user = UserFactory(username=username, municipality=nordby.municipality)
    MembershipFactory(
        user=user,
        team=nordby.team,
        department=getattr(nordby, kind),
        role=TeamMembership.Role.CASEWORKER,
    )
    return user


# Role → how to get that user (None: anonymous).
ROLES: dict[str, Callable[[pytest.FixtureRequest], User | None]] = {
    # A Børn og Familie caseworker on the team, not the family's coordinator.
    "owning_department": lambda r: _department_worker(
        r.getfixturevalue("nordby"), "children_family", "bf_worker"
    ),
    # Socialforvaltningen: another department, covered by the consent.
    "covered_department": lambda r: _department_worker(
        r.getfixturevalue("nordby"), "social", "social_worker"
    ),
    # The Jobcenter: its department is outside the consent.
    "uncovered_department": lambda r: r.getfixturevalue("other_department_user"),
    "family_coordinator": lambda r: r.getfixturevalue("caseworker"),
    "team_lead": lambda r: r.getfixturevalue("coordinator"),
    "outside_grant": lambda r: r.getfixturevalue("outside_caseworker"),
    "other_municipality": lambda r: r.getfixturevalue("outsider"),
    "steering": lambda r: r.getfixturevalue("steering"),
    "evaluator": lambda r: r.getfixturevalue("evaluator"),
    "anonymous": lambda _r: None,
}


def build_world(request: pytest.FixtureRequest, role: str) -> World:
    nordby: Organisation = request.getfixturevalue("nordby")
    family: Family = request.getfixturevalue("family")
    caseworker: User = request.getfixturevalue("caseworker")
    user = ROLES[role](request)
    today = timezone.localdate()

    give_consent(family, caseworker, nordby.children_family, nordby.social)
    family.refresh_from_db()
    # The mother reads Arabic: the family's language for the plan's translations.
    Member.objects.filter(family=family, first_name="Mette").update(
        languages="Arabisk", needs_interpreter=True
    )
    assessment = finished_assessment(family, caseworker)
    plan = plans.start_plan(actor=caseworker, assessment=assessment)
    plans.update_family_goals(actor=caseworker, plan=plan, family_goals=FAMILY_GOALS)
    jonas = member(family, "Jonas")
    goal = goals.add_goal(
        actor=caseworker,
        plan=plan,
        member=jonas,
        department=nordby.children_family,
        family_wording=CHILDREN_GOAL,
        professional_wording=CHILDREN_PROFESSIONAL,
    )
    goals.add_goal(actor=caseworker, plan=plan, member=jonas, family_wording=CORE_GOAL)
    step = goals.add_step(
        actor=caseworker,
        goal=goal,
        what=CHILDREN_STEP,
        due_on=today,
        owner_user=caseworker,
        owner_department=nordby.children_family,
    )
    plans.activate_plan(actor=caseworker, plan=plan)
    translations.save_translations(
        actor=caseworker,
        plan=plan,
        language="ar",
        interpreter="Tolk Nadia",
        interpreted_on=today,
        texts={
            translations.item_key(step): CHILDREN_STEP_ARABIC,
            translations.FAMILY_GOALS: FAMILY_GOALS_ARABIC,
        },
        items=[step],
        family_goals=True,
    )
    offer = offers.add_offer(
        actor=caseworker,
        plan=plan,
        offer_type=offer_type(plan),
        member=jonas,
        goal=goal,
        department=nordby.children_family,
        provider=CHILDREN_PROVIDER,
        start_on=today,
    )
    follow_ups.record_follow_up(
        actor=caseworker,
        plan=plan,
        goal=goal,
        held_on=today,
        with_whom="Jonas",
        progress=CHILDREN_FOLLOW_UP,
        motivation="high",
    )
    offers.add_statutory_link(
        actor=caseworker,
        plan=plan,
        member=jonas,
        kind="child_plan",
        department=nordby.children_family,
        dated_on=today,
        reference=CHILDREN_LINK,
    )
    reassessment = reassessments.start_reassessment(actor=caseworker, plan=plan)
    outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=request.getfixturevalue("outside_caseworker"),
        department=nordby.children_family,
        valid_until=today + dt.timedelta(days=30),
        reason="Skolens trivselsmøde",
    )
    plan.refresh_from_db()
    family.refresh_from_db()
    return World(
        user=user,
        family=family,
        plan=plan,
        assessment=assessment,
        goal=goal,
        step=step,
        offer=offer,
        reassessment=reassessment,
    )


def _plan_url(name: str, *extra: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(f"actionplans:{name}", args=[w.family.pk, *(get(w) for get in extra)])


URLS: dict[str, Callable[[World], str]] = {
    "queue": lambda _w: reverse("actionplans:queue"),
    "notifications": lambda _w: reverse("actionplans:notifications"),
    "plan": _plan_url("plan"),
    "start": _plan_url("start"),
    "family_goals": _plan_url("family_goals"),
    "activate": _plan_url("activate"),
    "goal_add": _plan_url("goal_add"),
    "goal_edit": _plan_url("goal_edit", lambda w: w.goal.pk),
    "step_add": _plan_url("step_add", lambda w: w.goal.pk),
    "step_toggle": _plan_url("step_toggle", lambda w: w.step.pk),
    "translation": _plan_url("translation"),
    "offer_add": _plan_url("offer_add"),
    "offer_end": _plan_url("offer_end", lambda w: w.offer.pk),
    "exemption_add": _plan_url("exemption_add"),
    "statutory_add": _plan_url("statutory_add"),
    "follow_up_add": _plan_url("follow_up_add"),
    "reassess": _plan_url("reassess"),
    "reassessment": _plan_url("reassessment", lambda w: w.reassessment.pk),
    "reassessment_confirm": _plan_url("reassessment_confirm", lambda w: w.reassessment.pk),
    "reassessment_complete": _plan_url("reassessment_complete", lambda w: w.reassessment.pk),
    "reassessment_confirm_on_behalf": _plan_url(
        "reassessment_confirm_on_behalf",
        lambda w: w.reassessment.pk,
        lambda w: w.goal.department_id,
    ),
    "reassessment_new_assessment": _plan_url(
        "reassessment_new_assessment", lambda w: w.reassessment.pk
    ),
    "history": _plan_url("history"),
    "phase_out": _plan_url("phase_out"),
    "close": _plan_url("close"),
    "reopen": _plan_url("reopen"),
    "aftercare": _plan_url("aftercare"),
    "family_pdf": _plan_url("family_pdf", lambda _w: "da"),
    "working_copy": _plan_url("working_copy"),
    "moved": lambda w: f"/plans/family/{w.family.pk}/history/?from=bookmark",
}
NOT_FAMILY_SCOPED = {"queue", "notifications", "moved"}

# The POST-only views, with a body a permitted user would send.
POST_DATA: dict[str, Callable[[World], dict[str, object]]] = {
    "start": lambda w: {"assessment": w.assessment.pk},
    "activate": lambda _w: {},
    "step_toggle": lambda _w: {},
    "reassess": lambda _w: {},
    "reassessment_confirm": lambda _w: {},
    "reassessment_complete": lambda _w: {},
    "reassessment_confirm_on_behalf": lambda w: {
        f"department-{w.goal.department_id}-reason": "Ingen fra afdelingen i kerneteamet"
    },
    "reassessment_new_assessment": lambda _w: {},
    "family_pdf": lambda _w: {},
}

# Where a permitted request is redirected to. The plan is active and the reassessment open, so
# start/activate/complete/new-assessment answer with a message and a redirect, not a change.
REDIRECT_TO: dict[str, Callable[[World], str]] = {
    "start": _plan_url("plan"),
    "activate": _plan_url("plan"),
    "step_toggle": _plan_url("plan"),
    "reassess": _plan_url("reassessment", lambda w: w.reassessment.pk),
    "reassessment_confirm": _plan_url("reassessment", lambda w: w.reassessment.pk),
    "reassessment_complete": _plan_url("reassessment", lambda w: w.reassessment.pk),
    "reassessment_confirm_on_behalf": _plan_url("reassessment", lambda w: w.reassessment.pk),
    "reassessment_new_assessment": _plan_url("reassessment", lambda w: w.reassessment.pk),
    "moved": lambda w: f"/plans/families/{w.family.pk}/history/?from=bookmark",
}

# The owning department's caseworker: reads and changes its department's part and the core
# team's; no phase-out, closing or completing (not a lead, not the family's coordinator).
OWNING_DEPARTMENT = {
    "queue": DENIED,
    "notifications": OK,
    "plan": OK,
    "start": REDIRECT,
    "family_goals": OK,
    "activate": REDIRECT,
    "goal_add": OK,
    "goal_edit": OK,
    "step_add": OK,
    "step_toggle": REDIRECT,
    "translation": OK,
    "offer_add": OK,
    "offer_end": OK,
    "exemption_add": OK,
    "statutory_add": OK,
    "follow_up_add": OK,
    "reassess": REDIRECT,
    "reassessment": OK,
    "reassessment_confirm": REDIRECT,
    "reassessment_complete": DENIED,
    "reassessment_confirm_on_behalf": DENIED,
    "reassessment_new_assessment": REDIRECT,
    "history": OK,
    "phase_out": DENIED,
    "close": DENIED,
    "reopen": DENIED,
    "aftercare": DENIED,
    "family_pdf": OK,
    "working_copy": OK,
    "moved": MOVED,
}
# Another department the consent covers: reads Børn og Familie's part, may not change it.
DEPARTMENT_PART_READ_ONLY = {
    "goal_edit": DENIED,
    "step_add": DENIED,
    "step_toggle": DENIED,
    "offer_end": DENIED,
}
MANAGES = {
    "phase_out": OK,
    "close": OK,
    "reopen": OK,
    "aftercare": OK,
    "reassessment_complete": REDIRECT,
    "reassessment_confirm_on_behalf": REDIRECT,
}


def _everything(status: int) -> dict[str, int]:
    return {name: status for name in URLS if name not in NOT_FAMILY_SCOPED}


EXPECTED: dict[str, dict[str, int]] = {
    "owning_department": OWNING_DEPARTMENT,
    "covered_department": {**OWNING_DEPARTMENT, **DEPARTMENT_PART_READ_ONLY},
    "uncovered_department": {
        **OWNING_DEPARTMENT,
        **DEPARTMENT_PART_READ_ONLY,
        # The core team's content is read by departments the consent covers (and coordinators).
        "family_goals": DENIED,
        "exemption_add": DENIED,
        # Reads neither the core team's texts nor Børn og Familie's: nothing to translate.
        "translation": DENIED,
    },
    "family_coordinator": {**OWNING_DEPARTMENT, **MANAGES},
    "team_lead": {
        **OWNING_DEPARTMENT,
        **DEPARTMENT_PART_READ_ONLY,
        **MANAGES,
        "queue": OK,
    },
    # Reads what the grant's department may read; writes nothing, no history, no working copy.
    "outside_grant": {
        "queue": DENIED,
        "notifications": OK,
        **_everything(DENIED),
        "plan": OK,
        "reassessment": OK,
        "family_pdf": OK,
        "moved": MOVED,
    },
    "other_municipality": {
        "queue": DENIED,
        "notifications": OK,
        **_everything(NOT_FOUND),
        "moved": MOVED,
    },
    "steering": {
        "queue": DENIED,
        "notifications": OK,
        **_everything(DENIED),
        "moved": MOVED,
    },
    "evaluator": {
        "queue": DENIED,
        "notifications": OK,
        **_everything(NOT_FOUND),
        "moved": MOVED,
    },
    "anonymous": dict.fromkeys(URLS, REDIRECT),
}


@dataclass(frozen=True)
class Outcome:
    status: int
    # (outcome, path, family id) of every refusal the request wrote to the access log.
    refusals: tuple[tuple[str, str, int | None], ...] = ()
    location: str = ""


def _expected(world: World, role: str, view: str, status: int) -> Outcome:
    url = URLS[view](world)
    if role == "anonymous":
        return Outcome(status, location=f"{reverse('accounts:login')}?next={_quoted(url)}")
    if status == DENIED:
        family_id = None if view in NOT_FAMILY_SCOPED else world.family.pk
        return Outcome(status, ((AccessLogEntry.Outcome.DENIED, url, family_id),))
    if status == NOT_FOUND:
        return Outcome(status, ((AccessLogEntry.Outcome.NOT_FOUND, url, None),))
    if status in (REDIRECT, MOVED):
        return Outcome(status, location=REDIRECT_TO[view](world))
    return Outcome(status)


def _quoted(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="/")


def _send(client, world: World, view: str):
    url = URLS[view](world)
    return client.post(url, POST_DATA[view](world)) if view in POST_DATA else client.get(url)


def _observe(client, world: World, view: str) -> Outcome:
    """Request one page and undo whatever it changed, so every view meets the same world."""
    with transaction.atomic():
        last_pk = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = _send(client, world, view)
        refusals = AccessLogEntry.objects.filter(
            pk__gt=last_pk,
            outcome__in=[AccessLogEntry.Outcome.DENIED, AccessLogEntry.Outcome.NOT_FOUND],
        ).values_list("outcome", "path", "family_id")
        outcome = Outcome(
            response.status_code, tuple(refusals), response.headers.get("Location", "")
        )
        transaction.set_rollback(True)
    return outcome


def test_the_table_covers_every_plan_url_and_every_role():
    assert set(URLS) == {pattern.name for pattern in urlpatterns}
    assert len(URLS) >= 28
    for role, expected in EXPECTED.items():
        assert set(expected) == set(URLS), role
    assert set(EXPECTED) == set(ROLES)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_access_matrix(db, request, client, role):
    world = build_world(request, role)
    if world.user is not None:
        client.force_login(world.user)

    observed = {view: _observe(client, world, view) for view in URLS}

    assert observed == {
        view: _expected(world, role, view, status) for view, status in EXPECTED[role].items()
    }


@pytest.mark.parametrize("role", ["family_coordinator", "other_municipality"])
def test_post_only_views_refuse_get(db, request, client, role):
    world = build_world(request, role)
    client.force_login(world.user)

    statuses = {view: client.get(URLS[view](world)).status_code for view in POST_DATA}

    assert statuses == dict.fromkeys(POST_DATA, 405)


def test_an_ended_family_takes_no_plan_changes(db, request, client):
    """Writes go through can_change_case_content: nothing changes on a closed family's plan."""
    world = build_world(request, "family_coordinator")
    Family.objects.filter(pk=world.family.pk).update(status=Family.Status.CLOSED)
    client.force_login(world.user)

    statuses = {
        view: _send(client, world, view).status_code
        for view in (
            "start",
            "family_goals",
            "activate",
            "goal_add",
            "goal_edit",
            "step_add",
            "step_toggle",
            "translation",
            "offer_add",
            "offer_end",
            "exemption_add",
            "statutory_add",
            "follow_up_add",
            "reassess",
            "reassessment_confirm",
            "reassessment_complete",
            "reassessment_confirm_on_behalf",
            "reassessment_new_assessment",
        )
    }

    assert statuses == dict.fromkeys(statuses, DENIED)
    assert client.get(URLS["plan"](world)).status_code == OK  # still readable


# --- What each role reads of the plan -----------------------------------------------------------


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Table cells wrap; right-to-left runs come with embedding marks. Neither is the text.
    return " ".join(text.replace("\u202b", "").replace("\u202c", "").split())


def _everything_shown(client, world: World, tmp_path) -> dict[str, str]:
    """The text of every page, form, partial and PDF that shows the plan, by name."""
    shown = {}
    for view in (
        "plan",
        "history",
        "reassessment",
        "offer_add",
        "follow_up_add",
        "goal_add",
        "statutory_add",
        "close",
    ):
        response = client.get(URLS[view](world))
        shown[view] = response.content.decode() if response.status_code == OK else ""
    shown["follow_up_from_goal"] = client.get(
        URLS["follow_up_add"](world) + f"?goal={world.goal.pk}&offer={world.offer.pk}"
    ).content.decode()
    for language in ("da", "en", "ar", "tr", "so"):
        url = reverse("actionplans:family_pdf", args=[world.family.pk, language])
        response = client.post(url)
        shown[f"pdf_{language}"] = (
            _pdf_text(response.content, tmp_path) if response.status_code == OK else ""
        )
    response = client.get(URLS["working_copy"](world))
    shown["working_copy"] = (
        _pdf_text(response.content, tmp_path) if response.status_code == OK else ""
    )
    return shown


def _found(shown: dict[str, str], texts: tuple[str, ...]) -> dict[str, list[str]]:
    return {where: [t for t in texts if t in text] for where, text in shown.items()}


def test_the_department_outside_the_consent_reads_nothing_of_another_departments_part(
    db, request, client, tmp_path
):
    world = build_world(request, "uncovered_department")
    client.force_login(world.user)

    shown = _everything_shown(client, world, tmp_path)

    hidden = (*CHILDREN_TEXTS, *CORE_TEXTS, CHILDREN_STEP_ARABIC_MARK, FAMILY_GOALS_ARABIC_MARK)
    assert _found(shown, hidden) == {where: [] for where in shown}
    # The pages were shown (not refused): the texts are missing because they are filtered out.
    assert "Goals per member" in shown["plan"] and "%PDF" not in shown["pdf_da"]
    assert shown["pdf_so"] and shown["working_copy"] and shown["history"]


def test_the_family_coordinator_reads_every_part(db, request, client, tmp_path):
    world = build_world(request, "family_coordinator")
    client.force_login(world.user)

    shown = _everything_shown(client, world, tmp_path)

    assert [t for t in CHILDREN_TEXTS + CORE_TEXTS if t not in shown["plan"]] == []
    assert [t for t in CHILDREN_TEXTS + CORE_TEXTS if t not in shown["working_copy"]] == []
    for language in ("da", "en", "ar", "tr", "so"):
        # The step was translated into Arabic: the Arabic PDF prints the translation instead.
        step = CHILDREN_STEP_ARABIC_MARK if language == "ar" else CHILDREN_STEP
        family_goals = FAMILY_GOALS_ARABIC_MARK if language == "ar" else FAMILY_GOALS
        for text in (CHILDREN_GOAL, step, CORE_GOAL, family_goals):
            assert text in shown[f"pdf_{language}"], (language, text)
    assert CHILDREN_STEP not in shown["pdf_ar"] and FAMILY_GOALS not in shown["pdf_ar"]
    assert CHILDREN_GOAL in shown["history"] and CHILDREN_STEP in shown["history"]
    assert CHILDREN_GOAL[:40] in shown["offer_add"] and CHILDREN_GOAL[:40] in shown["reassessment"]
    assert CHILDREN_GOAL[:40] in shown["follow_up_add"]


def test_an_outside_grant_reads_its_departments_part_but_not_the_core_teams(
    db, request, client, tmp_path
):
    world = build_world(request, "outside_grant")
    client.force_login(world.user)

    shown = _everything_shown(client, world, tmp_path)

    assert CHILDREN_GOAL in shown["plan"] and CHILDREN_GOAL in shown["pdf_da"]
    assert CHILDREN_STEP_ARABIC_MARK in shown["pdf_ar"]
    core = (*CORE_TEXTS, FAMILY_GOALS_ARABIC_MARK)
    assert _found(shown, core) == {where: [] for where in shown}


def test_a_covered_department_reads_the_core_teams_part(db, request, client, tmp_path):
    world = build_world(request, "covered_department")
    client.force_login(world.user)

    page = client.get(URLS["plan"](world)).content.decode()

    assert all(text in page for text in CHILDREN_TEXTS + CORE_TEXTS)
