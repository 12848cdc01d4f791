"""Write the whole demo, phase by phase; running it again creates nothing twice.

1. The organisation: municipalities, departments, teams, users (`demo.organisation`).
2. Family records, for every family with a ``record`` not there yet; then the outside grant.
3. Referrals: the national housing-area list, local criteria, then every family's referral
   (families with a referral are skipped; new arrivals are skipped when the family exists).
4. Assessments, for families with an ``assessment`` story and no assessment yet.
5. Action plans, for families with a ``plan`` and no plan yet; then the due items the daily task
   would create.
6. Measurement waves for the families in the programme (`demo.measurements`).
7. Two fidelity-survey rounds per municipality and later SSP levels (`demo.fidelity`).

Each phase looks only at what the earlier ones wrote, so a database seeded before a phase existed
is topped up the next time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

import screening
from actionplans.models import ActionPlan
from actionplans.services import reminders
from assessment.instruments import load_instruments
from assessment.models import Assessment
from demo.assessment_content import write_assessment
from demo.builder import Case, DemoFamily, PlanCase, write_referral
from demo.families import FAMILIES
from demo.fidelity import write_evaluation
from demo.measurements import write_measurements
from demo.organisation import (
    MUNICIPALITIES,
    OUTSIDE_GRANTS,
    DemoLogin,
    Organisation,
    demo_logins,
    ensure_organisations,
    ensure_outside_grant,
)
from families.models import Family
from families.services import cases
from screening.models import LocalCriterion
from screening.services import housing_areas

# The national list of vulnerable housing areas, as the screening app ships it.
HOUSING_AREAS_CSV = Path(screening.__file__).resolve().parent / "data" / "housing_areas.csv"


@dataclass
class DemoSummary:
    """What one run found and created."""

    created: Counter[str] = field(default_factory=Counter)
    families_created: list[str] = field(default_factory=list)
    families_existing: list[str] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)


def _existing(organisation: Organisation, family: DemoFamily) -> Family | None:
    return Family.objects.filter(municipality=organisation.municipality, name=family.name).first()


def write_records(
    organisations: dict[str, Organisation],
    families: Iterable[DemoFamily],
    today: dt.date,
    summary: DemoSummary,
) -> None:
    """Phase 2: the family records. A family's position seeds its invented people."""
    with_record = [family for family in families if family.record is not None]
    for seed, family in enumerate(with_record):
        organisation = organisations[family.municipality.code]
        if _existing(organisation, family) is not None:
            summary.families_existing.append(family.name)
            continue
        record = cases.create_family(
            actor=organisation.staff[family.registered_by].user,
            team=organisation.team,
            name=family.name,
            housing_area=family.housing_area,
            notes=family.notes,
        )
        assert family.record is not None
        family.record(
            Case(
                family=record,
                organisation=organisation,
                address=family.address,
                today=today,
                seed=seed,
            )
        )
        summary.families_created.append(family.name)
    for grant in OUTSIDE_GRANTS:
        organisation = organisations[grant.municipality.code]
        summary.created["outside grants"] += ensure_outside_grant(organisation, grant)


def _local_criteria(organisation: Organisation) -> None:
    municipality = organisation.municipality
    LocalCriterion.objects.get_or_create(
        municipality=municipality,
        label="Familien har brug for hjælp fra mindst tre forvaltninger",
        defaults={"kind": LocalCriterion.Kind.MIN_DEPARTMENTS, "number": 3, "order": 1},
    )
    LocalCriterion.objects.get_or_create(
        municipality=municipality,
        label="SSP-bekymringsniveau 2–4",
        defaults={"kind": LocalCriterion.Kind.MIN_SSP_LEVEL, "number": 2, "order": 2},
    )


def write_referrals(
    organisations: dict[str, Organisation],
    families: Iterable[DemoFamily],
    today: dt.date,
    summary: DemoSummary,
) -> None:
    """Phase 3: housing areas, local criteria and every family's referral."""
    with HOUSING_AREAS_CSV.open(encoding="utf-8", newline="") as handle:
        areas = housing_areas.import_housing_areas(rows=list(csv.DictReader(handle)))
    summary.created["housing areas"] += areas.created
    for spec in MUNICIPALITIES:
        _local_criteria(organisations[spec.code])
    for family in families:
        organisation = organisations[family.municipality.code]
        existing = _existing(organisation, family)
        if family.arrives is not None:
            if existing is not None:
                summary.families_existing.append(family.name)
                continue
            family.arrives(organisation, today)
            summary.families_created.append(family.name)
        elif family.referral is not None:
            if existing is None or existing.referrals.exists():
                continue
            write_referral(existing, family.referral, today)
        else:
            continue
        summary.referrals.append(family.name)


def write_assessments(
    organisations: dict[str, Organisation],
    families: Iterable[DemoFamily],
    today: dt.date,
    summary: DemoSummary,
) -> None:
    """Phase 4: the assessments, for the families that have come that far."""
    load_instruments()
    for family in families:
        if family.assessment is None:
            continue
        existing = _existing(organisations[family.municipality.code], family)
        if existing is None or Assessment.objects.filter(family=existing).exists():
            continue
        if write_assessment(existing, family.assessment, today):
            summary.assessments.append(f"{family.name} ({family.assessment.value})")


def write_plans(
    organisations: dict[str, Organisation],
    families: Iterable[DemoFamily],
    today: dt.date,
    summary: DemoSummary,
) -> None:
    """Phase 5: the action plans, then the due items the daily task would create."""
    for family in families:
        if family.plan is None:
            continue
        organisation = organisations[family.municipality.code]
        existing = _existing(organisation, family)
        if existing is None or ActionPlan.objects.filter(family=existing).exists():
            continue
        with transaction.atomic():
            written = family.plan(PlanCase(family=existing, organisation=organisation, today=today))
        if written:
            summary.plans.append(written)
    summary.created["notifications"] += reminders.create_due_items(today)


@transaction.atomic
def seed_demo(families: Iterable[DemoFamily] = FAMILIES) -> DemoSummary:
    """Create (or top up) the whole demo."""
    families = list(families)
    summary = DemoSummary()
    today = timezone.localdate()
    organisations = ensure_organisations(summary.created)
    for phase in (
        write_records,
        write_referrals,
        write_assessments,
        write_plans,
        write_measurements,
        write_evaluation,
    ):
        phase(organisations, families, today, summary)
    summary.logins = demo_logins(organisations)
    return summary
