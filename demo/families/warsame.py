"""Warsame, Nordby: referred this week by the housing social worker; no consent yet.

Family: referred. Referral: open, not screened yet.
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
    Support,
)
from demo.organisation import (
    NORDBY,
)


def write_record(case: Case) -> None:
    case.member(
        "mor",
        Role.PARENT,
        "Hodan",
        "Warsame",
        age=38,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Somali",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
    )
    case.member(
        "abdi",
        Role.TARGET_CHILD,
        "Abdirahman",
        "Warsame",
        age=14,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, somali",
        school_or_workplace="Kildeparkens Skole, 8. klasse",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.member(
        "ifrah",
        Role.SIBLING,
        "Ifrah",
        "Warsame",
        age=9,
        gender=Gender.FEMALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, somali",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        5,
        "Ringede til Hodan via tolk og aftalte et første møde.",
        with_=["mor"],
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        2,
        "Sms til Hodan med tid og sted for mødet på torsdag.",
        with_=["mor"],
    )


FAMILY = DemoFamily(
    name="Warsame",
    municipality=NORDBY,
    housing_area="Kildeparken",
    address="Kildeparken 12, 4. th.",
    notes="Henvist af den boligsociale medarbejder: Abdirahman ses sent om aftenen med ældre "
    "unge ved centret.",
    record=write_record,
    referral=ReferralStory(
        Source.HOUSING_SOCIAL_WORKER, "Boligsocial medarbejder, Kildeparken", 1, screened=False
    ),
)
