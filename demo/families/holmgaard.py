"""Holmgaard, Nordby. Case review 1: mother, son 15, daughter 10, Danish origin.

Family: action plan; the consent leaves out Jobcenter (log in as `jobcentre` to see the gating).
Referral: notification after a § 115 meeting, included. Assessment: finished.
Plan: active, the reassessment is overdue; a follow-up, a step for Mikkel, a statutory plan link.
"""

from __future__ import annotations

from actionplans.services import follow_ups, goals, offers, plans
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
    BOERN,
    NORDBY,
    SKOLE,
    SOCIAL,
    SSP,
    SUNDHED,
)


def write_record(case: Case) -> None:
    danish: Traits = {"origin": Origin.DANISH, "languages": "Dansk"}
    case.member(
        "mor",
        Role.PARENT,
        "Dorte",
        "Holmgaard",
        age=41,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        school_or_workplace="Fleksjob i et rengøringsfirma",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        traits=danish,
    )
    case.member(
        "mikkel",
        Role.TARGET_CHILD,
        "Mikkel",
        "Holmgaard",
        age=15,
        gender=Gender.MALE,
        lives_in_household=False,
        address="Opholdsstedet Egebakken, Egebakken 3",
        school_or_workplace="Behandlingsskolen Lindely",
        education_status=Education.SPECIAL_CLASS,
        support_status=Support.NOT_APPLICABLE,
        traits=danish,
    )
    case.member(
        "freja",
        Role.SIBLING,
        "Freja",
        "Holmgaard",
        age=10,
        gender=Gender.FEMALE,
        school_or_workplace="Ravnsbjerg Skole, 4. klasse",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=danish,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        690,
        "Ringede til Dorte efter ny underretning og politiets oplysninger fra § 115-mødet. "
        "Aftalte hjemmebesøg.",
        with_=["mor"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        687,
        "Hjemmebesøg hos Dorte og Mikkel: fortalte om kerneteamet og om at arbejde med hele "
        "familien.",
        with_=["mor", "mikkel"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "caseworker",
        684,
        given_by=["mor", "mikkel"],
        departments=[BOERN, SOCIAL, SSP, SKOLE, SUNDHED],
        note="Dorte og Mikkel skrev under ved andet hjemmebesøg. Dorte vil ikke have Jobcenter "
        "med i udvekslingen nu – hendes fleksjob skal holdes adskilt fra sønnens sag.",
    )
    case.coordinators("caseworker")
    case.handover(
        "caseworker",
        683,
        BOERN,
        about="mikkel",
        case_reference=f"BF-{case.year(720)}-04417",
        former_caseworker="Jens Kromann",
        note="Børnefaglig undersøgelse af Mikkel, netop afsluttet. Flere underretninger om, at "
        "han er ude om natten, og en dom for hærværk på skolen.",
    )
    case.handover(
        "coordinator",
        683,
        SOCIAL,
        about="mor",
        case_reference=f"SOC-{case.year(700)}-1180",
        former_caseworker="Anette Dyrberg",
        note="Familiebehandler er støtteperson for Dorte og fortsætter; hun koordinerer med "
        "kerneteamet og deltager i statusmøderne.",
    )
    case.handover(
        "caseworker",
        682,
        SSP,
        about="mikkel",
        case_reference=f"SSP-{case.year(700)}-031",
        former_caseworker="Morten Skovbo",
        note="Mikkel har været nævnt på tre § 115-møder med politiet inden for et halvt år.",
    )
    case.note(
        "caseworker",
        680,
        Note.ASSESSMENT,
        "Udredning på teamets ugentlige gruppemøde med den børnefaglige undersøgelse som "
        "grundlag. Mikkel er ofte ude om natten, alene eller med ældre unge fra Ravnsbjerg, og "
        "politiet har truffet ham flere gange. Dømt for hærværk på skolen; mistanke om hash.",
        about=["mikkel"],
    )
    case.note(
        "coordinator",
        672,
        Note.MEETING,
        "Samtale med Dorte alene sammen med familiebehandleren. Dorte oplever, at hun ikke kan "
        "styre Mikkel: hun har svært ved at sætte grænser og holde fast, når han siger fra.",
        about=["mor"],
    )
    case.note(
        "caseworker",
        665,
        Note.ASSESSMENT,
        "YLS/CMI gennemført i en samtale med Mikkel. Høje behov inden for kammerater, fritid og "
        "adfærd. Styrker: tæt på lillesøster Freja, glad for at fiske og lave mad.",
        about=["mikkel"],
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "caseworker",
        640,
        Note.MEETING,
        "Familiehandleplanen lavet hjemme hos familien. Mikkels mål: komme i skole hver dag og "
        "have hjælp til det. Dorte: faste aftaler om, hvornår Mikkel er hjemme. Freja: mere tid "
        "alene med mor. Mikkel var tavs i starten men satte selv ord på målene til sidst.",
        about=["mor", "mikkel", "freja"],
    )
    case.move("coordinator", Status.ACTION_PLAN)
    case.note(
        "caseworker",
        430,
        Note.DECISION,
        "Efter et overfald og flere dage væk hjemmefra flytter Mikkel på opholdssted efter aftale "
        "med Dorte. Målene ændres efter Mikkels eget ønske: flytte hjem til mor igen, sove bedre "
        "om natten og få styr på vreden.",
        about=["mor", "mikkel"],
    )
    case.note(
        "caseworker",
        418,
        Note.GENERAL,
        "Skrev på en tavle sammen med Mikkel, hvad der skal til, før han kan bo hjemme igen. Han "
        "forstår nu bedre, hvorfor han er på opholdssted. Startet i behandlingsdagskole og hos "
        "psykolog.",
        about=["mikkel"],
    )
    case.note(
        "coordinator",
        380,
        Note.GENERAL,
        "Dorte har i samtalerne med familiebehandleren fortalt om sin egen svære opvækst, som vi "
        "ikke kendte. Det forklarer meget af hendes reaktioner. Detaljerne står i "
        "Socialforvaltningens journal.",
        about=["mor"],
    )
    case.note(
        "nordby.ssp",
        120,
        Note.COOPERATION,
        "Mikkel har ikke været nævnt på § 115-møderne i over et halvt år, bekræfter politiet.",
        about=["mikkel"],
    )
    case.note(
        "caseworker",
        30,
        Note.ASSESSMENT,
        "Revurdering: forløbet er gået frem og tilbage, men Dorte og Mikkel har fået et bedre "
        "forhold. Dorte sætter tydeligere grænser. Mikkel vedstår, hvad han har gjort, er mere "
        "hjemme i weekenderne og taler om sine drømme. Hjemflytning er fortsat målet.",
        about=["mor", "mikkel"],
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        668,
        "Snap med Mikkel om aftalen i morgen – svarede straks.",
        with_=["mikkel"],
    )
    case.contact(
        "caseworker",
        Kind.INFORMAL_TALK,
        650,
        "Fisketur ved havnen med Mikkel; snak om skole og venner.",
        with_=["mikkel"],
    )
    case.contact(
        "caseworker",
        Kind.PRACTICAL_HELP,
        600,
        "Hentede Mikkel hjemme og kørte ham i skole.",
        with_=["mikkel"],
        hour=7,
    )
    case.contact(
        "coordinator",
        Kind.PRACTICAL_HELP,
        598,
        "Kørte Mikkel i skole (vi skiftes med Børn og Familie i denne periode).",
        with_=["mikkel"],
        hour=7,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        520,
        "Vækkeopkald før mundtlig eksamen – Mikkel mødte op.",
        with_=["mikkel"],
        hour=7,
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        425,
        "Statusmøde på opholdsstedet med Dorte, Mikkel, familiebehandler og kontaktperson.",
        with_=["mor", "mikkel"],
    )
    case.contact(
        "coordinator",
        Kind.HOME_VISIT,
        300,
        "Hjemmebesøg hos Dorte og Freja; rolig stemning, Freja viste sit skoleprojekt.",
        with_=["mor", "freja"],
    )
    case.contact(
        "caseworker",
        Kind.INFORMAL_TALK,
        90,
        "Lavede mad med Mikkel på opholdsstedet; han glæder sig til weekenden hjemme.",
        with_=["mikkel"],
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        14,
        "Sms fra Dorte: weekenden med Mikkel gik godt.",
        with_=["mor"],
        hour=20,
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        3,
        "Statusmøde på behandlingsskolen med Dorte og Mikkel.",
        with_=["mor", "mikkel"],
    )


def write_plan(case: PlanCase) -> str:
    cw = case.user("caseworker")
    plan = case.start(actor="caseworker")
    if plan is None:
        return ""
    children = case.department("children_family")
    mikkel, dorte = case.member("Mikkel"), case.member("Dorte")
    goal = goals.add_goal(
        actor=cw,
        plan=plan,
        member=mikkel,
        department=children,
        family_wording="Mikkel kommer i skole hver dag og har en ven i klassen.",
        professional_wording="Fremmøde over 90 % og deltagelse i fællesskabet i klassen.",
        status="in_progress",
    )
    goals.add_step(
        actor=cw,
        goal=goal,
        what="Morgenopringning kl. 7.15 i to uger",
        due_on=case.ahead(14),
        owner_user=cw,
        owner_department=children,
    )
    goals.add_step(
        actor=cw, goal=goal, what="Stiller selv vækkeuret", due_on=case.today, owner_member=mikkel
    )
    goals.add_goal(
        actor=cw,
        plan=plan,
        member=dorte,
        family_wording="Dorte vil have mere overskud om aftenen.",
        status="not_started",
    )
    plans.activate_plan(actor=cw, plan=plan, started_on=case.ago(104))
    offer = offers.add_offer(
        actor=cw,
        plan=plan,
        offer_type=case.offer("Fast kontaktperson"),
        member=mikkel,
        goal=goal,
        department=children,
        provider="Ungdomsskolen",
        start_on=case.ago(90),
    )
    follow_ups.record_follow_up(
        actor=cw,
        plan=plan,
        offer=offer,
        held_on=case.ago(20),
        with_whom="Mikkel og kontaktpersonen",
        progress="Mikkel møder op tre dage om ugen.",
        motivation="some",
        next_on=case.ahead(5),
    )
    offers.add_statutory_link(
        actor=cw,
        plan=plan,
        member=mikkel,
        kind="child_plan",
        department=children,
        dated_on=case.ago(120),
        reference="DUBU 2026-4411",
    )
    return "Holmgaard (active, reassessment overdue)"


FAMILY = DemoFamily(
    name="Holmgaard",
    municipality=NORDBY,
    housing_area="Ravnsbjerg Syd",
    address="Ravnsbjergvej 14, 2. th.",
    notes="Henvist på grund af underretninger om Mikkel og politiets oplysninger på § 115-møder.",
    record=write_record,
    referral=ReferralStory(Source.NOTIFICATION, "Politiet, § 115-møde", 3, outcome=Outcome.INCLUDE),
    assessment=AssessmentStory.FINISHED,
    plan=write_plan,
)
