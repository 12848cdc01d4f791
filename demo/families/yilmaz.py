"""Yılmaz, Nordby: included three weeks ago; the assessment has not started yet.

Family: included. Referral: from the school, included.
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
    JOB,
    NORDBY,
    SKOLE,
    SSP,
)


def write_record(case: Case) -> None:
    parents: Traits = {"origin": Origin.IMMIGRANT_NON_WESTERN, "is_custody_holder": True}
    children: Traits = {"origin": Origin.DESCENDANT_NON_WESTERN, "languages": "Dansk, tyrkisk"}
    case.member(
        "far",
        Role.PARENT,
        "Erdal",
        "Yılmaz",
        age=45,
        gender=Gender.MALE,
        languages="Tyrkisk, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        school_or_workplace="Sygemeldt",
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Sevgi",
        "Yılmaz",
        age=40,
        gender=Gender.FEMALE,
        languages="Tyrkisk",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.SELF_SUPPORTING,
        traits=parents,
    )
    case.member(
        "emre",
        Role.TARGET_CHILD,
        "Emre",
        "Yılmaz",
        age=13,
        gender=Gender.MALE,
        school_or_workplace="Kildeparkens Skole, 7. klasse",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "elif",
        Role.SIBLING,
        "Elif",
        "Yılmaz",
        age=8,
        gender=Gender.FEMALE,
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "murat",
        Role.OTHER_RELATIVE,
        "Murat",
        "Yılmaz",
        age=34,
        gender=Gender.MALE,
        has_cpr=False,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Tyrkisk, dansk",
        lives_in_household=False,
        address="",
        postal_code="",
        city="Sydby",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        school_or_workplace="Farbror; har eget værksted",
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        70,
        "Ringede til Erdal efter skolens henvendelse.",
        with_=["far"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        60,
        "Hjemmebesøg med tolk; farbror Murat var med.",
        with_=["far", "mor", "emre", "murat"],
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        45,
        "Møde på skolen med Erdal, Emre og klasselæreren.",
        with_=["far", "emre"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "caseworker",
        21,
        given_by=["far", "mor"],
        departments=[BOERN, JOB, SKOLE, SSP, FRITID],
        note="Givet på møde med tolk. Sundhed og Socialforvaltningen er ikke med – familien vil "
        "vente med dem.",
    )
    case.coordinators("caseworker", "jobcentre")
    case.handover(
        "caseworker",
        20,
        SKOLE,
        about="emre",
        case_reference=f"PPR-{case.year(60)}-0871",
        former_caseworker="Skolepsykolog Ida Holt",
        note="Skolen har bedt PPR om en vurdering efter mange konflikter i frikvartererne.",
    )
    case.handover(
        "jobcentre",
        19,
        JOB,
        about="far",
        case_reference=f"JC-SD-{case.year(90)}-3312",
        former_caseworker="Susanne Damgaard",
        note="Erdal er sygemeldt; sygedagpengesagen følges nu fra kerneteamet.",
    )
    case.note(
        "caseworker",
        18,
        Note.MEETING,
        "Første teammøde om familien efter samtykket. Udredning planlægges; Emre først.",
        about=["emre"],
    )
    case.note(
        "nordby.fritid",
        15,
        Note.GENERAL,
        "Emre vil gerne spille fodbold. Kontakt til klubben i Kildeparken.",
        about=["emre"],
    )
    case.contact(
        "nordby.fritid",
        Kind.INFORMAL_TALK,
        10,
        "Snak med Emre efter træning i klubben.",
        with_=["emre"],
        hour=18,
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        4,
        "Sms til Erdal om mødet med PPR.",
        with_=["far"],
    )


FAMILY = DemoFamily(
    name="Yılmaz",
    municipality=NORDBY,
    housing_area="Kildeparken",
    address="Kildeparken 3, 2. tv.",
    notes="Henvist af skolen: Emre er i konflikter og ses med ældre unge efter skoletid.",
    record=write_record,
    referral=ReferralStory(Source.SCHOOL, "Nordby Skole, skoleleder", 2, outcome=Outcome.INCLUDE),
)
