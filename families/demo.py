"""Demo data for development and demonstrations: municipalities, core teams, logins and families.

Every piece of case data is written through ``families.services``, exactly as the user interface
writes it, so demo families carry the same status trail and audit history as real ones. All
people, streets and case references are invented, and nothing is random: running the builder
again creates nothing twice. Four Nordby families follow the four case reviews in the national
evaluation (section 5.6, "Sagsgennemgange"), retold in our own words.

Only ``manage.py seed_demo`` calls this, and it refuses to run unless DEBUG is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.cpr import parse_cpr, passes_modulus_11
from families.models import (
    Contact,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    JournalNote,
    Member,
)
from families.services import (
    cases,
    consents,
    contacts,
    coordination,
    handovers,
    journal,
    members,
    outside_access,
)

DEMO_PASSWORD = "demo"
# Member fields that several members of one family share (origin, languages, custody).
Traits = Mapping[str, object]
GRANT_DAYS = 60

# Short names keep the family scripts below readable.
Status = Family.Status
Kind = Contact.Kind
Note = JournalNote.Category
Role = Member.Role
Gender = Member.Gender
Origin = Member.Origin
Education = Member.EducationStatus
Support = Member.SupportStatus

BOERN = "Børn og Familie"
SOCIAL = "Socialforvaltningen"
JOB = "Jobcenter"
FRITID = "Kultur og Fritid"
SSP = "SSP"
SKOLE = "Skoleafdelingen"
SUNDHED = "Sundhed"

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    (BOERN, Department.Kind.CHILDREN_FAMILY),
    (SOCIAL, Department.Kind.SOCIAL),
    (JOB, Department.Kind.EMPLOYMENT),
    (FRITID, Department.Kind.CULTURE_LEISURE),
    (SSP, Department.Kind.SSP),
    (SKOLE, Department.Kind.SCHOOL),
    (SUNDHED, Department.Kind.HEALTH),
)
ALL_DEPARTMENTS = tuple(name for name, _kind in DEPARTMENTS)


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    code: str
    reference_prefix: str
    team_name: str
    team_capacity: int
    postal_code: str
    mail_domain: str


NORDBY = MunicipalitySpec("Nordby", "901", "NOR", "Kerneteam Nordby", 30, "9901", "nordby.example")
SYDBY = MunicipalitySpec("Sydby", "902", "SYD", "Kerneteam Sydby", 20, "9902", "sydby.example")
MUNICIPALITIES = (NORDBY, SYDBY)


@dataclass(frozen=True)
class UserSpec:
    """A demo user; ``role`` set means a membership of the municipality's core team."""

    username: str
    first_name: str
    last_name: str
    municipality: MunicipalitySpec | None
    phone: str
    department: str = ""
    role: str = ""
    is_steering_group: bool = False
    is_municipality_admin: bool = False
    is_national_evaluator: bool = False
    can_log_in: bool = True
    can_do: str = ""

    @property
    def email(self) -> str:
        domain = self.municipality.mail_domain if self.municipality else "taskforce.example"
        return f"{self.username}@{domain}"


CASEWORKER = TeamMembership.Role.CASEWORKER
TEAM_COORDINATOR = TeamMembership.Role.TEAM_COORDINATOR

# Phone numbers start with 00, which no Danish subscriber number does.
USERS: tuple[UserSpec, ...] = (
    UserSpec(
        "caseworker",
        "Signe",
        "Bøgelund",
        NORDBY,
        "+45 00 00 01 01",
        BOERN,
        CASEWORKER,
        can_do="works families, journal notes, consent, handovers and contacts; "
        "primary coordinator of most Nordby families",
    ),
    UserSpec(
        "jobcentre",
        "Rasmus",
        "Ellekær",
        NORDBY,
        "+45 00 00 01 02",
        JOB,
        CASEWORKER,
        can_do="secondary coordinator of some families; sees no Jobcenter-excluded content "
        "(try family Holmgaard: consent does not cover Jobcenter)",
    ),
    UserSpec(
        "coordinator",
        "Birgitte",
        "Sandholm",
        NORDBY,
        "+45 00 00 01 03",
        SOCIAL,
        TEAM_COORDINATOR,
        can_do="team coordinator (tovholder): sees all team families, changes status, "
        "assigns coordinators, grants outside access, reads the team access log",
    ),
    UserSpec(
        "steering",
        "Poul",
        "Egebjerg",
        NORDBY,
        "+45 00 00 01 04",
        is_steering_group=True,
        can_do="steering group: Nordby dashboards only, never a person",
    ),
    UserSpec(
        "admin",
        "Karina",
        "Vestermark",
        NORDBY,
        "+45 00 00 01 05",
        is_municipality_admin=True,
        can_do="municipality administrator: users, departments and teams of Nordby "
        "(/administration/)",
    ),
    UserSpec(
        "evaluator",
        "Jonas",
        "Lindvig",
        None,
        "+45 00 00 09 01",
        is_national_evaluator=True,
        can_do="national evaluator: aggregates across municipalities, never a person",
    ),
    UserSpec(
        "outsider",
        "Nadia",
        "Hjortshøj",
        SYDBY,
        "+45 00 00 02 01",
        BOERN,
        CASEWORKER,
        can_do="caseworker in Kerneteam Sydby: sees only Sydby families (Nordby pages are 404)",
    ),
    UserSpec(
        "consultant",
        "Henrik",
        "Abildgaard",
        NORDBY,
        "+45 00 00 01 06",
        SKOLE,
        can_do=f"school consultant outside the team: invited to family Amedi for {GRANT_DAYS} "
        "days, nothing else",
    ),
    # Team members who make the team look real; they cannot log in.
    UserSpec(
        "nordby.fritid",
        "Yasmin",
        "Kørsgaard",
        NORDBY,
        "+45 00 00 01 07",
        FRITID,
        CASEWORKER,
        can_log_in=False,
    ),
    UserSpec(
        "nordby.ssp",
        "Jamal",
        "Esbensen",
        NORDBY,
        "+45 00 00 01 08",
        SSP,
        CASEWORKER,
        can_log_in=False,
    ),
    UserSpec(
        "nordby.psykolog",
        "Camilla",
        "Ravnsholt",
        NORDBY,
        "+45 00 00 01 09",
        SUNDHED,
        CASEWORKER,
        can_log_in=False,
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    where: str
    can_do: str


@dataclass
class DemoSummary:
    """What one run of the builder found and created."""

    municipalities_created: int = 0
    departments_created: int = 0
    teams_created: int = 0
    users_created: int = 0
    users_reset: int = 0
    families_created: list[str] = field(default_factory=list)
    families_existing: list[str] = field(default_factory=list)
    grants_created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


@dataclass(frozen=True)
class Staff:
    user: User
    department: Department


@dataclass(frozen=True)
class Organisation:
    """One municipality's demo organisation, ready for writing families."""

    municipality: Municipality
    team: Team
    departments: dict[str, Department]
    staff: dict[str, Staff]
    spec: MunicipalitySpec


# --- Invented but well-formed people --------------------------------------------------------


def demo_birth_date(today: dt.date, age: int, seed: int) -> dt.date:
    """A birth date that makes a person exactly ``age`` today, spread over the year by seed."""
    anniversary = today.replace(year=today.year - age, day=min(today.day, 28))
    return anniversary - dt.timedelta(days=1 + (seed * 53) % 330)


def demo_cpr(birth_date: dt.date, *, gender: str, seed: int) -> str:
    """A CPR number for an invented person: right century digit, gender parity and modulus 11."""
    # Digit 7: 0–3 always means the 1900s; 4 means the 2000s for years 00–36.
    century_digit = 4 if birth_date.year >= 2000 else 2
    wants_odd = gender == Gender.MALE
    for step in range(1000):
        number = f"{birth_date:%d%m%y}{century_digit}{(seed * 37 + step) % 1000:03d}"
        if passes_modulus_11(number) and (int(number[-1]) % 2 == 1) == wants_odd:
            formatted = f"{number[:6]}-{number[6:]}"
            assert parse_cpr(formatted).birth_date == birth_date
            return formatted
    raise AssertionError(f"No demo CPR number for {birth_date}")  # pragma: no cover


# --- Writing one family through the services -------------------------------------------------


@dataclass
class Case:
    """One demo family being written: the record, its members by key and the team's people."""

    family: Family
    organisation: Organisation
    address: str
    today: dt.date
    seed: int
    members: dict[str, Member] = field(default_factory=dict)

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def year(self, days_ago: int) -> int:
        return self.day(days_ago).year

    def at(self, days_ago: int, hour: int | None = None) -> dt.datetime:
        """An aware moment on a past day, during working hours unless told otherwise."""
        if days_ago < 1:
            raise ValueError("Demo contacts lie at least one day back.")
        hour = 9 + (days_ago * 5) % 9 if hour is None else hour
        minute = (days_ago * 13) % 4 * 15
        return dt.datetime.combine(
            self.day(days_ago), dt.time(hour, minute), tzinfo=timezone.get_current_timezone()
        )

    def staff(self, who: str) -> Staff:
        return self.organisation.staff[who]

    def people(self, keys: Iterable[str]) -> list[Member]:
        return [self.members[key] for key in keys]

    def member(
        self,
        key: str,
        role: str,
        first_name: str,
        last_name: str,
        *,
        age: int,
        gender: str,
        has_cpr: bool = True,
        traits: Traits | None = None,
        **fields: object,
    ) -> Member:
        """Add a member aged ``age`` today, with a CPR number unless ``has_cpr`` is off."""
        seed = self.seed * 10 + len(self.members)
        birth_date = demo_birth_date(self.today, age, seed)
        identity: dict[str, object] = (
            {"cpr": demo_cpr(birth_date, gender=gender, seed=seed)}
            if has_cpr
            else {"birth_date": birth_date}
        )
        fields = {**(traits or {}), **fields}
        fields.setdefault("address", self.address)
        fields.setdefault("postal_code", self.organisation.spec.postal_code)
        fields.setdefault("city", self.organisation.municipality.name)
        self.members[key] = members.add_member(
            actor=self.family.created_by,
            family=self.family,
            role=role,
            first_name=first_name,
            last_name=last_name,
            gender=gender,
            **identity,
            **fields,
        )
        return self.members[key]

    def move(self, who: str, *statuses: str, reason: str = "") -> None:
        """Walk the family through the given statuses; the last one gets the reason."""
        for index, status in enumerate(statuses):
            self.family = cases.change_family_status(
                actor=self.staff(who).user,
                family=self.family,
                to_status=status,
                reason=reason if index == len(statuses) - 1 else "",
            )

    def coordinators(self, primary: str, secondary: str = "", *, by: str = "coordinator") -> None:
        """Set the family coordinators; ``by`` is the team lead who decides it."""
        actor = self.staff(by).user
        wanted = {
            FamilyCoordinator.Kind.PRIMARY: primary,
            FamilyCoordinator.Kind.SECONDARY: secondary,
        }
        # Whoever opened the record is its primary coordinator until the team decides otherwise.
        for coordinator in self.family.coordinators.select_related("user"):
            if coordinator.user.username != wanted[FamilyCoordinator.Kind(coordinator.kind)]:
                coordination.remove_coordinator(actor=actor, coordinator=coordinator)
        kept = set(self.family.coordinators.values_list("kind", flat=True))
        for kind, who in wanted.items():
            if who and kind not in kept:
                coordination.assign_coordinator(
                    actor=actor, family=self.family, user=self.staff(who).user, kind=kind
                )

    def consent(
        self,
        who: str,
        days_ago: int,
        *,
        given_by: Iterable[str],
        departments: Iterable[str],
        note: str = "",
    ) -> None:
        consents.record_consent(
            actor=self.staff(who).user,
            family=self.family,
            given_by=self.people(given_by),
            departments=[self.organisation.departments[name] for name in departments],
            given_on=self.day(days_ago),
            note=note,
        )
        # The service moves an awaiting family to included on its own copy of the row.
        self.family.refresh_from_db()

    def handover(
        self,
        who: str,
        days_ago: int,
        department: str,
        *,
        about: str | None,
        case_reference: str,
        former_caseworker: str,
        note: str,
    ) -> None:
        handovers.record_handover(
            actor=self.staff(who).user,
            family=self.family,
            department=self.organisation.departments[department],
            handed_over_on=self.day(days_ago),
            member=self.members[about] if about else None,
            case_reference=case_reference,
            former_caseworker=former_caseworker,
            note=note,
        )

    def note(
        self, who: str, days_ago: int, category: str, text: str, *, about: Iterable[str] = ()
    ) -> None:
        staff = self.staff(who)
        journal.write_journal_note(
            actor=staff.user,
            family=self.family,
            department_id=staff.department.pk,
            written_on=self.day(days_ago),
            category=category,
            text=text,
            members=self.people(about),
        )

    def contact(
        self,
        who: str,
        kind: str,
        days_ago: int,
        summary: str,
        *,
        with_: Iterable[str] = (),
        hour: int | None = None,
    ) -> None:
        staff = self.staff(who)
        contacts.log_contact(
            actor=staff.user,
            family=self.family,
            department_id=staff.department.pk,
            kind=kind,
            occurred_at=self.at(days_ago, hour),
            summary=summary,
            members=self.people(with_),
        )


# --- The Nordby families ---------------------------------------------------------------------


def write_holmgaard(case: Case) -> None:
    """Case review 1: mother, son 15, daughter 10, Danish origin; consent leaves out Jobcenter."""
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


def write_baran(case: Case) -> None:
    """Case review 2: Kurdish family, sons 18 and 16 in focus after SSP's concern before a trial."""
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


def write_amedi(case: Case) -> None:
    """Case review 3: four children, son 16 and daughter 12 in focus, found by outreach work."""
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


def write_mansour(case: Case) -> None:
    """Case review 4: divorced parents with shared custody; the daughter has a UKN case."""
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


def write_warsame(case: Case) -> None:
    """Referred this week by the housing social worker; no consent yet."""
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


def write_ahmadi(case: Case) -> None:
    """In screening after a police concern passed on through SSP."""
    case.member(
        "far",
        Role.PARENT,
        "Farid",
        "Ahmadi",
        age=50,
        gender=Gender.MALE,
        is_custody_holder=True,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Dari, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        school_or_workplace="Køkkenmedhjælper",
    )
    case.member(
        "mor",
        Role.PARENT,
        "Zahra",
        "Ahmadi",
        age=46,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Dari",
        needs_interpreter=True,
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.PUBLIC_BENEFIT,
    )
    case.member(
        "omid",
        Role.TARGET_CHILD,
        "Omid",
        "Ahmadi",
        age=17,
        gender=Gender.MALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Dansk, dari",
        school_or_workplace="FGU Nordby (højt fravær)",
        education_status=Education.FGU,
        support_status=Support.IN_EDUCATION,
    )
    case.member(
        "navid",
        Role.SIBLING,
        "Navid",
        "Ahmadi",
        age=13,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, dari",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        20,
        "Første hjemmebesøg med tolk: fortalte om kerneteamet. Familien vil gerne høre mere.",
        with_=["far", "mor", "omid"],
    )
    case.contact(
        "nordby.ssp",
        Kind.INFORMAL_TALK,
        12,
        "Snak med Omid i ungdomsklubben.",
        with_=["omid"],
        hour=19,
    )
    case.move("coordinator", Status.SCREENING)


def write_chahine(case: Case) -> None:
    """Awaiting consent: the 19-year-old decides for himself and wants time to think."""
    case.member(
        "mor",
        Role.PARENT,
        "Pia",
        "Chahine",
        age=46,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        origin=Origin.DANISH,
        languages="Dansk",
        school_or_workplace="Social- og sundhedshjælper",
        education_status=Education.VOCATIONAL,
        support_status=Support.EMPLOYED,
    )
    case.member(
        "far",
        Role.PARENT,
        "Rami",
        "Chahine",
        age=49,
        gender=Gender.MALE,
        origin=Origin.IMMIGRANT_NON_WESTERN,
        languages="Arabisk, dansk",
        lives_in_household=False,
        address="Havnegade 40, 3. tv.",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.UNKNOWN,
    )
    # One parent is a Danish citizen born in Denmark, so Statistics Denmark counts the children
    # as of Danish origin.
    case.member(
        "karim",
        Role.TARGET_CHILD,
        "Karim",
        "Chahine",
        age=19,
        gender=Gender.MALE,
        origin=Origin.DANISH,
        languages="Dansk, arabisk",
        education_status=Education.NONE,
        support_status=Support.PUBLIC_BENEFIT,
    )
    case.member(
        "sofie",
        Role.SIBLING,
        "Sofie",
        "Chahine",
        age=11,
        gender=Gender.FEMALE,
        origin=Origin.DANISH,
        languages="Dansk",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        44,
        "Ringede til Pia om henvisningen.",
        with_=["mor"],
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        40,
        "Møde med Karim på biblioteket.",
        with_=["karim"],
    )
    case.contact(
        "caseworker",
        Kind.TEXT,
        30,
        "Sms med Karim: han kommer gerne igen.",
        with_=["karim"],
    )
    case.contact(
        "caseworker",
        Kind.HOME_VISIT,
        18,
        "Hjemmebesøg: gennemgik samtykkeerklæringen. Karim vil tænke over det til næste uge.",
        with_=["mor", "karim", "sofie"],
    )
    case.contact(
        "jobcentre",
        Kind.PRACTICAL_HELP,
        8,
        "Hjalp Karim med at booke tid om uddannelseshjælp.",
        with_=["karim"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)


def write_yilmaz(case: Case) -> None:
    """Included three weeks ago; the assessment has not started yet."""
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


def write_al_sayed(case: Case) -> None:
    """In assessment: journal reviews from several departments are coming in."""
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


def write_osmani(case: Case) -> None:
    """Closed after the plan's goals were met, with an aftercare check."""
    parents: Traits = {"origin": Origin.IMMIGRANT_NON_WESTERN, "is_custody_holder": True}
    case.member(
        "far",
        Role.PARENT,
        "Besnik",
        "Osmani",
        age=47,
        gender=Gender.MALE,
        languages="Albansk, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        school_or_workplace="Buschauffør",
        traits=parents,
    )
    case.member(
        "mor",
        Role.PARENT,
        "Arta",
        "Osmani",
        age=44,
        gender=Gender.FEMALE,
        languages="Albansk, dansk",
        education_status=Education.NOT_APPLICABLE,
        support_status=Support.EMPLOYED,
        school_or_workplace="Kantinemedarbejder",
        traits=parents,
    )
    case.member(
        "liridon",
        Role.TARGET_CHILD,
        "Liridon",
        "Osmani",
        age=19,
        gender=Gender.MALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, albansk",
        school_or_workplace="Tømrerlærling",
        education_status=Education.VOCATIONAL,
        support_status=Support.IN_EDUCATION,
    )
    case.member(
        "drita",
        Role.SIBLING,
        "Drita",
        "Osmani",
        age=14,
        gender=Gender.FEMALE,
        origin=Origin.DESCENDANT_NON_WESTERN,
        languages="Dansk, albansk",
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
    )
    case.contact(
        "coordinator",
        Kind.HOME_VISIT,
        715,
        "Første hjemmebesøg; familien er positiv.",
        with_=["far", "mor", "liridon"],
    )
    case.move("coordinator", Status.SCREENING, Status.AWAITING_CONSENT)
    case.consent(
        "coordinator",
        705,
        given_by=["far", "mor", "liridon"],
        departments=ALL_DEPARTMENTS,
    )
    case.coordinators("coordinator", "caseworker")
    case.handover(
        "caseworker",
        704,
        BOERN,
        about="liridon",
        case_reference=f"BF-{case.year(760)}-03310",
        former_caseworker="Jens Kromann",
        note="Forebyggende sag efter en sigtelse for hæleri og meget fravær.",
    )
    case.handover(
        "nordby.ssp",
        704,
        SSP,
        about="liridon",
        case_reference=f"SSP-{case.year(760)}-054",
        former_caseworker="Morten Skovbo",
        note="Liridon på SSP's liste over unge i risiko, niveau 3.",
    )
    case.move("coordinator", Status.ASSESSMENT)
    case.note(
        "coordinator",
        690,
        Note.ASSESSMENT,
        "Samlet vurdering: Liridon driver rundt efter 9. klasse og er tæt på en gruppe ældre "
        "unge. Forældrene er i arbejde og samarbejder godt.",
        about=["liridon"],
    )
    case.move("coordinator", Status.ACTION_PLAN)
    case.note(
        "jobcentre",
        600,
        Note.GENERAL,
        "Liridon har fået fritidsjob hos en tømrer via en virksomhedskontakt.",
        about=["liridon"],
    )
    case.note(
        "nordby.fritid",
        520,
        Note.GENERAL,
        "Drita går til håndbold to gange om ugen.",
        about=["drita"],
    )
    case.note(
        "caseworker",
        400,
        Note.GENERAL,
        "Tømreren tilbyder Liridon en læreplads. Han starter på erhvervsskolen efter nytår.",
        about=["liridon"],
    )
    case.note(
        "coordinator",
        120,
        Note.ASSESSMENT,
        "Revurdering: målene er nået. Liridon er i lære og har ikke været sigtet i over et år.",
        about=["liridon"],
    )
    case.move("coordinator", Status.PHASING_OUT)
    case.contact(
        "caseworker",
        Kind.CALL,
        60,
        "Opfølgning med Arta: alt går godt.",
        with_=["mor"],
    )
    case.note(
        "coordinator",
        30,
        Note.DECISION,
        "Forløbet afsluttes. Efterværn: vi ringer til familien om tre måneder og tjekker, om "
        "Liridon igen er i risiko.",
        about=["liridon", "far", "mor"],
    )
    case.move(
        "coordinator",
        Status.CLOSED,
        reason="Målene i familiehandleplanen er nået: Liridon er i gang med en "
        "erhvervsuddannelse og har ikke haft sigtelser i over et år. Efterværnsopfølgning om "
        "tre måneder.",
    )


def write_lindberg(case: Case) -> None:
    """Rejected at screening: the national criteria are not met."""
    danish: Traits = {"origin": Origin.DANISH, "languages": "Dansk"}
    case.member(
        "mor",
        Role.PARENT,
        "Tina",
        "Lindberg",
        age=39,
        gender=Gender.FEMALE,
        is_custody_holder=True,
        education_status=Education.HIGHER,
        support_status=Support.EMPLOYED,
        traits=danish,
    )
    case.member(
        "far",
        Role.PARENT,
        "Jesper",
        "Lindberg",
        age=41,
        gender=Gender.MALE,
        is_custody_holder=True,
        education_status=Education.VOCATIONAL,
        support_status=Support.EMPLOYED,
        traits=danish,
    )
    case.member(
        "oliver",
        Role.TARGET_CHILD,
        "Oliver",
        "Lindberg",
        age=11,
        gender=Gender.MALE,
        education_status=Education.PRIMARY_SCHOOL,
        support_status=Support.NOT_APPLICABLE,
        traits=danish,
    )
    case.contact(
        "caseworker",
        Kind.CALL,
        85,
        "Ringede til Tina om skolens henvendelse.",
        with_=["mor"],
    )
    case.contact(
        "caseworker",
        Kind.MEETING,
        75,
        "Afklarende samtale med Tina og Jesper.",
        with_=["mor", "far"],
    )
    case.move("coordinator", Status.SCREENING)
    case.move(
        "coordinator",
        Status.REJECTED,
        reason="Kriterierne er ikke opfyldt: ingen tegn på risikoadfærd i grupper eller "
        "relation til bandemiljøet, og familien bor ikke i et udsat boligområde. Henvist til "
        "Børn og Familie's rådgivning og SSP's forebyggende tilbud på skolen.",
    )


def write_el_amin(case: Case) -> None:
    """Withdrawn: the father withdrew the family's consent."""
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


# --- The Sydby families ----------------------------------------------------------------------


def write_hussein(case: Case) -> None:
    """Sydby: included recently, so ``outsider`` has a family of their own to open."""
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


def write_kristiansen(case: Case) -> None:
    """Sydby: in screening."""
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


@dataclass(frozen=True)
class FamilySpec:
    name: str
    housing_area: str
    address: str
    notes: str
    write: Callable[[Case], None]
    registered_by: str = "caseworker"


NORDBY_FAMILIES: tuple[FamilySpec, ...] = (
    FamilySpec(
        "Holmgaard",
        "Ravnsbjerg Syd",
        "Ravnsbjergvej 14, 2. th.",
        "Henvist på grund af underretninger om Mikkel og politiets oplysninger på § 115-møder.",
        write_holmgaard,
    ),
    FamilySpec(
        "Baran",
        "Kildeparken",
        "Kildeparken 41, st. tv.",
        "Underretning fra SSP om Rojhat forud for et retsmøde; bekymring for lillebror Diyar.",
        write_baran,
        registered_by="nordby.ssp",
    ),
    FamilySpec(
        "Amedi",
        "Nørremarken",
        "Nørremarksparken 7, 1. mf.",
        "Fundet ved opsøgende arbejde: Hozan ses i medborgerhuset i skoletiden.",
        write_amedi,
        registered_by="nordby.ssp",
    ),
    FamilySpec(
        "Mansour",
        "Ravnsbjerg Syd",
        "Ravnsbjergvej 22, 3. tv.",
        "Yara har en sag i Ungdomskriminalitetsnævnet; Adams skoletilbud holder ikke.",
        write_mansour,
        registered_by="coordinator",
    ),
    FamilySpec(
        "Warsame",
        "Kildeparken",
        "Kildeparken 12, 4. th.",
        "Henvist af den boligsociale medarbejder: Abdirahman ses sent om aftenen med ældre "
        "unge ved centret.",
        write_warsame,
    ),
    FamilySpec(
        "Ahmadi",
        "Ravnsbjerg Syd",
        "Ravnsbjergvej 8, 1. tv.",
        "Politiet har via SSP meldt bekymring: Omid er flere gange stoppet sammen med en kendt "
        "gruppering ved stationen.",
        write_ahmadi,
    ),
    FamilySpec(
        "Chahine",
        "Nørremarken",
        "Nørremarksvej 31",
        "Henvist via netværket omkring en ung, der allerede er i forløb.",
        write_chahine,
    ),
    FamilySpec(
        "Yılmaz",
        "Kildeparken",
        "Kildeparken 3, 2. tv.",
        "Henvist af skolen: Emre er i konflikter og ses med ældre unge efter skoletid.",
        write_yilmaz,
    ),
    FamilySpec(
        "Al-Sayed",
        "Ravnsbjerg Syd",
        "Ravnsbjergvej 30, st. th.",
        "SSP-bekymring: Yusuf er droppet ud af 10. klasse og ses i gruppen ved stationen.",
        write_al_sayed,
        registered_by="nordby.ssp",
    ),
    FamilySpec(
        "Osmani",
        "Nørremarken",
        "Nørremarksvej 12",
        "Henvist af Børn og Familie efter en sigtelse og meget fravær.",
        write_osmani,
        registered_by="coordinator",
    ),
    FamilySpec(
        "Lindberg",
        "Bakkely",
        "Bakkelyvej 17",
        "Henvist af skolen på grund af Olivers vrede og slåskampe i frikvartererne.",
        write_lindberg,
    ),
    FamilySpec(
        "El-Amin",
        "Ravnsbjerg Syd",
        "Ravnsbjergvej 19, 2. tv.",
        "Underretning fra politiet: Bilal anholdt sammen med ældre unge fra Ravnsbjerg.",
        write_el_amin,
    ),
)

SYDBY_FAMILIES: tuple[FamilySpec, ...] = (
    FamilySpec(
        "Hussein",
        "Strandparken",
        "Strandparken 6, 2. th.",
        "Henvist af SSP efter flere episoder ved stationen.",
        write_hussein,
        registered_by="outsider",
    ),
    FamilySpec(
        "Kristiansen",
        "Strandparken",
        "Strandparken 21, st. tv.",
        "Henvist af skolen; Noah har meget fravær.",
        write_kristiansen,
        registered_by="outsider",
    ),
)

FAMILIES_BY_MUNICIPALITY: dict[str, tuple[FamilySpec, ...]] = {
    NORDBY.code: NORDBY_FAMILIES,
    SYDBY.code: SYDBY_FAMILIES,
}
GRANT_FAMILY = "Amedi"


# --- Building it all -------------------------------------------------------------------------


def ensure_organisation(spec: MunicipalitySpec, summary: DemoSummary) -> Organisation:
    """Get or create the municipality, its departments and its core team."""
    municipality, created = Municipality.objects.get_or_create(
        code=spec.code, defaults={"name": spec.name, "reference_prefix": spec.reference_prefix}
    )
    summary.municipalities_created += created
    departments = {}
    for name, kind in DEPARTMENTS:
        departments[name], created = Department.objects.get_or_create(
            municipality=municipality, name=name, defaults={"kind": kind}
        )
        summary.departments_created += created
    team, created = Team.objects.get_or_create(
        municipality=municipality, name=spec.team_name, defaults={"capacity": spec.team_capacity}
    )
    summary.teams_created += created
    return Organisation(
        municipality=municipality, team=team, departments=departments, staff={}, spec=spec
    )


def ensure_user(
    spec: UserSpec, organisations: dict[str, Organisation], summary: DemoSummary
) -> User:
    """Create or reset a demo user (password "demo", or unusable), with their team membership."""
    organisation = organisations[spec.municipality.code] if spec.municipality else None
    user, created = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": spec.email,
            "phone": spec.phone,
            "municipality": organisation.municipality if organisation else None,
            "is_steering_group": spec.is_steering_group,
            "is_municipality_admin": spec.is_municipality_admin,
            "is_national_evaluator": spec.is_national_evaluator,
            "is_active": True,
        },
    )
    if spec.can_log_in:
        user.set_password(DEMO_PASSWORD)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    if created:
        summary.users_created += 1
    else:
        summary.users_reset += 1
    if organisation and spec.department:
        department = organisation.departments[spec.department]
        organisation.staff[spec.username] = Staff(user=user, department=department)
        if spec.role:
            TeamMembership.objects.update_or_create(
                user=user,
                team=organisation.team,
                defaults={"department": department, "role": spec.role, "is_active": True},
            )
    return user


def ensure_family(organisation: Organisation, spec: FamilySpec, seed: int) -> bool:
    """Write one demo family unless the municipality already has a family of that name."""
    if Family.objects.filter(municipality=organisation.municipality, name=spec.name).exists():
        return False
    family = cases.create_family(
        actor=organisation.staff[spec.registered_by].user,
        team=organisation.team,
        name=spec.name,
        housing_area=spec.housing_area,
        notes=spec.notes,
    )
    spec.write(
        Case(
            family=family,
            organisation=organisation,
            address=spec.address,
            today=timezone.localdate(),
            seed=seed,
        )
    )
    return True


def ensure_outside_grant(organisation: Organisation) -> bool:
    """Invite the school consultant to one family, unless an unexpired grant already exists."""
    family = Family.objects.get(municipality=organisation.municipality, name=GRANT_FAMILY)
    consultant = organisation.staff["consultant"]
    today = timezone.localdate()
    if any(
        grant.is_active_on(today)
        for grant in FamilyGrant.objects.filter(family=family, user=consultant.user)
    ):
        return False
    outside_access.grant_outside_access(
        actor=organisation.staff["coordinator"].user,
        family=family,
        user=consultant.user,
        department=consultant.department,
        valid_until=today + dt.timedelta(days=GRANT_DAYS),
        reason="Skolekonsulent: fælles plan for Lanas fremmøde og Hozans efterskole.",
    )
    return True


def demo_logins(organisations: dict[str, Organisation]) -> list[DemoLogin]:
    """The table of demo logins: who each one is and what they can do."""
    logins = []
    for spec in USERS:
        if not spec.can_log_in:
            continue
        place = [spec.department] if spec.department else []
        if spec.role and spec.municipality:
            place.append(organisations[spec.municipality.code].team.name)
        elif spec.municipality:
            place.append(spec.municipality.name)
        else:
            place.append("all municipalities")
        logins.append(
            DemoLogin(
                username=spec.username,
                full_name=f"{spec.first_name} {spec.last_name}",
                where=", ".join(place),
                can_do=spec.can_do,
            )
        )
    return logins


@transaction.atomic
def seed_demo() -> DemoSummary:
    """Create (or top up) the whole demo: organisation, users, families and the outside grant."""
    summary = DemoSummary()
    organisations = {spec.code: ensure_organisation(spec, summary) for spec in MUNICIPALITIES}
    for user_spec in USERS:
        ensure_user(user_spec, organisations, summary)
    family_specs = [
        (code, spec) for code, specs in FAMILIES_BY_MUNICIPALITY.items() for spec in specs
    ]
    # The position seeds the invented birth dates and CPR numbers, so they never change.
    for seed, (code, family_spec) in enumerate(family_specs):
        if ensure_family(organisations[code], family_spec, seed):
            summary.families_created.append(family_spec.name)
        else:
            summary.families_existing.append(family_spec.name)
    summary.grants_created += ensure_outside_grant(organisations[NORDBY.code])
    summary.logins = demo_logins(organisations)
    return summary
