"""Al-Sayed, Nordby: journal reviews from several departments are coming in.

Family: in assessment. Referral: from SSP, included. Assessment: in progress (three parts done).
"""

from __future__ import annotations

from demo.assessment_content import AssessmentStory
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
    ALL_DEPARTMENTS,
    BOERN,
    JOB,
    NORDBY,
    SUNDHED,
)


def write_record(case: Case) -> None:
    parents: Traits = {"origin": Origin.IMMIGRANT_NON_WESTERN, "is_custody_holder": True}
    case.member(
        "far",
        Role.PARENT,
        "Hassan",
        "Al-Sayed",
        age=48,
        gender=Gender.MALE,
        languages="Arabisk",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Amira",
        "Al-Sayed",
        age=42,
        gender=Gender.FEMALE,
        languages="Arabisk",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=parents,
    )
    case.member(
        "yusuf",
        Role.TARGET_CHILD,
        "Yusuf",
        "Al-Sayed",
        age=17,
        gender=Gender.MALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Arabisk, dansk",
        education_status=Education.NONE,
        support_status=Support.NOT_APPLICABLE,
        school_or_workplace="Droppet ud af 10. klasse",
    )
    case.member(
        "rasha",
        Role.SIBLING,
        "Rasha",
        "Al-Sayed",
        age=14,
        gender=Gender.FEMALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Arabisk, dansk",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.member(
        "omar",
        Role.SIBLING,
        "Omar",
        "Al-Sayed",
        age=8,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, arabisk",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.member(
        "tarek",
        Role.OTHER_RELATIVE,
        "Tarek",
        "Al-Sayed",
        age=19,
        gender=Gender.MALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Arabisk, dansk",
        lives_in_household=False,
        address="Ravnsbjergvej 2, 4. th.",
        education_status=Education.NONE,
        support_status=Support.UNKNOWN,
        school_or_workplace="Fætter",
    )
    case.contact(
        "nordby.ssp",
        Kind.CALL,
        150,
        "Ringede til Hassan (tolk) om SSP's bekymring for Yusuf.",
        with_=["far"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        140,
        "Hjemmebesøg med tolk: præsentation af kerneteamet.",
        with_=["far", "mor", "yusuf"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "caseworker",
        121,
        given_by=["far", "mor", "yusuf"],
        departments=ALL_DEPARTMENTS,
        note="Givet med tolk; Yusuf har selv skrevet under.",
    )
    case.coordinators("caseworker", "jobcentre")
    case.handover(
        "caseworker",
        120,
        BOERN,
        about="yusuf",
        case_reference=f"BF-{case.year(200)}-06631",
        former_caseworker="Ole Thrane",
        note="Forebyggende sag om Yusuf efter skolefravær og to underretninger fra politiet.",
    )
    case.handover(
        "jobcentre",
        118,
        JOB,
        about="far",
        case_reference=f"JC-INT-{case.year(400)}-1189",
        former_caseworker="Peter Kjeldsen",
        note="Hassan er i integrationsprogrammet; sagen følges fra kerneteamet.",
    )
    case.handover(
        "nordby.psykolog",
        118,
        SUNDHED,
        about="mor",
        case_reference=f"SUN-{case.year(200)}-204",
        former_caseworker="Flygtningeteamet",
        note="Amira er henvist til traumebehandling.",
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "caseworker",
        115,
        Note.ASSESSMENT,
        "Journalgennemgang, Børn og Familie: Yusuf har gået i tre skoler på fire år og har to "
        "underretninger fra politiet om færden i grupper ved stationen.",
        about=["yusuf"],
    )
    case.note(
        "jobcentre",
        110,
        Note.ASSESSMENT,
        "Journalgennemgang, Jobcenter: Hassan har bestået danskuddannelse 2 og haft to "
        "virksomhedspraktikker. Han ønsker arbejde som elektriker, som han var før flugten.",
        about=["far"],
    )
    case.note(
        "nordby.psykolog",
        105,
        Note.ASSESSMENT,
        "Journalgennemgang, Sundhed: Amira har søvnproblemer og er på venteliste til "
        "traumebehandling. Rasha passer på lillebror meget af tiden.",
        about=["mor", "rasha"],
    )
    case.note(
        "nordby.ssp",
        100,
        Note.ASSESSMENT,
        "SSP: Yusuf ses ofte med fætter Tarek i gruppen ved stationen; Tarek er kendt af politiet.",
        about=["yusuf", "tarek"],
    )
    case.note(
        "caseworker",
        60,
        Note.ASSESSMENT,
        "YLS/CMI med Yusuf: moderat til højt behov, især kammerater, fritid og uddannelse. "
        "Styrker: god til fodbold og tæt på sin lillebror.",
        about=["yusuf"],
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        125,
        "Møde med familien og tolk om næste skridt.",
        with_=["far", "mor", "yusuf"],
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        80,
        "Sms med Yusuf om aftalen på fredag.",
        with_=["yusuf"],
    )
    case.contact(
        "jobcentre",
        Kind.PRACTICAL_HELP,
        50,
        "Hjalp Hassan med et CV til elektrikerjob.",
        with_=["far"],
    )
    case.contact(
        "caseworker",
        Kind.INFORMAL_TALK,
        12,
        "Kort snak med Yusuf ved boldburet.",
        with_=["yusuf"],
        hour=17,
    )


FAMILY = DemoFamily(
    name="Al-Sayed",
    municipality=NORDBY,
    housing_area="Ravnsbjerg Syd",
    address="Ravnsbjergvej 30, st. th.",
    notes="SSP-bekymring: Yusuf er droppet ud af 10. klasse og ses i gruppen ved stationen.",
    registered_by="nordby.ssp",
    record=write_record,
    referral=ReferralStory(Source.SSP, "SSP Nordby", 3, outcome=Outcome.INCLUDE),
    assessment=AssessmentStory.IN_PROGRESS,
)
