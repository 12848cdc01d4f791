"""Family pages: the happy paths and what they leave in the database."""

import datetime as dt
import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfWriter

from families.models import (
    AccessLogEntry,
    Consent,
    Contact,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    Handover,
    JournalNote,
    Member,
)
from families.services import cases, journal, members, outside_access, tasks
from tests.conftest import give_consent

CPR_DATE_ERROR = "The CPR number does not start with a real date (DDMMYY)."


@pytest.fixture
def english(client):
    """Choose English with the language switcher's cookie (the browser's header is ignored)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _today() -> str:
    return timezone.localdate().isoformat()


# --- Creating a family and its members -------------------------------------------------------


# Opening a family's record: tests/families/test_one_way_in.py (a referral, or the leads'
# backfill of an already included family).


def _member_data(**overrides: str) -> dict[str, str]:
    data = {
        "role": Member.Role.SIBLING,
        "first_name": "Emma",
        "last_name": "Jensen",
        "cpr": "070761-4285",
        "birth_date": "",
        "gender": Member.Gender.FEMALE,
        "origin": Member.Origin.DANISH,
        "languages": "Dansk",
        "address": "",
        "postal_code": "",
        "city": "",
        "lives_in_household": "on",
        "school_or_workplace": "",
        "education_status": Member.EducationStatus.UNKNOWN,
        "support_status": Member.SupportStatus.UNKNOWN,
    }
    data.update(overrides)
    return data


def test_add_member_saves_the_normalised_cpr_and_birth_date(client, family, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_create", args=[family.pk]), _member_data(cpr="0707614285")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("families:detail", args=[family.pk])
    emma = family.members.get(first_name="Emma")
    assert (emma.cpr, emma.birth_date, emma.languages) == (
        "070761-4285",
        dt.date(1961, 7, 7),
        "Dansk",
    )


def test_counters_stand_under_free_text_not_under_short_fixed_fields(client, family, caseworker):
    """A counter under a CPR number (11) or a postcode reads as an error; free text keeps its."""
    client.force_login(caseworker)
    page = client.get(reverse("families:member_create", args=[family.pk])).content.decode()
    assert 'id="id_first_name_count"' in page  # 100 characters
    assert 'id="id_cpr_count"' not in page
    assert 'id="id_postal_code_count"' not in page


def test_save_and_add_another_returns_to_the_member_form(client, family, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_create", args=[family.pk]),
        {**_member_data(), "add_another": "1"},
    )

    assert response["Location"] == reverse("families:member_create", args=[family.pk])
    assert family.members.filter(first_name="Emma").exists()


def test_impossible_cpr_date_is_refused_in_danish_by_default(client, family, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_create", args=[family.pk]), _member_data(cpr="3102101234")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in page
    assert "form-error-message" in page
    with translation.override("da"):
        assert translation.gettext(CPR_DATE_ERROR) in page
    assert family.members.count() == 2


def test_impossible_cpr_date_is_refused_in_english_when_chosen(client, family, caseworker, english):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_create", args=[family.pk]), _member_data(cpr="3102101234")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert CPR_DATE_ERROR in page
    assert family.members.count() == 2


def test_the_browsers_language_header_does_not_switch_language(client, family, caseworker):
    client.force_login(caseworker)

    response = client.get(
        reverse("families:member_create", args=[family.pk]), headers={"Accept-Language": "en"}
    )

    assert '<html lang="da">' in response.content.decode()


def test_modulus_11_failure_is_a_warning_and_the_member_is_saved(
    client, family, caseworker, english
):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_create", args=[family.pk]),
        _member_data(cpr="0707614286"),
        follow=True,
    )

    assert response.status_code == 200
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "070761-4286 does not pass the modulus-11 check" in str(warnings[0])
    assert "does not pass the modulus-11 check" in response.content.decode()
    assert family.members.get(first_name="Emma").cpr == "070761-4286"


def test_member_without_cpr_or_birth_date_is_refused(client, family, caseworker, english):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_create", args=[family.pk]), _member_data(cpr="")
    )

    assert response.status_code == 200
    assert "Give a CPR number or, if it is not known, a birth date." in response.content.decode()
    assert family.members.count() == 2


def test_edit_member_changes_the_member(client, family, caseworker):
    son = family.members.get(first_name="Jonas")
    client.force_login(caseworker)

    response = client.post(
        reverse("families:member_edit", args=[family.pk, son.pk]),
        _member_data(
            role=Member.Role.TARGET_CHILD, first_name="Jon", cpr="030511-4321", gender="male"
        ),
    )

    assert response["Location"] == reverse("families:member_detail", args=[family.pk, son.pk])
    son.refresh_from_db()
    assert (son.first_name, son.is_in_programme) == ("Jon", True)


def test_edit_family_changes_its_details(client, family, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:edit", args=[family.pk]),
        {"name": "Familien Jensen-Olsen", "housing_area": "Vestbyen", "notes": "Flyttet"},
    )

    assert response["Location"] == reverse("families:detail", args=[family.pk])
    family.refresh_from_db()
    assert (family.name, family.housing_area, family.notes) == (
        "Familien Jensen-Olsen",
        "Vestbyen",
        "Flyttet",
    )


# --- Status ----------------------------------------------------------------------------------


def test_status_change_by_the_coordinator(client, family, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("families:status", args=[family.pk]), {"to_status": "screening", "reason": ""}
    )

    assert response["Location"] == reverse("families:detail", args=[family.pk])
    family.refresh_from_db()
    assert family.status == Family.Status.SCREENING
    assert family.status_changes.filter(to_status="screening", changed_by=coordinator).exists()


def test_ending_a_case_without_reason_shows_an_error_and_changes_nothing(
    client, family, coordinator, english
):
    client.force_login(coordinator)

    response = client.post(
        reverse("families:status", args=[family.pk]),
        {"to_status": "rejected", "reason": ""},
        follow=True,
    )

    assert "Give a reason when a family&#x27;s case ends." in response.content.decode()
    assert Family.objects.get(pk=family.pk).status == Family.Status.REFERRED


def test_reopen_a_closed_family(client, family, caseworker, coordinator):
    cases.change_family_status(
        actor=caseworker, family=family, to_status="rejected", reason="Uden for målgruppen"
    )
    client.force_login(coordinator)

    response = client.post(reverse("families:reopen", args=[family.pk]), {"reason": "Ny sag"})

    assert response["Location"] == reverse("families:detail", args=[family.pk])
    family.refresh_from_db()
    assert family.status == Family.Status.SCREENING
    assert family.status_changes.filter(reason="Ny sag", changed_by=coordinator).exists()


# --- Consent ---------------------------------------------------------------------------------


def _pdf(size: int = 0) -> SimpleUploadedFile:
    """A real one-page PDF (uploads are parsed whole), padded to `size` extra bytes."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.pdf_header = b"%PDF-1.4"
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue() + b"0" * size
    return SimpleUploadedFile("samtykke.pdf", content, "application/pdf")


def _stored_files(directory: str = "") -> list[str]:
    """Every file in the (per test, empty at the start) file storage."""
    directories, files = default_storage.listdir(directory)
    paths = [f"{directory}{name}" for name in files]
    for name in directories:
        paths += _stored_files(f"{directory}{name}/")
    return paths


def _consent_data(family: Family, nordby, document: SimpleUploadedFile) -> dict[str, Any]:
    mother = family.members.get(first_name="Mette")
    return {
        "given_by": [mother.pk],
        "departments": [nordby.children_family.pk, nordby.employment.pk],
        "given_on": _today(),
        "expires_on": "",
        "note": "Underskrevet på mødet",
        "document": document,
    }


def test_consent_with_a_signed_pdf_is_recorded(client, family, nordby, caseworker):
    for status in ("screening", "awaiting_consent"):
        cases.change_family_status(actor=caseworker, family=family, to_status=status)
    client.force_login(caseworker)

    response = client.post(
        reverse("families:consent_create", args=[family.pk]), _consent_data(family, nordby, _pdf())
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.family == family
    assert set(consent.departments.all()) == {nordby.children_family, nordby.employment}
    assert consent.document.name.startswith(f"consents/{family.pk}/")
    assert _stored_files() == [consent.document.name]
    with consent.document.open("rb") as document:
        assert document.read().startswith(b"%PDF-1.4")
    assert Family.objects.get(pk=family.pk).status == Family.Status.INCLUDED


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            SimpleUploadedFile("samtykke.txt", b"Mor siger ja", "text/plain"),
            "Upload the signed consent as a PDF, PNG or JPEG file.",
        ),
        # A .pdf name is not enough: the file's first bytes decide.
        (
            SimpleUploadedFile("samtykke.pdf", b"<html>ja</html>", "application/pdf"),
            "Upload the signed consent as a PDF, PNG or JPEG file.",
        ),
        (_pdf(size=11 * 1024 * 1024), "The file is 11.0 MB; the limit is 10 MB."),
    ],
    ids=["text", "disguised", "too_big"],
)
def test_consent_upload_must_be_a_small_pdf_png_or_jpeg(
    client, family, nordby, caseworker, english, upload, error
):
    upload.seek(0)
    client.force_login(caseworker)

    response = client.post(
        reverse("families:consent_create", args=[family.pk]),
        _consent_data(family, nordby, upload),
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Consent.objects.exists()
    assert _stored_files() == []


def test_consent_document_is_served_to_the_team(client, family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    consent.document.save("samtykke.pdf", _pdf(), save=True)
    client.force_login(caseworker)

    response = client.get(reverse("families:consent_document", args=[family.pk, consent.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert AccessLogEntry.objects.filter(
        user=caseworker, family=family, outcome=AccessLogEntry.Outcome.VIEWED
    ).exists()


def test_consent_without_document_has_no_document_page(client, family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    client.force_login(caseworker)

    url = reverse("families:consent_document", args=[family.pk, family.consents.get().pk])

    assert client.get(url).status_code == 404


def test_withdraw_consent(client, family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    consent = family.consents.get()
    client.force_login(caseworker)

    response = client.post(
        reverse("families:consent_withdraw", args=[family.pk, consent.pk]), {"note": "Far ringede"}
    )

    assert response["Location"] == reverse("families:detail", args=[family.pk])
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert "Far ringede" in consent.note


# --- Handovers, journal and contacts ---------------------------------------------------------


def test_record_handover(client, family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    son = family.members.get(first_name="Jonas")
    client.force_login(caseworker)

    response = client.post(
        reverse("families:handover_create", args=[family.pk]),
        {
            "department": nordby.children_family.pk,
            "member": son.pk,
            "case_reference": "BF-2231",
            "former_caseworker": "Lise Holm",
            "handed_over_on": _today(),
            "note": "",
        },
    )

    assert response["Location"] == reverse("families:detail", args=[family.pk])
    handover = Handover.objects.get()
    assert (handover.family, handover.member, handover.case_reference) == (family, son, "BF-2231")
    assert handover.recorded_by == caseworker


def test_journal_note_is_owned_by_the_authors_department(
    client, family, nordby, caseworker, other_department_user
):
    give_consent(family, caseworker, nordby.children_family, nordby.employment)
    son = family.members.get(first_name="Jonas")
    client.force_login(other_department_user)

    response = client.post(
        reverse("families:notes", args=[family.pk]),
        {
            "written_on": _today(),
            "category": JournalNote.Category.MEETING,
            "members": [son.pk],
            "text": "Møde om praktik",
        },
    )

    assert response["Location"] == reverse("families:notes", args=[family.pk])
    note = JournalNote.objects.get()
    assert (note.author, note.department, note.text) == (
        other_department_user,
        nordby.employment,
        "Møde om praktik",
    )
    assert list(note.members.all()) == [son]


def test_journal_note_is_edited_by_its_author(client, family, nordby, caseworker):
    give_consent(family, caseworker, nordby.children_family)
    note = journal.write_journal_note(
        actor=caseworker,
        family=family,
        department_id=nordby.children_family.pk,
        written_on=timezone.localdate(),
        category=JournalNote.Category.GENERAL,
        text="Første udkast",
    )
    client.force_login(caseworker)

    response = client.post(
        reverse("families:note_edit", args=[family.pk, note.pk]),
        {"written_on": _today(), "category": JournalNote.Category.DECISION, "text": "Rettet"},
    )

    assert response["Location"] == reverse("families:notes", args=[family.pk])
    note.refresh_from_db()
    assert (note.text, note.category) == ("Rettet", JournalNote.Category.DECISION)


def _contact_data(**overrides: str) -> dict[str, str]:
    data = {
        "kind": Contact.Kind.CALL,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Ringede til mor om mødet",
    }
    data.update(overrides)
    return data


def test_contact_from_htmx_returns_the_updated_log_in_place(client, family, nordby, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("families:contact_create", args=[family.pk]),
        _contact_data(),
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Location" not in response.headers
    assert 'id="contact-log"' in page
    assert "Ringede til mor om mødet" in page
    assert "<html" not in page  # the partial, not the whole page
    contact = Contact.objects.get()
    assert (contact.family, contact.staff, contact.department) == (
        family,
        caseworker,
        nordby.children_family,
    )


def test_invalid_contact_from_htmx_shows_the_error_in_place(client, family, caseworker, english):
    client.force_login(caseworker)
    tomorrow = timezone.localtime() + dt.timedelta(days=1)

    response = client.post(
        reverse("families:contact_create", args=[family.pk]),
        _contact_data(occurred_at=tomorrow.strftime("%Y-%m-%dT%H:%M")),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "A contact cannot be logged in the future." in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_without_htmx_redirects_to_the_family(client, family, caseworker):
    client.force_login(caseworker)

    response = client.post(reverse("families:contact_create", args=[family.pk]), _contact_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("families:detail", args=[family.pk])
    assert Contact.objects.get().summary == "Ringede til mor om mødet"


# --- Coordinators and outside access ---------------------------------------------------------


def test_assign_and_remove_a_secondary_coordinator(
    client, family, coordinator, other_department_user
):
    client.force_login(coordinator)

    response = client.post(
        reverse("families:coordinators", args=[family.pk]),
        {"user": other_department_user.pk, "kind": "secondary"},
    )

    assert response["Location"] == reverse("families:coordinators", args=[family.pk])
    secondary = FamilyCoordinator.objects.get(family=family, kind="secondary")
    assert secondary.user == other_department_user

    client.post(reverse("families:coordinator_remove", args=[family.pk, secondary.pk]))

    assert not FamilyCoordinator.objects.filter(pk=secondary.pk).exists()


def test_second_primary_coordinator_is_shown_as_a_form_error(
    client, family, caseworker, coordinator, english
):
    client.force_login(coordinator)

    response = client.post(
        reverse("families:coordinators", args=[family.pk]),
        {"user": coordinator.pk, "kind": "primary"},
    )

    assert response.status_code == 200
    assert "The family already has a primary family coordinator" in response.content.decode()
    assert list(family.coordinators.values_list("user", flat=True)) == [caseworker.pk]


def test_invite_and_revoke_an_outside_caseworker(
    client, family, nordby, coordinator, outside_caseworker
):
    client.force_login(coordinator)
    until = timezone.localdate() + dt.timedelta(days=14)

    response = client.post(
        reverse("families:grants", args=[family.pk]),
        {
            "user": outside_caseworker.pk,
            "department": nordby.school.pk,
            "valid_until": until.isoformat(),
            "reason": "Skolens trivselsmøde",
        },
    )

    assert response["Location"] == reverse("families:grants", args=[family.pk])
    grant = FamilyGrant.objects.get()
    assert (grant.user, grant.department, grant.valid_until, grant.granted_by) == (
        outside_caseworker,
        nordby.school,
        until,
        coordinator,
    )

    client.post(reverse("families:grant_revoke", args=[family.pk, grant.pk]))

    grant.refresh_from_db()
    assert grant.revoked_at is not None
    client.force_login(outside_caseworker)
    assert client.get(reverse("families:detail", args=[family.pk])).status_code == 403


# --- Family lists ----------------------------------------------------------------------------


@pytest.fixture
def three_families(family, nordby, caseworker, coordinator, other_department_user):
    hansen = cases.create_family(
        actor=other_department_user, team=nordby.team, name="Familien Hansen"
    )
    members.add_member(
        actor=other_department_user,
        family=hansen,
        role=Member.Role.PARENT,
        first_name="Hanne",
        last_name="Hansen",
        cpr="0101801234",
    )
    olsen = cases.create_family(actor=coordinator, team=nordby.team, name="Familien Olsen")
    cases.change_family_status(actor=coordinator, family=olsen, to_status="screening")
    return family, hansen, olsen


def _listed(client, name: str, **query: str) -> set[str]:
    """The families a list shows. A search is posted and kept in the session under a token: the
    list's address names the token, never what was searched for (a CPR number, a name)."""
    url = reverse(f"families:{name}")
    if query:
        posted = client.post(url, query)
        assert posted.status_code == 302
        assert posted.url.startswith(f"{url}?search=")
        if query.get("q"):
            assert query["q"] not in posted.url
        response = client.get(posted.url)
    else:
        response = client.get(url)
    assert response.status_code == 200
    return {family.name for family in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Familien Jensen", "Familien Hansen", "Familien Olsen"}),
        ({"q": "jensen"}, {"Familien Jensen"}),  # family name
        ({"q": "Hanne"}, {"Familien Hansen"}),  # a member's first name
        ({"q": "120385"}, {"Familien Jensen"}),  # the mother's CPR birth date
        ({"q": "030511-4321"}, {"Familien Jensen"}),  # the son's full CPR number
        ({"q": "0305114321"}, {"Familien Jensen"}),  # without the hyphen
        ({"q": "999999-9999"}, set()),
        ({"status": "screening"}, {"Familien Olsen"}),
        ({"status": "referred", "q": "Familien"}, {"Familien Jensen", "Familien Hansen"}),
    ],
)
def test_team_list_search_and_status_filter(client, caseworker, three_families, query, expected):
    client.force_login(caseworker)

    assert _listed(client, "team", **query) == expected


def test_team_list_search_by_reference(client, caseworker, three_families):
    _jensen, hansen, _olsen = three_families
    client.force_login(caseworker)

    assert _listed(client, "team", q=hansen.reference) == {"Familien Hansen"}


def test_team_list_filter_by_family_coordinator(
    client, caseworker, other_department_user, three_families
):
    client.force_login(caseworker)

    assert _listed(client, "team", coordinator=str(other_department_user.pk)) == {"Familien Hansen"}


def test_my_list_shows_the_families_i_coordinate(client, caseworker, three_families):
    client.force_login(caseworker)

    assert _listed(client, "mine") == {"Familien Jensen"}


def test_my_list_shows_an_outside_caseworkers_invited_family(
    client, family, nordby, caseworker, outside_caseworker
):
    outside_access.grant_outside_access(
        actor=caseworker,
        family=family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=timezone.localdate(),
        reason="Skolemøde",
    )
    client.force_login(outside_caseworker)

    assert _listed(client, "mine") == {"Familien Jensen"}
    assert _listed(client, "team") == set()


def test_lists_never_show_another_municipalitys_families(client, family, outsider):
    client.force_login(outsider)

    assert _listed(client, "mine") == set()
    assert _listed(client, "team") == set()


def test_steering_group_is_sent_from_the_family_list_to_the_overview(client, steering):
    client.force_login(steering)

    response = client.get(reverse("families:mine"))

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:overview")


# --- Aggregate overview ----------------------------------------------------------------------


def test_an_open_task_is_shown_on_the_overview_and_can_be_marked_done(client, family, caseworker):
    task = tasks.create_task(
        actor=caseworker,
        family=family,
        title="Start en børnefaglig undersøgelse",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(caseworker)
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert 'id="tasks-heading"' in page
    assert "Start en børnefaglig undersøgelse" in page

    response = client.post(reverse("families:task_complete", args=[family.pk, task.pk]))

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.completed_at is not None
    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()
    assert 'id="tasks-heading"' not in page  # no open task left (the message names the done one)
