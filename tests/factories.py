"""Deterministic factories: sequences, never random data.

Each factory is a factory_boy class; calling it creates and saves a row: `UserFactory(username=…)`.
factory_boy builds the instance in its metaclass's untyped `__call__`, so to mypy the call would
return the factory class itself. `_typed` gives each factory the type of what calling it returns.
"""

import datetime as dt
from typing import Any, Protocol, TypeVar, cast

from django.db.models import Model
from factory.declarations import (
    LazyAttribute,
    PostGenerationMethodCall,
    SelfAttribute,
    Sequence,
    SubFactory,
)
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.models import Family, Member

M = TypeVar("M", bound=Model)
M_co = TypeVar("M_co", bound=Model, covariant=True)


class Factory(Protocol[M_co]):
    """A factory class, as its callers use it."""

    def __call__(self, **kwargs: Any) -> M_co: ...


def _typed(model: type[M], factory: type[DjangoModelFactory[M]]) -> Factory[M]:
    """The factory class itself, typed as what calling it returns."""
    assert factory._meta.model is model, f"{factory.__name__} does not make {model.__name__}"
    return cast(Factory[M], factory)


class _MunicipalityFactory(DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = Sequence(lambda n: f"Kommune {n}")
    code = Sequence(lambda n: f"{100 + n:03d}")
    reference_prefix = Sequence(lambda n: "K" + "".join(chr(65 + int(d)) for d in f"{n:03d}"))


MunicipalityFactory = _typed(Municipality, _MunicipalityFactory)


class _DepartmentFactory(DjangoModelFactory[Department]):
    class Meta:
        model = Department

    municipality = SubFactory(MunicipalityFactory)
    name = Sequence(lambda n: f"Forvaltning {n}")
    kind = Department.Kind.CHILDREN_FAMILY


DepartmentFactory = _typed(Department, _DepartmentFactory)


class _TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    municipality = SubFactory(MunicipalityFactory)
    name = Sequence(lambda n: f"Kerneteam {n}")
    capacity = 30


TeamFactory = _typed(Team, _TeamFactory)


def _save_after_password(user: User, create: bool, extracted: object, **kwargs: object) -> None:
    if create:
        user.save()


class _UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = Sequence(lambda n: f"user{n}")
    first_name = Sequence(lambda n: f"Fornavn{n}")
    last_name = "Efternavn"
    municipality = SubFactory(MunicipalityFactory)
    password = PostGenerationMethodCall("set_password", "demo")
    saved = post_generation(_save_after_password)


UserFactory = _typed(User, _UserFactory)


class _MembershipFactory(DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    user = SubFactory(UserFactory)
    team = SubFactory(TeamFactory)
    department = SubFactory(DepartmentFactory)
    role = TeamMembership.Role.CASEWORKER


MembershipFactory = _typed(TeamMembership, _MembershipFactory)


class _FamilyFactory(DjangoModelFactory[Family]):
    """A family row as the database holds it; use services.create_family to test creation."""

    class Meta:
        model = Family

    team = SubFactory(TeamFactory)
    municipality = LazyAttribute(lambda family: family.team.municipality)
    reference = Sequence(lambda n: f"T-2026-{n:04d}")
    name = Sequence(lambda n: f"Familien {n}")
    created_by = SubFactory(UserFactory, municipality=SelfAttribute("..municipality"))


FamilyFactory = _typed(Family, _FamilyFactory)


class _MemberFactory(DjangoModelFactory[Member]):
    class Meta:
        model = Member

    family = SubFactory(FamilyFactory)
    role = Member.Role.SIBLING
    first_name = Sequence(lambda n: f"Barn{n}")
    last_name = "Efternavn"
    birth_date = Sequence(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=n))


MemberFactory = _typed(Member, _MemberFactory)
