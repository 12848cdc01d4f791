"""Hussein, Sydby: included recently, so `outsider` has a family of their own to open.

Family: included. Referral: from SSP Sydby, included.
"""

from __future__ import annotations

from demo.builder import (
    Case,
    DemoFamily,
    Education,
    Gender,
    Kind,
    Note,
    Origin,
    Outcome,
    ReferralStory,
    Role,
    Source,
    Status,
    Support,
)
from demo.organisation import (
    ALL_DEPARTMENTS,
    SYDBY,
)


def write_record(case: Case) -> None:
    case.member(
        "mor",
        Role.PARENT,
        "Fadumo",
        "Hussein",
        age=40,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Somali, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
    )
    case.member(
        "ayaan",
        Role.TARGET_CHILD,
        "Ayaan",
        "Hussein",
        age=16,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, somali",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.member(
        "hamza",
        Role.SIBLING,
        "Hamza",
        "Hussein",
        age=12,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, somali",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "outsider",
        Kind.HOME_VISIT,
        50,
        "Hjemmebesøg hos Fadumo og Ayaan.",
        with_=["mor", "ayaan"],
    )
    case.move("outsider", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "outsider",
        30,
        given_by=["mor", "ayaan"],
        departments=ALL_DEPARTMENTS,
    )
    case.coordinators("outsider", by="outsider")
    case.note(
        "outsider",
        28,
        Note.MEETING,
        "Første teammøde om familien; udredning planlægges.",
        about=["ayaan"],
    )
    case.contact(
        "outsider",
        Kind.TEXT,
        6,
        "Sms til Ayaan om mødet i klubben.",
        with_=["ayaan"],
    )


FAMILY = DemoFamily(
    name="Hussein",
    municipality=SYDBY,
    housing_area="Strandparken",
    address="Strandparken 6, 2. th.",
    notes="Henvist af SSP efter flere episoder ved stationen.",
    registered_by="outsider",
    record=write_record,
    referral=ReferralStory(Source.SSP, "SSP Sydby", 3, outcome=Outcome.INCLUDE),
)
