"""Kristiansen, Sydby: the team is full.

Family: in screening. Referral: from the school, on the wait list.
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
    SYDBY,
)


def write_record(case: Case) -> None:
    danish: Traits = {"origin": Origin.DANISH, "languages": "Dansk"}
    case.member(
        "mor",
        Role.PARENT,
        "Louise",
        "Kristiansen",
        age=35,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=danish,
    )
    case.member(
        "noah",
        Role.TARGET_CHILD,
        "Noah",
        "Kristiansen",
        age=14,
        gender=Gender.MALE,
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=danish,
    )
    case.contact(
        "outsider",
        Kind.CALL,
        9,
        "Ringede til Louise om SSP's henvendelse.",
        with_=["mor"],
    )
    case.move("outsider", Status.SCREENING)


FAMILY = DemoFamily(
    name="Kristiansen",
    municipality=SYDBY,
    housing_area="Strandparken",
    address="Strandparken 21, st. tv.",
    notes="Henvist af skolen; Noah har meget fravær.",
    registered_by="outsider",
    record=write_record,
    referral=ReferralStory(Source.SCHOOL, "Sydby Skole", 2, outcome=Outcome.WAIT_LIST),
)
