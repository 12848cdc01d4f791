"""Assessment fixtures: the Jensen family past the consent gate, with instruments loaded."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation

from assessment.instruments import load_instruments
from assessment.models import Assessment, Instrument, Part, RnrDomain, TimelineEntry
from assessment.services import journal as journal_services
from assessment.services import meetings as meeting_services
from assessment.services import parts, versions
from assessment.services import risk as risk_services
from assessment.services import timeline as timeline_services
from families.models import Family, Member
from tests.conftest import give_consent

ALL_DOMAINS = list(RnrDomain.values)


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in the English source; Danish is the default language.
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """The test client asks for English pages, so assertions hold whatever the catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def instruments(db: None) -> dict[str, Instrument]:
    load_instruments()
    return {instrument.code: instrument for instrument in Instrument.objects.all()}


@pytest.fixture
def consented_family(family: Family, caseworker, nordby) -> Family:
    """Jensen with a consent covering Børn og Familie and Socialforvaltningen (not Jobcenter)."""
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    family.refresh_from_db()
    return family


@pytest.fixture
def assessment(consented_family: Family, caseworker, instruments) -> Assessment:
    return versions.start_assessment(actor=caseworker, family=consented_family)


def member(family: Family, first_name: str) -> Member:
    return Member.objects.get(family=family, first_name=first_name)


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def event_row(person: Member, department, day: dt.date, **extra: object) -> dict[str, object]:
    return {
        "member": person,
        "department": department,
        "kind": TimelineEntry.Kind.EVENT,
        "event_type": TimelineEntry.EventType.ARREST,
        "start_date": day,
        **extra,
    }


def measure_row(person: Member, department, start: dt.date, end=None, **extra: object):
    return {
        "member": person,
        "department": department,
        "kind": TimelineEntry.Kind.MEASURE,
        "measure_type": TimelineEntry.MeasureType.MENTOR,
        "start_date": start,
        "end_date": end,
        **extra,
    }


def complete(assessment: Assessment, actor, nordby, instruments) -> Assessment:
    """Fill every part with the least that lets it be marked done, and mark all six done."""
    family = assessment.family
    mette, jonas = member(family, "Mette"), member(family, "Jonas")
    from families.services import members

    members.update_member(
        actor=actor,
        member=jonas,
        education_status=Member.EducationStatus.PRIMARY_SCHOOL,
        school_or_workplace="Nordby Skole",
    )
    members.update_member(actor=actor, member=mette, support_status=Member.SupportStatus.EMPLOYED)
    journal_services.add_journal_entry(
        actor=actor,
        assessment=assessment,
        member=jonas,
        department=nordby.children_family,
        document_type="journal_note",
        document_date=days_ago(30),
        summary="Fravær",
        domains=["education_employment"],
    )
    timeline_services.add_timeline_entries(
        actor=actor,
        assessment=assessment,
        rows=[event_row(jonas, nordby.children_family, days_ago(100))],
    )
    risk_services.record_risk_assessment(
        actor=actor,
        assessment=assessment,
        member=jonas,
        instrument=instruments["YLS_CMI_2"],
        assessed_on=days_ago(1),
        domain_scores=dict.fromkeys(
            ALL_DOMAINS,
            1,
        ),
    )
    meeting_services.save_overall_assessment(
        actor=actor,
        assessment=assessment,
        concerns={jonas.pk: 2},
        meeting_date=days_ago(2),
        needs="Struktur",
        resources="Mor",
        challenges="Venner",
        priorities="Skolen først",
    )
    meeting_services.save_family_meeting(
        actor=actor,
        assessment=assessment,
        meeting_date=days_ago(1),
        notes="Gennemgik tidslinjen",
        family_view="»Vi vil have ro«",
        wishes="»En uddannelse«",
    )
    for part in Part.values:
        parts.mark_part_done(actor=actor, assessment=assessment, part=part)
    return assessment
