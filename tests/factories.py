"""Deterministic factories: sequences, never random data."""

import datetime as dt

import factory

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.models import Family, Member


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kommune {n}")
    code = factory.Sequence(lambda n: f"{100 + n:03d}")
    reference_prefix = factory.Sequence(
        lambda n: "K" + "".join(chr(65 + int(d)) for d in f"{n:03d}")
    )


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Forvaltning {n}")
    kind = Department.Kind.CHILDREN_FAMILY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kerneteam {n}")
    capacity = 30


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Fornavn{n}")
    last_name = "Efternavn"
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = TeamMembership.Role.CASEWORKER


class FamilyFactory(factory.django.DjangoModelFactory):
    """A family row as the database holds it; use services.create_family to test creation."""

    class Meta:
        model = Family

    team = factory.SubFactory(TeamFactory)
    municipality = factory.LazyAttribute(lambda family: family.team.municipality)
    reference = factory.Sequence(lambda n: f"T-2026-{n:04d}")
    name = factory.Sequence(lambda n: f"Familien {n}")
    created_by = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..municipality")
    )


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    family = factory.SubFactory(FamilyFactory)
    role = Member.Role.SIBLING
    first_name = factory.Sequence(lambda n: f"Barn{n}")
    last_name = "Efternavn"
    birth_date = factory.Sequence(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=n))
