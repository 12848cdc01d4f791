"""El-Amin, Nordby: the father withdrew the family's consent.

Family: withdrawn. Referral: from the police, included.
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
    Traits,
)
from demo.organisation import (
    BOERN,
    FRITID,
    NORDBY,
    SKOLE,
    SSP,
)
from families.services import consents


def write_record(case: Case) -> None:
    parents: Traits = {"origin": Origin.IMMIGRANT_NON_WESTERN, "is_custody_holder": True}
    children: Traits = {"origin": Origin.DESCENDANT_NON_WESTERN, "languages": "Dansk, arabisk"}
    case.member(
        "far",
        Role.PARENT,
        "Youssef",
        "El-Amin",
        age=51,
        gender=Gender.MALE,
        languages="Arabisk, fransk, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.SELF_SUPPORTING,
        school_or_workplace="Egen kiosk",
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Samira",
        "El-Amin",
        age=45,
        gender=Gender.FEMALE,
        languages="Arabisk, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.SELF_SUPPORTING,
        traits=parents,
    )
    case.member(
        "bilal",
        Role.TARGET_CHILD,
        "Bilal",
        "El-Amin",
        age=17,
        gender=Gender.MALE,
        education_status=Education.UPPER_SECONDARY,
        support_status=Support.IN_EDUCATION,
        school_or_workplace="HF, 1. år",
        traits=children,
    )
    case.member(
        "nour",
        Role.SIBLING,
        "Nour",
        "El-Amin",
        age=12,
        gender=Gender.FEMALE,
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        300,
        "Hjemmebesøg om politiets bekymring for Bilal.",
        with_=["far", "mor", "bilal"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "caseworker",
        280,
        given_by=["far", "mor"],
        departments=[BOERN, SSP, SKOLE, FRITID],
    )
    case.coordinators("caseworker")
    case.handover(
        "caseworker",
        279,
        BOERN,
        about="bilal",
        case_reference=f"BF-{case.year(320)}-05590",
        former_caseworker="Ole Thrane",
        note="Underretning fra politiet: Bilal anholdt sammen med ældre unge fra Ravnsbjerg.",
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "caseworker",
        270,
        Note.ASSESSMENT,
        "Bilal passer sit HF og har et godt forhold til sine forældre. Bekymringen handler om "
        "nye venner fra Ravnsbjerg.",
        about=["bilal"],
    )
    case.note(
        "caseworker",
        150,
        Note.MEETING,
        "Youssef er utilfreds med, at skolen er blevet inddraget, og vil ikke have flere møder.",
        about=["far"],
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        25,
        "Youssef ringede og sagde, at familien stopper.",
        with_=["far"],
    )
    case.note(
        "caseworker",
        20,
        Note.DECISION,
        "Youssef trækker samtykket tilbage på familiens vegne. Bilals forebyggende sag "
        "fortsætter i Børn og Familie.",
        about=["far", "bilal"],
    )
    for consent in case.family.consents.all():
        consents.withdraw_consent(
            actor=case.staff("caseworker").user,
            consent=consent,
            note="Trukket tilbage af far telefonisk.",
        )
    case.move(
        "coordinator",
        Status.WITHDRAWN,
        reason="Familien har trukket samtykket tilbage. Bilals sag fortsætter i Børn og Familie.",
    )


FAMILY = DemoFamily(
    name="El-Amin",
    municipality=NORDBY,
    housing_area="Ravnsbjerg Syd",
    address="Ravnsbjergvej 19, 2. tv.",
    notes="Underretning fra politiet: Bilal anholdt sammen med ældre unge fra Ravnsbjerg.",
    record=write_record,
    referral=ReferralStory(Source.POLICE, "Nordby Politi", 2, outcome=Outcome.INCLUDE),
)
