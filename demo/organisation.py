"""The demo organisation: municipalities, departments, core teams, users per role, outside grants.

Two invented municipalities: Nordby (most families, every role) and Sydby (a second tenant, so the
"other municipality" cases show). Every user has the password "demo", except the team members who
make the team look real and cannot log in. Phone numbers start with 00, which no Danish subscriber
number does; mail domains end in .example.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.models import Family, FamilyGrant
from families.services import outside_access

DEMO_PASSWORD = "demo"
# Every demo user who can log in has this one TOTP key enrolled (two-factor log-in), so anyone
# trying the demo, or a script, can compute the code: `oathtool --totp -b <key>`. Development only.
DEMO_TOTP_SECRET = "KERNETEAMDEMOKEYKERNETEAMDEMOKEY"
GRANT_DAYS = 60

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


@dataclass(frozen=True)
class OutsideGrant:
    """An invitation of someone outside the team to one family, renewed when it has run out."""

    municipality: MunicipalitySpec
    family: str
    user: str
    granted_by: str
    reason: str


OUTSIDE_GRANTS: tuple[OutsideGrant, ...] = (
    OutsideGrant(
        NORDBY,
        "Amedi",
        "consultant",
        "coordinator",
        "Skolekonsulent: fælles plan for Lanas fremmøde og Hozans efterskole.",
    ),
)


def ensure_organisation(spec: MunicipalitySpec, created: Counter[str]) -> Organisation:
    """Get or create the municipality, its departments and its core team."""
    municipality, is_new = Municipality.objects.get_or_create(
        code=spec.code, defaults={"name": spec.name, "reference_prefix": spec.reference_prefix}
    )
    created["municipalities"] += is_new
    departments = {}
    for name, kind in DEPARTMENTS:
        departments[name], is_new = Department.objects.get_or_create(
            municipality=municipality, name=name, defaults={"kind": kind}
        )
        created["departments"] += is_new
    team, is_new = Team.objects.get_or_create(
        municipality=municipality, name=spec.team_name, defaults={"capacity": spec.team_capacity}
    )
    created["teams"] += is_new
    return Organisation(
        municipality=municipality, team=team, departments=departments, staff={}, spec=spec
    )


def ensure_user(
    spec: UserSpec, organisations: dict[str, Organisation], created: Counter[str]
) -> User:
    """Create or reset a demo user (password "demo", or unusable), with their team membership."""
    organisation = organisations[spec.municipality.code] if spec.municipality else None
    user, is_new = User.objects.update_or_create(
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
        enrol_demo_totp(user)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    created["users" if is_new else "users reset"] += 1
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


def enrol_demo_totp(user: User) -> None:
    """The demo user's authenticator app: the one demo key (README, printed by seed_demo)."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.filter(user=user).exclude(key=key, confirmed=True).delete()
    TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, key=key, defaults={"name": "Demo authenticator"}
    )


def ensure_organisations(created: Counter[str]) -> dict[str, Organisation]:
    """Every demo municipality with its departments, team and users, by municipality code."""
    organisations = {spec.code: ensure_organisation(spec, created) for spec in MUNICIPALITIES}
    for user_spec in USERS:
        ensure_user(user_spec, organisations, created)
    return organisations


def ensure_outside_grant(organisation: Organisation, grant: OutsideGrant) -> bool:
    """Invite someone outside the team to one family, unless an unexpired grant already exists."""
    family = Family.objects.get(municipality=organisation.municipality, name=grant.family)
    guest = organisation.staff[grant.user]
    today = timezone.localdate()
    if any(
        existing.is_active_on(today)
        for existing in FamilyGrant.objects.filter(family=family, user=guest.user)
    ):
        return False
    outside_access.grant_outside_access(
        actor=organisation.staff[grant.granted_by].user,
        family=family,
        user=guest.user,
        department=guest.department,
        valid_until=today + dt.timedelta(days=GRANT_DAYS),
        reason=grant.reason,
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
