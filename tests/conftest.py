"""Shared fixtures: one municipality (Nordby) with a core team, and the roles around it."""

from dataclasses import dataclass

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.models import Family, Member
from families.services import cases, consents, members
from tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
)
from tests.security.twofactor import VerifiedClient


@dataclass
class Organisation:
    municipality: Municipality
    team: Team
    children_family: Department
    employment: Department
    social: Department
    school: Department


def _organisation(name: str, code: str, prefix: str) -> Organisation:
    municipality = MunicipalityFactory(name=name, code=code, reference_prefix=prefix)

    def department(label: str, kind: str) -> Department:
        return DepartmentFactory(municipality=municipality, name=f"{label} {name}", kind=kind)

    return Organisation(
        municipality=municipality,
        team=TeamFactory(municipality=municipality, name=f"Kerneteam {name}"),
        children_family=department("Børn og Familie", Department.Kind.CHILDREN_FAMILY),
        employment=department("Jobcenter", Department.Kind.EMPLOYMENT),
        social=department("Socialforvaltningen", Department.Kind.SOCIAL),
        school=department("Skoleafdelingen", Department.Kind.SCHOOL),
    )


@pytest.fixture
def client() -> VerifiedClient:
    """Django's test client; its force_login also passes the second factor (two-factor log-in)."""
    return VerifiedClient()


@pytest.fixture(autouse=True)
def empty_file_storage(settings: Settings) -> None:
    """Every test starts with a new, empty in-memory file storage: a file one test stores (under a
    path with a database id another test may get again) is never seen by the next."""
    # Setting STORAGES (to the same value) sends setting_changed, which drops the storage objects.
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture
def nordby(db: None) -> Organisation:
    return _organisation("Nordby", "901", "NOR")


@pytest.fixture
def sydby(db: None) -> Organisation:
    return _organisation("Sydby", "902", "SYD")


def _team_user(org: Organisation, department: Department, role: str, username: str) -> User:
    user = UserFactory(username=username, municipality=org.municipality)
    MembershipFactory(user=user, team=org.team, department=department, role=role)
    return user


@pytest.fixture
def caseworker(nordby: Organisation) -> User:
    return _team_user(nordby, nordby.children_family, TeamMembership.Role.CASEWORKER, "caseworker")


@pytest.fixture
def other_department_user(nordby: Organisation) -> User:
    """A team caseworker from the jobcentre: another department than the caseworker's."""
    return _team_user(nordby, nordby.employment, TeamMembership.Role.CASEWORKER, "jobcentre")


@pytest.fixture
def coordinator(nordby: Organisation) -> User:
    return _team_user(nordby, nordby.social, TeamMembership.Role.TEAM_COORDINATOR, "coordinator")


@pytest.fixture
def outside_caseworker(nordby: Organisation) -> User:
    """A Nordby school consultant who is not on the core team."""
    return UserFactory(username="consultant", municipality=nordby.municipality)


@pytest.fixture
def steering(nordby: Organisation) -> User:
    return UserFactory(
        username="steering", municipality=nordby.municipality, is_steering_group=True
    )


@pytest.fixture
def evaluator(db: None) -> User:
    return UserFactory(username="evaluator", municipality=None, is_national_evaluator=True)


@pytest.fixture
def outsider(sydby: Organisation) -> User:
    """A caseworker in another municipality."""
    return _team_user(sydby, sydby.children_family, TeamMembership.Role.CASEWORKER, "outsider")


@pytest.fixture
def family(nordby: Organisation, caseworker: User) -> Family:
    """A referred Nordby family, mother and son; its creator (caseworker) is primary coordinator."""
    family = cases.create_family(actor=caseworker, team=nordby.team, name="Familien Jensen")
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.PARENT,
        is_custody_holder=True,
        first_name="Mette",
        last_name="Jensen",
        cpr="120385-1236",
    )
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.TARGET_CHILD,
        first_name="Jonas",
        last_name="Jensen",
        cpr="030511-4321",
    )
    return family


def give_consent(family: Family, actor: User, *departments: Department) -> None:
    """Bring a family to included with a consent covering the given departments."""
    for status in (Family.Status.SCREENING, Family.Status.AWAITING_CONSENT):
        if family.status != status:
            cases.change_family_status(actor=actor, family=family, to_status=status)
    custody = [m for m in family.members.all() if m.is_custody_holder]
    consents.record_consent(
        actor=actor,
        family=family,
        given_by=custody,
        departments=departments,
        given_on=timezone.localdate(),
    )
