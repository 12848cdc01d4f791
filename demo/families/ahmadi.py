"""Ahmadi, Nordby: a police concern passed on through SSP.

Family: in screening. Referral: screened, waiting for visitation.
"""

from __future__ import annotations

from demo.builder import (
    Case,
    DemoFamily,
    Education,
    Gender,
    Kind,
    Origin,
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
        "far",
        Role.PARENT,
        "Farid",
        "Ahmadi",
        age=50,
        gender=Gender.MALE,
        is_custody_holder=True,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Dari, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        school_or_workplace="Køkkenmedhjælper",
    )
    case.member(
        "mor",
        Role.PARENT,
        "Zahra",
        "Ahmadi",
        age=46,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Dari",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
    )
    case.member(
        "omid",
        Role.TARGET_CHILD,
        "Omid",
        "Ahmadi",
        age=17,
        gender=Gender.MALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Dansk, dari",
        school_or_workplace="FGU Nordby (højt fravær)",
        education_status=Education.FGU,
        support_status=Support.IN_EDUCATION,
    )
    case.member(
        "navid",
        Role.SIBLING,
        "Navid",
        "Ahmadi",
        age=13,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, dari",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        20,
        "Første hjemmebesøg med tolk: fortalte om kerneteamet. Familien vil gerne høre mere.",
        with_=["far", "mor", "omid"],
    )
    case.contact(
        "nordby.ssp",
        Kind.INFORMAL_TALK,
        12,
        "Snak med Omid i ungdomsklubben.",
        with_=["omid"],
        hour=19,
    )
    case.move("coordinator", Status.SCREENING)


FAMILY = DemoFamily(
    name="Ahmadi",
    municipality=NORDBY,
    housing_area="Ravnsbjerg Syd",
    address="Ravnsbjergvej 8, 1. tv.",
    notes="Politiet har via SSP meldt bekymring: Omid er flere gange stoppet sammen med en kendt "
    "gruppering ved stationen.",
    record=write_record,
    referral=ReferralStory(Source.POLICE, "Nordby Politi via SSP", 3),
)
