"""Chahine, Nordby: the young man of 19 decides for himself and wants time to think.

Family: awaiting consent. Referral: through the network of a young person in the programme,
included.
"""

from __future__ import annotations

from demo.builder import (
    Case,
    DemoFamily,
    Education,
    Gender,
    Kind,
    Origin,
    Outcome,
    ReferralStory,
    Role,
    Source,
    Status,
    Support,
)
from demo.organisation import (
    NORDBY,
)


def write_record(case: Case) -> None:
    case.member(
        "mor",
        Role.PARENT,
        "Pia",
        "Chahine",
        age=46,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        origin=Origin.DANISH,
        languages="Dansk",
        school_or_workplace="Social- og sundhedshjælper",
        education_status=Education.VOCATIONAL,
        support_status=Support.EMPLOYED,
    )
    case.member(
        "far",
        Role.PARENT,
        "Rami",
        "Chahine",
        age=49,
        gender=Gender.MALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Arabisk, dansk",
        lives_in_household=False,
        address="Havnegade 40, 3. tv.",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.UNKNOWN,
    )
    # One parent is a Danish citizen born in Denmark, so Statistics Denmark counts the children
    # as of Danish origin.
    case.member(
        "karim",
        Role.TARGET_CHILD,
        "Karim",
        "Chahine",
        age=19,
        gender=Gender.MALE,
        origin=Origin.DANISH,
        languages="Dansk, arabisk",
        education_status=Education.NONE,
        support_status=Support.PUBLIC_BENEFIT,
    )
    case.member(
        "sofie",
        Role.SIBLING,
        "Sofie",
        "Chahine",
        age=11,
        gender=Gender.FEMALE,
        origin=Origin.DANISH,
        languages="Dansk",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        44,
        "Ringede til Pia om henvisningen.",
        with_=["mor"],
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        40,
        "Møde med Karim på biblioteket.",
        with_=["karim"],
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        30,
        "Sms med Karim: han kommer gerne igen.",
        with_=["karim"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        18,
        "Hjemmebesøg: gennemgik samtykkeerklæringen. Karim vil tænke over det til næste uge.",
        with_=["mor", "karim", "sofie"],
    )
    case.contact(
        "jobcentre",
        Kind.PRACTICAL_HELP,
        8,
        "Hjalp Karim med at booke tid om uddannelseshjælp.",
        with_=["karim"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)


FAMILY = DemoFamily(
    name="Chahine",
    municipality=NORDBY,
    housing_area="Nørremarken",
    address="Nørremarksvej 31",
    notes="Henvist via netværket omkring en ung, der allerede er i forløb.",
    record=write_record,
    referral=ReferralStory(
        Source.NETWORK, "Kerneteamet (netværk om ung i forløb)", 2, outcome=Outcome.INCLUDE
    ),
)
