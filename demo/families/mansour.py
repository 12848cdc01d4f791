"""Mansour, Nordby. Case review 4: divorced parents with shared custody; the daughter has a
case in the youth crime board (UKN).

Family: action plan. Referral: from UKN, included. Assessment: finished with a raised risk level
(override), a new version being corrected. Plan: draft.
"""

from __future__ import annotations

from actionplans.services import goals
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
    PlanCase,
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
)


def write_record(case: Case) -> None:
    parents: Traits = {"origin": Origin.IMMIGRANT_NON_WESTERN, "is_custody_holder": True}
    children: Traits = {"origin": Origin.DESCENDANT_NON_WESTERN, "languages": "Dansk, arabisk"}
    case.member(
        "far",
        Role.PARENT,
        "Khalil",
        "Mansour",
        age=47,
        gender=Gender.MALE,
        languages="Arabisk, dansk",
        school_or_workplace="Lagermedarbejder, 30 timer",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Huda",
        "Nasser",
        age=43,
        gender=Gender.FEMALE,
        languages="Arabisk",
        needs_interpreter=True,
        lives_in_household=False,
        address="Solsortevej 5, 1. th.",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=parents,
    )
    case.member(
        "sami",
        Role.SIBLING,
        "Sami",
        "Mansour",
        age=16,
        gender=Gender.MALE,
        school_or_workplace="Nordby Ungdomsskole, 10. klasse",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "yara",
        Role.TARGET_CHILD,
        "Yara",
        "Mansour",
        age=15,
        gender=Gender.FEMALE,
        lives_in_household=False,
        address="Engparken 9, værelse 4",
        school_or_workplace="Tilpasset skoletilbud; FGU efter sommerferien",
        education_status=Education.SPECIAL_CLASS,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "adam",
        Role.TARGET_CHILD,
        "Adam",
        "Mansour",
        age=13,
        gender=Gender.MALE,
        school_or_workplace="Kostskolen ved Fjorden (hjemme i weekenderne)",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.contact(
        "coordinator",
        Kind.CALL,
        540,
        "Ringede til Khalil: jeg har overtaget Yaras sag og fortalte om kerneteamet.",
        with_=["far"],
    )
    case.contact(
        "coordinator",
        Kind.HOME_VISIT,
        535,
        "Møde i Khalils hjem med psykologen: hvad kerneteamet kan tilbyde familien.",
        with_=["far", "sami", "adam"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "coordinator",
        530,
        given_by=["far", "mor", "yara"],
        departments=ALL_DEPARTMENTS,
        note="Fælles forældremyndighed: begge forældre har skrevet under, Huda med tolk. Yara "
        "har selv givet samtykke.",
    )
    case.coordinators("coordinator", "jobcentre")
    case.handover(
        "coordinator",
        529,
        BOERN,
        about="yara",
        case_reference=f"BF-{case.year(800)}-01377",
        former_caseworker="Lene Frost (sygemeldt)",
        note="Sag i Ungdomskriminalitetsnævnet; Yara er på et delvist lukket opholdssted og "
        "mistrives. Ustabil skolegang de seneste år.",
    )
    case.handover(
        "coordinator",
        529,
        BOERN,
        about="adam",
        case_reference=f"BF-{case.year(600)}-03920",
        former_caseworker="Lene Frost (sygemeldt)",
        note="Adams nuværende skoletilbud holder ikke; skal afdækkes.",
    )
    case.handover(
        "jobcentre",
        520,
        JOB,
        about="far",
        case_reference=f"JC-{case.year(540)}-6604",
        former_caseworker="Peter Kjeldsen",
        note="Khalils beskæftigelsessag overgår til kerneteamets jobkonsulent.",
    )
    case.handover(
        "jobcentre",
        520,
        JOB,
        about="mor",
        case_reference=f"JC-{case.year(540)}-6605",
        former_caseworker="Susanne Damgaard",
        note="Hudas beskæftigelsessag overgår til kerneteamets jobkonsulent.",
    )
    case.note(
        "coordinator",
        528,
        Note.ASSESSMENT,
        "Udredning af Yara efter ICS-metoden sammen i teamet. Yara mistrives på opholdsstedet, "
        "har haft mange skoleskift og kender flere i bandemiljøet. UKN-forløbet fortsætter.",
        about=["yara"],
    )
    case.note(
        "jobcentre",
        525,
        Note.ASSESSMENT,
        "Begge forældre er ledige. Khalil vil gerne i arbejde, men gæld fylder meget for ham.",
        about=["far", "mor"],
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "nordby.psykolog",
        510,
        Note.MEETING,
        "Familiemøde hos Khalil: god tid til at høre, hvad far og børnene selv vil. Yaras ønske "
        "er at komme ud af opholdsstedet og bo for sig selv. Huda deltog ikke denne gang.",
        about=["far", "yara", "adam", "sami"],
    )
    case.move("coordinator", Status.ACTION_PLAN)
    case.note(
        "coordinator",
        490,
        Note.DECISION,
        "Besluttet med ledelsens opbakning: Yara flytter fra opholdsstedet til en hybel med tæt "
        "støtte og starter i et tilpasset skoletilbud. UKN's sekretariat er orienteret.",
        about=["yara"],
    )
    case.note(
        "coordinator",
        470,
        Note.DECISION,
        "Khalil var imod kostskole til Adam. Efter et besøg på skolen siger Adam ja, og far har "
        "givet sin tilladelse.",
        about=["adam", "far"],
    )
    case.note(
        "nordby.fritid",
        450,
        Note.COOPERATION,
        "Yara er startet i pigegruppen og har fået en fast støttekontaktperson, som også laver "
        "aktiviteter med hende uden for gruppen.",
        about=["yara"],
    )
    case.note(
        "jobcentre",
        300,
        Note.GENERAL,
        "Khalil har lagt en afdragsplan hos gældsrådgivningen og er startet i job på et lager, "
        "30 timer om ugen.",
        about=["far"],
    )
    case.note(
        "coordinator",
        90,
        Note.ASSESSMENT,
        "Revurdering: Yara passer hybel og skole og er optaget på FGU efter sommerferien. Adam "
        "trives nogenlunde på kostskolen. Konflikterne i familien er dæmpet. Næste periode: "
        "Huda skal inddrages mere.",
        about=["yara", "adam", "mor"],
    )
    case.contact(
        "coordinator",
        Kind.PRACTICAL_HELP,
        480,
        "Kørte Khalil og Adam til besøg på kostskolen.",
        with_=["far", "adam"],
    )
    case.contact(
        "jobcentre",
        Kind.PRACTICAL_HELP,
        440,
        "Fulgte Khalil til gældsrådgivning.",
        with_=["far"],
    )
    case.contact(
        "coordinator",
        Kind.TEXT,
        400,
        "Sms med Yara om aftalen med hybelværten.",
        with_=["yara"],
        hour=17,
    )
    case.contact(
        "coordinator",
        Kind.CALL,
        380,
        "Telefonsamtale med Huda via tolk om Adams kostskole.",
        with_=["mor"],
    )
    case.contact(
        "nordby.fritid",
        Kind.INFORMAL_TALK,
        200,
        "Gåtur med Yara efter pigegruppen.",
        with_=["yara"],
        hour=18,
    )
    case.contact(
        "coordinator",
        Kind.MEETING,
        60,
        "Opfølgningsmøde med Khalil om børnenes skoler.",
        with_=["far"],
    )
    case.contact(
        "coordinator",
        Kind.TEXT,
        7,
        "Yara skrev: optaget på FGU!",
        with_=["yara"],
        hour=15,
    )


def write_plan(case: PlanCase) -> str:
    plan = case.start(actor="coordinator")
    if plan is None:
        return ""
    goals.add_goal(
        actor=case.user("coordinator"),
        plan=plan,
        member=case.member("Yara"),
        family_wording="Yara vil gerne sove om natten og komme i skole.",
    )
    return "Mansour (draft)"


FAMILY = DemoFamily(
    name="Mansour",
    municipality=NORDBY,
    housing_area="Ravnsbjerg Syd",
    address="Ravnsbjergvej 22, 3. tv.",
    notes="Yara har en sag i Ungdomskriminalitetsnævnet; Adams skoletilbud holder ikke.",
    registered_by="coordinator",
    record=write_record,
    referral=ReferralStory(Source.UKN, "Ungdomskriminalitetsnævnet", 4, outcome=Outcome.INCLUDE),
    assessment=AssessmentStory.NEW_VERSION,
    plan=write_plan,
)
