"""Screening fixtures: Nordby's housing areas, a referral about a new family and a meeting."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation

from families.models import Member
from families.services import consents
from screening.criteria import GANG_RELATION, GANG_RISK
from screening.models import Referral
from screening.services import housing_areas
from screening.services import referrals as referral_services
from screening.services import screenings as screening_services
from screening.services import visitation as visitation_services

AREA_ROWS = [
    {
        "area": "Ravnsbjerg Syd",
        "municipality": "Nordby",
        "municipality_code": "901",
        "category": "vulnerable",
        "valid_from": "2024-12-01",
        "streets": "Ravnsbjergvej",
    },
    {
        "area": "Nordparken",
        "municipality": "Nordby",
        "municipality_code": "901",
        "category": "prevention",
        "valid_from": "2024-12-01",
        "streets": "Nordparkvej",
    },
]


@pytest.fixture
def areas(nordby):
    housing_areas.import_housing_areas(rows=AREA_ROWS)


def child(first_name="Omar", *, age=15, address="Ravnsbjergvej 4, 1. th.", **fields):
    today = timezone.localdate()
    return {
        "first_name": first_name,
        "last_name": "Hassan",
        "birth_date": today.replace(year=today.year - age, day=1) - dt.timedelta(days=31),
        "origin": Member.Origin.DESCENDANT_NON_WESTERN,
        "address": address,
        **fields,
    }


def register(actor, team, *, name="Hassan", children=None, **fields):
    data = {
        "received_on": timezone.localdate() - dt.timedelta(days=10),
        "source": Referral.Source.SCHOOL,
        "referred_by": "Nordby Skole",
        "concern": "Ses med ældre unge ved stationen.",
        "ssp_level": 2,
        **fields,
    }
    return referral_services.register_referral(
        actor=actor,
        team=team,
        family_name=name,
        new_children=children if children is not None else [child()],
        **data,
    )


def judge_all(referral, actor, *, is_met=True):
    judgements = {
        (member.pk, key): screening_services.Judgement(
            is_met=is_met, justification="Set ved stationen."
        )
        for member in referral.children.all()
        for key in (GANG_RISK, GANG_RELATION)
    }
    return screening_services.save_screening(actor=actor, referral=referral, judgements=judgements)


@pytest.fixture
def referral(nordby, caseworker, areas):
    return register(caseworker, nordby.team)


@pytest.fixture
def meeting(nordby, caseworker, coordinator):
    return visitation_services.record_meeting(
        actor=coordinator,
        team=nordby.team,
        held_on=timezone.localdate(),
        attendees=[caseworker, coordinator],
    )


@pytest.fixture(autouse=True)
def english(client):
    # Messages are asserted in the English source, the language switcher's other choice; Danish
    # is the default (the cookie sets the pages' language, the override the services').
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def consent(family, actor, *departments):
    """Record the custody holders' consent for a family awaiting it (it becomes included)."""
    consents.record_consent(
        actor=actor,
        family=family,
        given_by=[m for m in family.members.all() if m.is_custody_holder],
        departments=departments,
        given_on=timezone.localdate(),
    )
