"""Lindberg, Nordby: the school's referral does not meet the national criteria.

Family: rejected. Referral: screened, rejected at visitation.
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
    Traits,
)
from demo.organisation import (
    NORDBY,
)


def write_record(case: Case) -> None:
    danish: Traits = {"origin": Origin.DANISH, "languages": "Dansk"}
    case.member(
        "mor",
        Role.PARENT,
        "Tina",
        "Lindberg",
        age=39,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        education_status=Education.HIGHER,
        support_status=Support.EMPLOYED,
        traits=danish,
    )
    case.member(
        "far",
        Role.PARENT,
        "Jesper",
        "Lindberg",
        age=41,
        gender=Gender.MALE,
        is_custody_holder=True,
        education_status=Education.VOCATIONAL,
        support_status=Support.EMPLOYED,
        traits=danish,
    )
    case.member(
        "oliver",
        Role.TARGET_CHILD,
        "Oliver",
        "Lindberg",
        age=11,
        gender=Gender.MALE,
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=danish,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        85,
        "Ringede til Tina om skolens henvendelse.",
        with_=["mor"],
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        75,
        "Afklarende samtale med Tina og Jesper.",
        with_=["mor", "far"],
    )
    case.move("coordinator", Status.SCREENING)
    case.move(
        "coordinator",
        Status.REJECTED,
        reason="Kriterierne er ikke opfyldt: ingen tegn på risikoadfærd i grupper eller "
        "relation til bandemiljøet, og familien bor ikke i et udsat boligområde. Henvist til "
        "Børn og Familie's rådgivning og SSP's forebyggende tilbud på skolen.",
    )


FAMILY = DemoFamily(
    name="Lindberg",
    municipality=NORDBY,
    housing_area="Bakkely",
    address="Bakkelyvej 17",
    notes="Henvist af skolen på grund af Olivers vrede og slåskampe i frikvartererne.",
    record=write_record,
    referral=ReferralStory(Source.SCHOOL, "Bakkely Skole, AKT-lærer", 1, outcome=Outcome.REJECT),
)
