"""The history page is paged before it is built (issue 12): keyset newer/older over every source.

Walking all pages gives the same entries in the same order as building the whole history did
(the former builder is kept below as the reference), for readers whose departments differ; the
number of queries does not grow with the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from families import history
from families.access import FamilyAccess, access_for
from families.models import Contact, Family, InformationExchange, JournalNote, Member
from families.services import (
    consents,
    contacts,
    handovers,
    information_exchange,
    journal,
    members,
)
from tests.conftest import Organisation, give_consent


@pytest.fixture(autouse=True)
def english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def cold_content_type_cache() -> None:
    ContentType.objects.clear_cache()


def _whole_history(access: FamilyAccess) -> list[history.HistoryEntry]:
    """The former builder: every readable row of every source built, then sorted newest first."""
    entries: list[history.HistoryEntry] = []
    for source in history.history_sources_for(access):
        records = list(
            source.records(access)
            .select_related("history_user", *history._shown_relations(source.model))
            .order_by("history_date", "history_id")
        )
        many = history._many_to_many_values(records, source.model) if records else {}
        by_object: dict[int, list[Any]] = {}
        for record in records:
            by_object.setdefault(record.id, []).append(record)
        for versions in by_object.values():
            created = history._entry(source, None, versions[0], many)
            entries.append(created)
            for previous, current in pairwise(versions):
                entry = history._entry(source, previous, current, many)
                if history._completes_creation(created, entry):
                    created.changes.extend(
                        history.FieldChange(change.label, "", change.after)
                        for change in entry.changes
                    )
                elif entry.changes or entry.action != "changed" or entry.reason:
                    entries.append(entry)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _fill(family: Family, nordby: Organisation, author: User, jobcentre: User, size: int) -> None:
    """About six history entries per round, from several sources: members added and renamed,
    journal notes of two departments and contacts (each naming a member: a many-to-many
    version that completes the creation), handovers; every other round a save that changes
    nothing (a historical row that makes no entry)."""
    give_consent(family, author, nordby.children_family, nordby.social)
    today = timezone.localdate()
    for number in range(size):
        person = members.add_member(
            actor=author,
            family=family,
            role=Member.Role.SIBLING,
            first_name=f"Barn{number}",
            last_name="Jensen",
            birth_date=dt.date(2012, 1, 1) + dt.timedelta(days=number),
        )
        journal.write_journal_note(
            actor=author,
            family=family,
            department_id=nordby.children_family.pk,
            written_on=today,
            category=JournalNote.Category.GENERAL,
            text=f"Notat {number}",
            members=[person],
        )
        contacts.log_contact(
            actor=author,
            family=family,
            department_id=nordby.children_family.pk,
            kind=Contact.Kind.CALL,
            occurred_at=timezone.now() - dt.timedelta(minutes=number),
            summary=f"Opkald {number}",
            members=[person],
        )
        members.update_member(actor=author, member=person, first_name=f"Barnet{number}")
        if number % 2:
            person.save()  # nothing changed: a historical row without an entry
        if number % 3 == 0:
            journal.write_journal_note(
                actor=jobcentre,
                family=family,
                department_id=nordby.employment.pk,
                written_on=today,
                category=JournalNote.Category.GENERAL,
                text=f"Jobcenter {number}",
            )
            handovers.record_handover(
                actor=jobcentre,
                family=family,
                department=nordby.employment,
                handed_over_on=today,
                case_reference=f"JC-{number}",
            )


def _tie(family: Family) -> None:
    """Creations written at the same instant in two sources (as a bulk import writes them)."""
    instant = timezone.now() - dt.timedelta(days=1)
    member_rows = Member.history.filter(family_id=family.pk, history_type="+")
    contact_rows = Contact.history.filter(family_id=family.pk, history_type="+")
    for rows in (member_rows, contact_rows):
        ids = list(rows.order_by("history_id").values_list("history_id", flat=True)[2:5])
        rows.model.objects.filter(history_id__in=ids).update(history_date=instant)


def _walk_older(access: FamilyAccess, size: int) -> list[history.HistoryPage]:
    pages = [history.family_history(access, size=size)]
    while pages[-1].older:
        pages.append(history.family_history(access, older=pages[-1].older, size=size))
    return pages


@pytest.mark.parametrize("reader", ["coordinator", "caseworker", "other_department_user"])
def test_walking_every_page_gives_the_whole_history_in_order(
    request: pytest.FixtureRequest,
    family: Family,
    nordby: Organisation,
    caseworker: User,
    other_department_user: User,
    reader: str,
) -> None:
    size = 7  # many pages, and batches whose rows make fewer entries than a page
    _fill(family, nordby, caseworker, other_department_user, 28)
    _tie(family)
    access = access_for(request.getfixturevalue(reader), family)
    assert access is not None
    whole = _whole_history(access)
    assert len(whole) > 2 * 50  # more than two pages of the real page size
    assert {entry.what for entry in whole} >= {"Family", "Family member", "Contact", "Consent"}

    pages = _walk_older(access, size)

    assert [entry for page in pages for entry in page] == whole
    assert all(len(page) == size for page in pages[:-1])
    assert 0 < len(pages[-1]) <= size
    assert pages[0].newer == ""
    # And back, newer by newer, from the oldest page: the same pages.
    back = [pages[-1]]
    while back[-1].newer:
        back.append(history.family_history(access, newer=back[-1].newer, size=size))
    assert [page.object_list for page in back] == [page.object_list for page in reversed(pages)]


def test_the_department_gate_holds_on_every_page(
    family: Family,
    nordby: Organisation,
    caseworker: User,
    other_department_user: User,
) -> None:
    _fill(family, nordby, caseworker, other_department_user, 24)
    for reader, hidden in ((caseworker, "Jobcenter"), (other_department_user, "Notat")):
        access = access_for(reader, family)
        assert access is not None
        shown = [
            value
            for page in _walk_older(access, 7)
            for entry in page
            if entry.what == "Journal note"
            for change in entry.changes
            for value in (change.before, change.after)
        ]
        assert shown  # the reader's own department's notes are listed
        assert not [value for value in shown if value.startswith(hidden)]


def test_the_consent_gate_holds_per_source_on_every_page(
    family: Family,
    nordby: Organisation,
    caseworker: User,
    other_department_user: User,
    coordinator: User,
) -> None:
    _fill(family, nordby, caseworker, other_department_user, 12)
    # Case content no department owns: only the consent lets the team read it.
    for number in range(3):
        information_exchange.record_information_exchange(
            actor=caseworker,
            family=family,
            direction=InformationExchange.Direction.SHARED,
            recipient_kind=InformationExchange.Recipient.POLICE,
            recipient=f"Nordby Politi {number}",
            legal_basis=InformationExchange.LegalBasis.RPL_115,
            purpose="SSP-samarbejde",
            what="At familien er i forløb",
            shared_on=timezone.localdate(),
        )

    def shown() -> tuple[set[str], list[history.HistoryEntry]]:
        access = access_for(coordinator, family)
        assert access is not None
        entries = [entry for page in _walk_older(access, 7) for entry in page]
        assert entries == _whole_history(access)
        return {entry.what for entry in entries}, entries

    with_consent, _entries = shown()
    consents.withdraw_consent(actor=caseworker, consent=family.consents.get())
    without_consent, entries = shown()

    case_content = {"Journal note", "Information exchange"}
    assert case_content <= with_consent
    assert not case_content & without_consent
    assert {"Family", "Family member", "Contact", "Consent"} <= without_consent
    assert len(entries) > 14  # still more than two pages of seven


def test_the_page_walks_by_its_links(
    client: Client,
    family: Family,
    nordby: Organisation,
    caseworker: User,
    other_department_user: User,
    coordinator: User,
) -> None:
    _fill(family, nordby, caseworker, other_department_user, 24)
    access = access_for(coordinator, family)
    assert access is not None
    whole = _whole_history(access)
    client.force_login(coordinator)
    url = reverse("families:history", args=[family.pk])

    seen: list[history.HistoryEntry] = []
    response = client.get(url)
    while True:
        assert response.status_code == 200
        seen.extend(response.context["page"])
        page = response.content.decode()
        older = response.context["page"].older
        if not older:
            assert 'rel="next"' not in page
            break
        assert f'href="?older={older}"' in page
        response = client.get(url, {"older": older})

    assert seen == whole
    assert len(whole) > 100
    assert 'rel="prev"' in page  # the last page links back to newer entries


def test_a_cursor_that_is_not_one_shows_the_newest_page(
    client: Client, family: Family, coordinator: User
) -> None:
    client.force_login(coordinator)
    url = reverse("families:history", args=[family.pk])

    for bad in ("x", "1_2", "9" * 40 + "_1_1", "-1_a_2"):
        response = client.get(url, {"older": bad})
        assert response.status_code == 200
        assert response.context["page"].object_list == client.get(url).context["page"].object_list


# Measured 19 with 10 entries (one page); with 500, 14 on its newer pages and 17 on the oldest: one
# query for the page's keys, one per source with rows on the page (family, members, coordinator,
# consent, journal notes), one per many-to-many field of those (the consent's given-by and
# departments, the notes' members), and the request's own (session, user, second factor, the
# family, memberships, coordinator, consent departments, the access-log row, menu, my-work count).
HISTORY_PAGE_QUERIES = 19


def _grow(family: Family, nordby: Organisation, author: User, entries: int) -> None:
    give_consent(family, author, nordby.children_family, nordby.social)
    person = family.members.get(first_name="Jonas")
    for number in range(entries // 2):
        journal.write_journal_note(
            actor=author,
            family=family,
            department_id=nordby.children_family.pk,
            written_on=timezone.localdate(),
            category=JournalNote.Category.GENERAL,
            text=f"Notat {number}",
            members=[person],
        )
        members.update_member(actor=author, member=person, first_name=f"Jonas{number}")


@pytest.mark.parametrize("entries", [10, 500])
def test_the_history_page_query_count_does_not_grow_with_the_history(
    client: Client,
    family: Family,
    nordby: Organisation,
    caseworker: User,
    coordinator: User,
    entries: int,
    django_assert_max_num_queries: Any,
) -> None:
    _grow(family, nordby, caseworker, entries)
    client.force_login(coordinator)
    url = reverse("families:history", args=[family.pk])
    client.get(url)  # the session's first request fills per-process caches
    access = access_for(coordinator, family)
    assert access is not None
    pages = _walk_older(access, history.PAGE_SIZE)
    to_oldest = {"older": pages[-2].older} if len(pages) > 1 else {}

    with django_assert_max_num_queries(HISTORY_PAGE_QUERIES):
        newest = client.get(url)
    with django_assert_max_num_queries(HISTORY_PAGE_QUERIES):
        oldest = client.get(url, to_oldest)

    assert newest.status_code == oldest.status_code == 200
    assert newest.context["page"].object_list == pages[0].object_list
    assert oldest.context["page"].object_list == pages[-1].object_list
    assert len(pages) == (1 if entries == 10 else 11)
