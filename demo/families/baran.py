"""Baran, Nordby. Case review 2: Kurdish family, sons 18 and 16 in focus after SSP's concern
before a trial.

Family: phasing out. Referral: from SSP, included. Assessment: finished, and a finished
reassessment. Plan: phasing out (goal achieved, a leisure job).
"""

from __future__ import annotations

from actionplans.services import closing, goals, offers, plans
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
    children: Traits = {"origin": Origin.DESCENDANT_NON_WESTERN, "languages": "Dansk, kurdisk"}
    case.member(
        "far",
        Role.PARENT,
        "Azad",
        "Baran",
        age=49,
        gender=Gender.MALE,
        languages="Kurdisk (kurmanji), dansk",
        school_or_workplace="Chauffør",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Gulistan",
        "Baran",
        age=44,
        gender=Gender.FEMALE,
        languages="Kurdisk (kurmanji)",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=parents,
    )
    case.member(
        "rojhat",
        Role.TARGET_CHILD,
        "Rojhat",
        "Baran",
        age=18,
        gender=Gender.MALE,
        school_or_workplace="FGU Nordby, Vestcampus",
        education_status=Education.FGU,
        support_status=Support.IN_EDUCATION,
        traits=children,
    )
    case.member(
        "diyar",
        Role.TARGET_CHILD,
        "Diyar",
        "Baran",
        age=16,
        gender=Gender.MALE,
        school_or_workplace="Specialklassen på Nørremark Skole",
        education_status=Education.SPECIAL_CLASS,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "berfin",
        Role.SIBLING,
        "Berfin",
        "Baran",
        age=15,
        gender=Gender.FEMALE,
        school_or_workplace="Kildeparkens Skole, 9. klasse",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "alan",
        Role.SIBLING,
        "Alan",
        "Baran",
        age=2,
        gender=Gender.MALE,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.contact(
        "nordby.ssp",
        Kind.CALL,
        560,
        "Ringede til Azad om SSP's bekymring for Rojhat før retsmødet.",
        with_=["far"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        552,
        "Hjemmebesøg med tolk, to fra kerneteamet: tilbød familien at være med. Mor og drengene "
        "siger ja; far vil tænke over det.",
        with_=["far", "mor", "rojhat", "diyar"],
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        548,
        "Azad ringede: familien vil gerne være med.",
        with_=["far"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "caseworker",
        546,
        given_by=["far", "mor", "rojhat", "diyar"],
        departments=ALL_DEPARTMENTS,
        note="Underskrevet hjemme med tolk. Rojhat er 18 og har givet samtykke selv.",
    )
    case.coordinators("caseworker", "jobcentre")
    case.handover(
        "caseworker",
        545,
        BOERN,
        about="rojhat",
        case_reference=f"BF-{case.year(560)}-05102",
        former_caseworker="Ulla Brink",
        note="Børnefaglig undersøgelse i gang; der skal skrives en udtalelse til retten.",
    )
    case.handover(
        "caseworker",
        545,
        BOERN,
        about="diyar",
        case_reference=f"BF-{case.year(560)}-05103",
        former_caseworker="Ulla Brink",
        note="Børnefaglig undersøgelse af Diyar på grund af højt skolefravær.",
    )
    case.handover(
        "jobcentre",
        540,
        JOB,
        about="rojhat",
        case_reference=f"JC-UNG-{case.year(560)}-2290",
        former_caseworker="Peter Kjeldsen",
        note="Rojhat var i Jobcentrets ungeindsats; sagen følger ham ind i kerneteamet.",
    )
    case.note(
        "nordby.ssp",
        544,
        Note.COOPERATION,
        "SSP's bekymring: Rojhat skal for retten i en sag om indbrud i biler. Han er en del af "
        "en gruppe unge, der laver småkriminalitet og har løs kontakt til ældre fra "
        "bandemiljøet. Vi vil forebygge, at lillebror Diyar følger efter.",
        about=["rojhat", "diyar"],
    )
    case.note(
        "nordby.psykolog",
        538,
        Note.ASSESSMENT,
        "Kognitiv vurdering af Diyar: betydelige indlæringsvanskeligheder og nedsat hørelse. "
        "Det almindelige skoletilbud passer ikke til hans behov.",
        about=["diyar"],
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "caseworker",
        530,
        Note.MEETING,
        "Forældresamtaler med tolk som del af de børnefaglige undersøgelser. Forældrene er "
        "bekymrede for Rojhats venner, men siger klart nej til specialskole for Diyar.",
        about=["far", "mor"],
    )
    case.note(
        "caseworker",
        520,
        Note.DECISION,
        "Udtalelse til retten sendt. Rojhats overordnede mål efter dommen: ingen ny kriminalitet.",
        about=["rojhat"],
    )
    case.note(
        "caseworker",
        505,
        Note.MEETING,
        "Familiehandleplan skrevet med familien: mål og delmål for hver, og hvem der gør hvad – "
        "også forældrenes egne opgaver. Jobcentrets konsulent er mentor for begge drenge.",
        about=["far", "mor", "rojhat", "diyar"],
    )
    case.move("coordinator", Status.ACTION_PLAN)
    case.note(
        "jobcentre",
        480,
        Note.COOPERATION,
        "Rojhat trives ikke i 10. klasse og har højt fravær. Skifter til FGU på Vestcampus – "
        "bevidst et sted langt fra Kildeparken og den gamle omgangskreds.",
        about=["rojhat"],
    )
    case.note(
        "nordby.psykolog",
        380,
        Note.MEETING,
        "Netværksmøde med Diyars nye specialklasse. Forældrene er med nu, efter at de har "
        "besøgt klassen og set, hvordan den kan hjælpe ham.",
        about=["diyar", "far", "mor"],
    )
    case.note(
        "caseworker",
        300,
        Note.GENERAL,
        "Arbejder med forældrene om, hvordan de taler sammen – og med børnene – om regler og "
        "opdragelse. Familien er begyndt at tale åbent om det, der er svært.",
        about=["far", "mor"],
    )
    case.note(
        "jobcentre",
        200,
        Note.GENERAL,
        "Rojhat har fundet sig til rette på FGU og søger teknisk skole efter sommerferien. Ny "
        "omgangskreds, ingen nye sigtelser siden forløbet begyndte.",
        about=["rojhat"],
    )
    case.note(
        "coordinator",
        40,
        Note.DECISION,
        "Teammøde: familien er stabil. Vi udfaser gradvist og lægger ansvaret for aftalerne over "
        "til familien selv. Kontakten går fra ugentlig til hver anden uge.",
        about=["far", "mor", "rojhat", "diyar"],
    )
    case.move("coordinator", Status.PHASING_OUT)
    case.contact(
        "jobcentre",
        Kind.TEXT,
        500,
        "Sms til Rojhat: hvordan gik det i skolen i dag?",
        with_=["rojhat"],
        hour=16,
    )
    case.contact(
        "jobcentre",
        Kind.PRACTICAL_HELP,
        462,
        "Fulgte Rojhat til indskrivning på FGU.",
        with_=["rojhat"],
    )
    case.contact(
        "jobcentre",
        Kind.INFORMAL_TALK,
        350,
        "Kørte en tur med Rojhat; snak om venner, skole og familien.",
        with_=["rojhat"],
    )
    case.contact(
        "nordby.psykolog",
        Kind.MEETING,
        379,
        "Netværksmøde på Diyars nye skole med mor.",
        with_=["diyar", "mor"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        300,
        "Hjemmebesøg med tolk: kommunikationen mellem forældre og børn.",
        with_=["far", "mor"],
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        20,
        "Opfølgning med Azad: Diyar glæder sig til skole.",
        with_=["far"],
    )
    case.contact(
        "coordinator",
        Kind.MEETING,
        10,
        "Udfasningsmøde: hvem familien kan ringe til, når forløbet slutter.",
        with_=["far", "mor", "rojhat"],
    )


def write_plan(case: PlanCase) -> str:
    cw = case.user("caseworker")
    plan = case.start(actor="caseworker")
    if plan is None:
        return ""
    rojhat = case.member("Rojhat")
    goal = goals.add_goal(
        actor=cw,
        plan=plan,
        member=rojhat,
        family_wording="Rojhat gennemfører FGU og får et fritidsjob.",
        status="achieved",
    )
    plans.activate_plan(actor=cw, plan=plan, started_on=case.ago(40))
    offers.add_offer(
        actor=cw,
        plan=plan,
        offer_type=case.offer("Fritidsjob"),
        member=rojhat,
        goal=goal,
        provider="Netto Nordby",
        start_on=case.ago(30),
    )
    closing.set_phase_out(actor=cw, plan=plan, phase_out_on=case.ago(7))
    return "Baran (phasing out)"


FAMILY = DemoFamily(
    name="Baran",
    municipality=NORDBY,
    housing_area="Kildeparken",
    address="Kildeparken 41, st. tv.",
    notes="Underretning fra SSP om Rojhat forud for et retsmøde; bekymring for lillebror Diyar.",
    registered_by="nordby.ssp",
    record=write_record,
    referral=ReferralStory(Source.SSP, "SSP Nordby, Jamal Esbensen", 3, outcome=Outcome.INCLUDE),
    assessment=AssessmentStory.REASSESSED,
    plan=write_plan,
)
