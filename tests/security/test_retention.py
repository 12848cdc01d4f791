"""Retention and erasure (GDPR art. 5(1)(e), 17; issue 9): a retention period per municipality after
closing, the archive-law exception, a nightly listing for the administrator, erasure only on
confirmation, nothing of the family left in any table, the access log kept for its own period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from actionplans.services import plans
from families import retention
from families.access import log_access
from families.models import (
    AccessLogEntry,
    Consent,
    ErasedFamily,
    ErasureDue,
    Family,
    InformationExchange,
    Member,
)
from families.services import cases, consents, contacts, journal
from families.services.information_exchange import record_information_exchange
from families.tasks import list_families_due_for_erasure
from tests.actionplans.conftest import add_goal, finished_assessment
from tests.conftest import Organisation
from tests.factories import UserFactory
from tests.security.test_uploads import pdf_bytes

pytestmark = pytest.mark.django_db

# What identifies the Jensen family (tests/conftest.py) and nobody else in the test database.
TRACES = ["Jensen", "Mette", "Jonas", "Gammelnavn", "120385", "1236", "030511", "4321"]


def _text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND data_type IN ('character varying', 'text', 'jsonb', 'json', 'character')
            """
        )
        return [(table, column) for table, column in cursor.fetchall()]


def traces_left(traces: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, trace) where a trace occurs in any text column of any table."""
    hits: list[tuple[str, str, str]] = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            for trace in traces:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1',
                    [f"%{trace}%"],
                )
                if cursor.fetchone():
                    hits.append((table, column, trace))
    return hits


@pytest.fixture
def admin(nordby: Organisation) -> User:
    return UserFactory(
        username="kommuneadmin", municipality=nordby.municipality, is_municipality_admin=True
    )


def close_long_ago(family: Family, actor: User, *, years: int = 6) -> None:
    from families.models import ALLOWED_TRANSITIONS

    family.refresh_from_db()
    ended = (
        Family.Status.CLOSED
        if Family.Status.CLOSED in ALLOWED_TRANSITIONS[family.status]
        else Family.Status.WITHDRAWN
    )
    cases.change_family_status(
        actor=actor, family=family, to_status=ended, reason="Forløbet er slut"
    )
    Family.objects.filter(pk=family.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=365 * years + 2)
    )
    family.refresh_from_db()


def rich_family(family: Family, actor: User, nordby: Organisation) -> Family:
    """The Jensen family with something in every app: consent with a document, a journal note,
    a contact, an information exchange, an assessment, a plan with a goal, a renamed and a deleted
    member, and access-log rows about them."""
    mette = family.members.get(first_name="Mette")
    jonas = family.members.get(first_name="Jonas")
    for status in (Family.Status.SCREENING, Family.Status.AWAITING_CONSENT):
        cases.change_family_status(actor=actor, family=family, to_status=status)
    consents.record_consent(
        actor=actor,
        family=family,
        given_by=[mette],
        departments=[nordby.children_family, nordby.social],
        given_on=timezone.localdate(),
        document=SimpleUploadedFile("samtykke-jensen.pdf", pdf_bytes()),
    )
    journal.write_journal_note(
        actor=actor,
        family=family,
        department_id=nordby.children_family.pk,
        written_on=timezone.localdate(),
        category="general",
        text="Mette Jensen fortæller om Jonas' skole.",
        members=[mette, jonas],
    )
    contacts.log_contact(
        actor=actor,
        family=family,
        department_id=nordby.children_family.pk,
        kind="call",
        occurred_at=timezone.now(),
        summary="Ringede til Mette Jensen",
        members=[mette],
    )
    record_information_exchange(
        actor=actor,
        family=family,
        direction=InformationExchange.Direction.SHARED,
        recipient_kind=InformationExchange.Recipient.POLICE,
        recipient="Nordby Politi",
        legal_basis=InformationExchange.LegalBasis.RPL_115,
        purpose="SSP",
        what="Jonas Jensen er i forløb",
        shared_on=timezone.localdate(),
        members=[jonas],
    )
    family.refresh_from_db()
    assessment = finished_assessment(family, actor)
    plan = plans.start_plan(actor=actor, assessment=assessment)
    add_goal(plan, actor, family_wording="Jonas Jensen går i skole hver dag")
    # A renamed member and one deleted long ago: only their history still holds the old names.
    mette.last_name = "Gammelnavn"
    mette.save()
    mette.last_name = "Jensen"
    mette.save()
    family.members.create(role=Member.Role.SIBLING, first_name="Karl", last_name="Gammelnavn")
    family.members.get(first_name="Karl").delete()
    log_access(user=actor, family=family, member=mette, what="Family member", path="/x/")
    family.refresh_from_db()
    return family


# --- Listing -------------------------------------------------------------------------------


def test_the_nightly_task_lists_a_family_past_its_period_once_and_names_nobody(
    admin: User, caseworker: User, family: Family, nordby: Organisation
) -> None:
    close_long_ago(family, caseworker, years=6)  # the default period is 5 years
    assert "families-retention" in settings.CELERY_BEAT_SCHEDULE
    result = list_families_due_for_erasure.delay().get()
    assert result["listed"] == 1
    assert retention.list_due_families() == 0  # idempotent
    due = ErasureDue.objects.get()
    assert due.family == family
    assert due.due_on == retention.add_years(retention.ended_on(family), 5)


def test_the_administrator_is_mailed_once_without_a_name(
    admin: User,
    caseworker: User,
    family: Family,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    admin.email = "admin@nordby.dk"
    admin.save()
    close_long_ago(family, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        retention.list_due_families()
    with django_capture_on_commit_callbacks(execute=True):
        retention.list_due_families()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@nordby.dk"]
    body = f"{mail.outbox[0].body}{mail.outbox[0].subject}"
    assert "Jensen" not in body
    assert family.reference not in body
    assert reverse("families:erasure_list") in body


def test_within_the_period_open_or_archived_families_are_not_listed(
    caseworker: User, family: Family, nordby: Organisation
) -> None:
    close_long_ago(family, caseworker, years=4)
    assert retention.list_due_families() == 0
    nordby.municipality.retention_years = 3
    nordby.municipality.save()
    assert retention.list_due_families() == 1

    retention.set_archive_exception(
        actor=caseworker, family=family, keep=True, reason="Rigsarkivets bevaringsbestemmelse"
    )
    assert not ErasureDue.objects.exists()  # taken off the list
    assert retention.list_due_families() == 0

    open_family = cases.create_family(actor=caseworker, team=nordby.team, name="Åben")
    Family.objects.filter(pk=open_family.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=3650)
    )
    assert retention.list_due_families() == 0


def test_a_reopened_family_is_taken_off_the_list(
    caseworker: User, family: Family, nordby: Organisation
) -> None:
    close_long_ago(family, caseworker)
    retention.list_due_families()
    cases.reopen_family(actor=caseworker, family=family, reason="Ny henvendelse")
    retention.list_due_families()
    assert not ErasureDue.objects.exists()


def test_the_archive_exception_needs_a_reason(caseworker: User, family: Family) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        retention.set_archive_exception(actor=caseworker, family=family, keep=True, reason=" ")
    family.refresh_from_db()
    assert not family.keep_for_archive


# --- Erasure -------------------------------------------------------------------------------


def test_erasure_leaves_no_name_or_cpr_in_any_table(
    admin: User,
    caseworker: User,
    family: Family,
    nordby: Organisation,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    family = rich_family(family, caseworker, nordby)
    document = Consent.objects.get(family=family).document.name
    assert default_storage.exists(document)
    close_long_ago(family, caseworker)
    retention.list_due_families()
    before = traces_left(TRACES)
    tables = {table for table, _column, _trace in before}
    # The scan sees the family where it lives, its history and other apps' tables.
    assert {
        "families_member",
        "families_historicalmember",
        "families_journalnote",
        "families_historicalinformationexchange",
        "families_accesslogentry",
        "actionplans_goal",
    } <= tables, tables
    reference = family.reference
    mette_id = family.members.get(first_name="Mette").pk

    with django_capture_on_commit_callbacks(execute=True):
        tombstone = retention.erase_family(actor=admin, family=family, confirmed=True)

    assert traces_left(TRACES) == []
    assert not Family.objects.filter(pk=family.pk).exists()
    assert not default_storage.exists(document)
    # The tombstone: anonymous counts for the dashboards, and the log of the erasure.
    assert tombstone.reference == reference
    assert tombstone.erased_by == admin
    assert tombstone.status == Family.Status.CLOSED
    assert tombstone.members_count == 2
    assert tombstone.counts["families.journalnote"] == 1
    assert tombstone.counts["actionplans.goal"] == 1
    # The access log outlives the family with the case reference and without the name.
    kept = AccessLogEntry.objects.filter(family_reference=reference)
    assert kept.exists()
    assert not kept.exclude(member_name="").exists()
    assert AccessLogEntry.objects.filter(member_id=mette_id).count() == 0  # link emptied
    # A new family never gets the erased reference again.
    new = cases.create_family(actor=caseworker, team=nordby.team, name="Ny")
    assert new.reference != reference


def test_nothing_is_erased_without_confirmation_or_before_it_is_due(
    admin: User, caseworker: User, family: Family
) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):  # open case
        retention.erase_family(actor=admin, family=family, confirmed=True)
    close_long_ago(family, caseworker, years=2)
    with pytest.raises(ValidationError):  # within the period
        retention.erase_family(actor=admin, family=family, confirmed=True)
    Family.objects.filter(pk=family.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=365 * 6)
    )
    family.refresh_from_db()
    with pytest.raises(ValidationError):
        retention.erase_family(actor=admin, family=family, confirmed=False)
    with pytest.raises(PermissionDenied):  # a caseworker is not the administrator
        retention.erase_family(actor=caseworker, family=family, confirmed=True)
    Family.objects.filter(pk=family.pk).update(keep_for_archive=True, archive_reason="Arkiv")
    family.refresh_from_db()
    with pytest.raises(ValidationError):
        retention.erase_family(actor=admin, family=family, confirmed=True)
    assert Family.objects.filter(pk=family.pk).exists()
    assert not ErasedFamily.objects.exists()


def test_the_administrator_confirms_on_the_page_which_names_nobody(
    client: Client, admin: User, caseworker: User, family: Family, sydby: Organisation
) -> None:
    close_long_ago(family, caseworker)
    retention.list_due_families()
    due = ErasureDue.objects.get()
    client.force_login(admin)
    page = client.get(reverse("families:erasure_list"))
    assert page.status_code == 200
    content = page.content.decode()
    assert family.reference in content
    assert "Jensen" not in content

    url = reverse("families:erasure_confirm", args=[due.pk])
    assert client.post(url, {}).status_code == 302  # not confirmed
    assert Family.objects.filter(pk=family.pk).exists()
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Family.objects.filter(pk=family.pk).exists()
    assert ErasedFamily.objects.get().erased_by == admin
    assert family.reference in client.get(reverse("families:erasure_list")).content.decode()


def test_only_the_municipalitys_administrator_reaches_the_erasure_page(
    client: Client,
    admin: User,
    caseworker: User,
    coordinator: User,
    family: Family,
    sydby: Organisation,
) -> None:
    close_long_ago(family, caseworker)
    retention.list_due_families()
    due = ErasureDue.objects.get()
    other_admin = UserFactory(
        username="sydadmin", municipality=sydby.municipality, is_municipality_admin=True
    )
    for user in (caseworker, coordinator):
        client.force_login(user)
        assert client.get(reverse("families:erasure_list")).status_code == 403
        erase = client.post(reverse("families:erasure_confirm", args=[due.pk]), {"confirm": "on"})
        assert erase.status_code == 403
    client.force_login(other_admin)
    assert client.get(reverse("families:erasure_list")).status_code == 200
    erase = client.post(reverse("families:erasure_confirm", args=[due.pk]), {"confirm": "on"})
    assert erase.status_code == 404
    assert Family.objects.filter(pk=family.pk).exists()


def test_the_administrator_sets_the_retention_periods(
    client: Client, admin: User, nordby: Organisation
) -> None:
    client.force_login(admin)
    response = client.post(
        reverse("families:erasure_list"),
        {"retention_years": "10", "access_log_retention_months": "36"},
    )
    assert response.status_code == 302
    nordby.municipality.refresh_from_db()
    assert nordby.municipality.retention_years == 10
    assert nordby.municipality.access_log_retention_months == 36


# --- The access log's own period -----------------------------------------------------------


def test_access_log_rows_past_their_period_are_removed(
    caseworker: User, family: Family, nordby: Organisation
) -> None:
    nordby.municipality.access_log_retention_months = 12
    nordby.municipality.save()
    old = log_access(user=caseworker, family=family, what="Family overview")
    recent = log_access(user=caseworker, family=family, what="Family overview")
    AccessLogEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=370))
    AccessLogEntry.objects.filter(pk=recent.pk).update(at=timezone.now() - dt.timedelta(days=360))
    assert retention.remove_expired_access_log() == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [recent.pk]
