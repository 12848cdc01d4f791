"""Action plan fixtures: the Jensen family with a finished assessment, and plan builders."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation

from actionplans.models import ActionPlan, OfferType
from actionplans.services import goals, plans
from assessment.models import Assessment, FamilyMeeting
from families.models import Family, Member
from families.services import cases
from tests.conftest import give_consent


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def member(family: Family, first_name: str) -> Member:
    return Member.objects.get(family=family, first_name=first_name)


def finished_assessment(family: Family, actor) -> Assessment:
    """A finished assessment made directly (the assessment app's own tests cover finishing)."""
    if family.status == Family.Status.INCLUDED:
        cases.change_family_status(actor=actor, family=family, to_status=Family.Status.ASSESSMENT)
    assessment = Assessment.objects.create(
        family=family,
        kind=Assessment.Kind.INITIAL,
        version=1,
        status=Assessment.Status.FINISHED,
        finished_at=timezone.now(),
        finished_by=actor,
        started_by=actor,
    )
    FamilyMeeting.objects.create(
        assessment=assessment, wishes="At Jonas går i skole hver dag og vi spiser sammen."
    )
    return assessment


@pytest.fixture
def consented_family(family: Family, caseworker, nordby) -> Family:
    """Consent covers Børn og Familie, Socialforvaltningen and Jobcenter."""
    give_consent(family, caseworker, nordby.children_family, nordby.social, nordby.employment)
    family.refresh_from_db()
    return family


@pytest.fixture
def assessment(consented_family: Family, caseworker) -> Assessment:
    return finished_assessment(consented_family, caseworker)


@pytest.fixture
def draft_plan(assessment: Assessment, caseworker) -> ActionPlan:
    return plans.start_plan(actor=caseworker, assessment=assessment)


def add_goal(plan: ActionPlan, actor, first_name: str = "Jonas", department=None, **extra):
    return goals.add_goal(
        actor=actor,
        plan=plan,
        member=member(plan.family, first_name),
        family_wording=extra.pop("family_wording", "Gå i skole hver dag"),
        department=department,
        **extra,
    )


def active_plan_for(
    plan: ActionPlan, actor, department, started_on: dt.date | None = None
) -> ActionPlan:
    add_goal(plan, actor, department=department)
    return plans.activate_plan(actor=actor, plan=plan, started_on=started_on)


@pytest.fixture
def active_plan(draft_plan: ActionPlan, caseworker, nordby) -> ActionPlan:
    return active_plan_for(draft_plan, caseworker, nordby.children_family)


def offer_type(plan: ActionPlan, name: str = "Mentor") -> OfferType:
    return OfferType.objects.get(municipality_id=plan.family.municipality_id, name=name)
