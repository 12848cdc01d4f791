"""Haddad, Nordby: included at visitation, but the mother declined before giving consent.

Family: withdrawn. Referral: declined (distrust of the municipality).
"""

from __future__ import annotations

import datetime as dt

from demo.builder import (
    DemoFamily,
    Gender,
    Origin,
    Outcome,
    ReferralStory,
    Role,
    Source,
    Status,
    write_referral,
)
from demo.organisation import NORDBY, Organisation
from families.services import cases, members
from screening.models import Decline
from screening.services import follow_up

NAME = "Haddad"


def arrives(organisation: Organisation, today: dt.date) -> None:
    actor = organisation.staff["caseworker"].user
    family = cases.create_family(
        actor=actor, team=organisation.team, name=NAME, housing_area="Kildeparken"
    )
    for role, first, age, custody in (
        (Role.PARENT, "Rania", 44, True),
        (Role.TARGET_CHILD, "Sami", 14, False),
    ):
        members.add_member(
            actor=actor,
            family=family,
            role=role,
            first_name=first,
            last_name=NAME,
            is_custody_holder=custody,
            birth_date=today.replace(year=today.year - age) - dt.timedelta(days=90),
            gender=Gender.FEMALE if custody else Gender.MALE,
            origin=Origin.IMMIGRANT_NON_WESTERN,
            languages="Arabisk",
            needs_interpreter=custody,
            address="Kildeparken 12, st. tv.",
            postal_code=organisation.spec.postal_code,
            city=organisation.municipality.name,
        )
    for status in (Status.SCREENING, Status.AWAITING_CONSENT):
        cases.change_family_status(actor=actor, family=family, to_status=status)
    referral = write_referral(
        family,
        ReferralStory(
            Source.HOUSING_SOCIAL_WORKER, "Boligsocial medarbejder", 2, outcome=Outcome.INCLUDE
        ),
        today,
    )
    follow_up.decline_offer(
        actor=actor,
        referral=referral,
        reason=Decline.Reason.DISTRUST,
        declined_on=today - dt.timedelta(days=2),
        note="Mor ønsker ikke, at flere forvaltninger taler sammen om familien.",
    )


FAMILY = DemoFamily(name=NAME, municipality=NORDBY, housing_area="Kildeparken", arrives=arrives)
