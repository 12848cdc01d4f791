"""Amedi, Nordby. Case review 3: four children, son 16 and daughter 12 in focus, found by
outreach work.

Family: action plan; the school consultant (`consultant`) is invited from outside the team.
Referral: outreach, included. Assessment: finished.
Plan: active, one reassessment done, the next due within 14 days; an exemption for the father.
"""

from __future__ import annotations

from actionplans.models import ActionPlan, Reassessment
from actionplans.services import goals, offers, plans, reassessments
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
    SUNDHED,
)


def write_record(case: Case) -> None:
    parents: Traits = {"origin": Origin.IMMIGRANT_NON_WESTERN, "is_custody_holder": True}
    children: Traits = {
        "origin": Origin.DESCENDANT_NON_WESTERN,
        "languages": "Dansk, kurdisk, arabisk",
    }
    case.member(
        "far",
        Role.PARENT,
        "Shivan",
        "Amedi",
        age=52,
        gender=Gender.MALE,
        languages="Kurdisk, arabisk, dansk",
        school_or_workplace="Førtidspension",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Rania",
        "Saleh",
        age=45,
        gender=Gender.FEMALE,
        languages="Arabisk",
        needs_interpreter=True,
        school_or_workplace="Praktik i Børnehuset Mælkebøtten",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
        traits=parents,
    )
    case.member(
        "dilovan",
        Role.SIBLING,
        "Dilovan",
        "Amedi",
        age=20,
        gender=Gender.MALE,
        school_or_workplace="Nordby Erhvervsskole, automekaniker",
        education_status=Education.VOCATIONAL,
        support_status=Support.IN_EDUCATION,
        traits=children,
    )
    case.member(
        "hozan",
        Role.TARGET_CHILD,
        "Hozan",
        "Amedi",
        age=16,
        gender=Gender.MALE,
        school_or_workplace="Specialskolen Bakkegården",
        education_status=Education.SPECIAL_CLASS,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "lana",
        Role.TARGET_CHILD,
        "Lana",
        "Amedi",
        age=12,
        gender=Gender.FEMALE,
        school_or_workplace="Nørremark Skole, 6. klasse",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.member(
        "nisrin",
        Role.SIBLING,
        "Nisrin",
        "Amedi",
        age=5,
        gender=Gender.FEMALE,
        school_or_workplace="Børnehaven Solsikken",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.NOT_APPLICABLE,
        traits=children,
    )
    case.contact(
        "nordby.ssp",
        Kind.INFORMAL_TALK,
        520,
        "Mødte Hozan i medborgerhuset midt i skoletiden; snak om, hvorfor han ikke er i skole.",
        with_=["hozan"],
        hour=10,
    )
    case.contact(
        "nordby.ssp",
        Kind.INFORMAL_TALK,
        515,
        "Hozan i medborgerhuset igen. Han siger ok til, at jeg ringer til hans far.",
        with_=["hozan"],
        hour=11,
    )
    case.contact(
        "nordby.ssp",
        Kind.CALL,
        512,
        "Ringede til Shivan; han vil gerne mødes.",
        with_=["far"],
    )
    case.contact(
        "coordinator",
        Kind.MEETING,
        505,
        "Møde i teamets lokale i boligområdet med Shivan og Rania (tolk til Rania).",
        with_=["far", "mor"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "coordinator",
        498,
        given_by=["far", "mor", "hozan"],
        departments=ALL_DEPARTMENTS,
        note="Givet efter flere samtaler i boligområdet. Hozan har selv skrevet under.",
    )
    case.coordinators("coordinator", "nordby.ssp")
    case.handover(
        "caseworker",
        497,
        BOERN,
        about="lana",
        case_reference=f"BF-{case.year(900)}-02218",
        former_caseworker="Bente Krogh",
        note="Lana har tidligere været anbragt på grund af konflikter med sin bror. Anbringelsen "
        "er ophørt; familiekonsulenten følger op.",
    )
    case.handover(
        "caseworker",
        497,
        BOERN,
        about="hozan",
        case_reference=f"BF-{case.year(600)}-04870",
        former_caseworker="Ole Thrane",
        note="Kontaktperson fra ungerådgivningen; fortsætter og deltager i teamets møder.",
    )
    case.handover(
        "jobcentre",
        490,
        JOB,
        about="mor",
        case_reference=f"JC-{case.year(520)}-7731",
        former_caseworker="Peter Kjeldsen",
        note="Ranias sag om kontanthjælp overgår til kerneteamets jobkonsulent.",
    )
    case.handover(
        "nordby.psykolog",
        490,
        SUNDHED,
        about="lana",
        case_reference=f"SUN-{case.year(520)}-119",
        former_caseworker="Sundhedsplejerske Iben Lund",
        note="Skolesundhedsplejen er bekymret for Lanas trivsel og vægt; tidligere vurderet med "
        "symptomer på PTSD.",
    )
    case.note(
        "nordby.ssp",
        496,
        Note.COOPERATION,
        "SSP-lokalgruppen: Hozan er set med unge fra en risikopræget gruppe i Nørremarken. "
        "Storebror Dilovan er kendt af politiet og har forbindelser til samme miljø.",
        about=["hozan", "dilovan"],
    )
    case.note(
        "coordinator",
        490,
        Note.ASSESSMENT,
        "Ingen samlet udredning endnu; vi har talt med familiekonsulenten og ungerådgivningen. "
        "Hozan er i perioder helt væk fra specialskolen. Lana har omkring 75 % fravær, få "
        "venner og går ikke til noget.",
        about=["hozan", "lana"],
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "coordinator",
        485,
        Note.MEETING,
        "Forældrene vil gerne bo sammen igen og gifte sig igen; vi hjælper med det praktiske. "
        "Fælles mål: stabil skolegang for Hozan og Lana og en fritidsaktivitet til hver. "
        "Langsigtet: at børnene får uddannelse og muligheder.",
        about=["far", "mor", "hozan", "lana"],
    )
    case.move("coordinator", Status.ACTION_PLAN)
    case.note(
        "nordby.fritid",
        470,
        Note.COOPERATION,
        "Lana er startet til fitness; en lærer fra skolen træner med hende hver tirsdag. "
        "Fritidsjob til Hozan i et supermarked i centret, to eftermiddage om ugen.",
        about=["lana", "hozan"],
    )
    case.note(
        "jobcentre",
        450,
        Note.GENERAL,
        "Praktik for Rania i en børnehave aftalt. Dilovan har kontakt med erhvervsskolen om at "
        "komme tilbage på automekanikeruddannelsen.",
        about=["mor", "dilovan"],
    )
    case.note(
        "nordby.fritid",
        330,
        Note.GENERAL,
        "Læreren er stoppet med fitness, og Lana kommer sjældnere. Vi leder efter en ny makker.",
        about=["lana"],
    )
    case.note(
        "caseworker",
        320,
        Note.DECISION,
        "Sommertilbud til begge børn. Shivan vil ikke lade Lana deltage; vi fortsætter dialogen "
        "med ham om, hvad Lana må være med til.",
        about=["lana", "far"],
    )
    case.note(
        "coordinator",
        300,
        Note.GENERAL,
        "Rania er startet på forældrekurset om at kommunikere med børnene og sætte grænser.",
        about=["mor"],
    )
    case.note(
        "caseworker",
        200,
        Note.DECISION,
        "Hozan tilbudt efterskoleophold fra august; han vil gerne.",
        about=["hozan"],
    )
    case.note(
        "coordinator",
        60,
        Note.ASSESSMENT,
        "Revurdering: Hozans fremmøde er stabilt, og han ses ikke længere med de gamle venner. "
        "Lanas fremmøde er steget meget, men svinger stadig. Forældrene bor sammen igen.",
        about=["hozan", "lana", "far", "mor"],
    )
    case.contact(
        "nordby.ssp",
        Kind.CALL,
        401,
        "Shivan ringede: Hozan er urolig. Kom forbi samme aften.",
        with_=["far"],
        hour=18,
    )
    case.contact(
        "nordby.ssp",
        Kind.HOME_VISIT,
        401,
        "Talte med Hozan hjemme, til han faldt til ro.",
        with_=["hozan", "far"],
        hour=19,
    )
    case.contact(
        "coordinator",
        Kind.PRACTICAL_HELP,
        250,
        "Hjalp Rania med papirerne til praktikstedet.",
        with_=["mor"],
    )
    case.contact(
        "nordby.ssp",
        Kind.MEETING,
        100,
        "Møde hjemme hos familien om skole og sommerferie.",
        with_=["far", "mor", "hozan", "lana"],
    )
    case.contact(
        "nordby.ssp",
        Kind.TEXT,
        30,
        "Sms til Hozan om forældremødet på efterskolen.",
        with_=["hozan"],
    )
    case.contact(
        "coordinator",
        Kind.CALL,
        5,
        "Opfølgning med Rania på Lanas uge i skolen (tolk).",
        with_=["mor"],
    )


def write_plan(case: PlanCase) -> str:
    co = case.user("coordinator")
    plan = case.start(actor="coordinator")
    if plan is None:
        return ""
    employment = case.department("employment")
    hozan, rania = case.member("Hozan"), case.member("Rania")
    goal = goals.add_goal(
        actor=co,
        plan=plan,
        member=hozan,
        family_wording="Hozan går til fodbold og holder sig fra gaden om aftenen.",
        status="in_progress",
    )
    goals.add_goal(
        actor=case.user("jobcentre"),
        plan=plan,
        member=rania,
        department=employment,
        family_wording="Rania vil lære dansk og finde et deltidsjob.",
        professional_wording="Sprogskole og virksomhedspraktik med ordinære timer.",
    )
    plans.activate_plan(actor=co, plan=plan, started_on=case.ago(172))
    offers.add_offer(
        actor=co,
        plan=plan,
        offer_type=case.offer("Fritidsaktivitet"),
        member=hozan,
        goal=goal,
        provider="Nordby IF",
        start_on=case.ago(150),
    )
    offers.add_exemption(
        actor=case.user("jobcentre"),
        plan=plan,
        member=case.member("Shivan"),
        start_on=case.ago(30),
        end_on=case.ahead(60),
        reason="Fredning mens familien er i familiebehandling.",
    )
    item = reassessments.start_reassessment(actor=co, plan=plan)
    reassessments.save_reassessment(
        actor=co,
        reassessment=item,
        progress={goal.pk: "Går til træning to gange om ugen."},
        held_on=case.ago(80),
        support_need="unchanged",
        risk_should_change=False,
    )
    reassessments.confirm_department(
        actor=case.user("jobcentre"), reassessment=item, department=employment
    )
    reassessments.complete_reassessment(actor=co, reassessment=item)
    # The service completes it today; the demo's reassessment was held 80 days ago, so the next
    # one falls due within two weeks (the plan's queue date moves back with it, as the service
    # moves it).
    Reassessment.objects.filter(pk=item.pk).update(completed_on=case.ago(80))
    plan = ActionPlan.objects.get(pk=plan.pk)
    plan.last_reassessed_on = case.ago(80)
    ActionPlan.objects.filter(pk=plan.pk).update(
        last_reassessed_on=plan.last_reassessed_on, queue_due_on=plan.compute_queue_due_on()
    )
    return "Amedi (active, reassessment due within 14 days)"


FAMILY = DemoFamily(
    name="Amedi",
    municipality=NORDBY,
    housing_area="Nørremarken",
    address="Nørremarksparken 7, 1. mf.",
    notes="Fundet ved opsøgende arbejde: Hozan ses i medborgerhuset i skoletiden.",
    registered_by="nordby.ssp",
    record=write_record,
    referral=ReferralStory(Source.OUTREACH, "Gadeplansteamet", 2, outcome=Outcome.INCLUDE),
    assessment=AssessmentStory.FINISHED,
    plan=write_plan,
)
