"""Assessment pages: happy paths with their database effect, 404 outside the tenant, 403 inside
it, 405 for GET on POST views, and the access log."""

import pytest
from django.urls import reverse

from assessment.models import (
    Assessment,
    FamilyMeeting,
    JournalReviewEntry,
    OverallAssessment,
    PartCompletion,
    RiskAssessment,
    TimelineEntry,
)
from assessment.services import journal as journal_services
from assessment.services import timeline as timeline_services
from families.models import AccessLogEntry
from tests.assessment.conftest import complete, days_ago, event_row, member


def url(name: str, assessment: Assessment, *extra: int) -> str:
    return reverse(f"assessment:{name}", args=[assessment.family_id, assessment.pk, *extra])


GET_PAGES = [
    "detail",
    "basic_data",
    "journal",
    "timeline",
    "timeline_add",
    "risk",
    "overall",
    "meeting",
]
POST_ONLY = ["finish", "new_version"]


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_opens_and_is_logged(client, caseworker, assessment, name):
    client.force_login(caseworker)
    response = client.get(url(name, assessment))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(
        user=caseworker, family=assessment.family, outcome="viewed"
    ).exists()


@pytest.mark.parametrize("name", GET_PAGES)
def test_another_municipality_gets_404(client, outsider, assessment, name):
    client.force_login(outsider)
    assert client.get(url(name, assessment)).status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, outcome="not_found").exists()


@pytest.mark.parametrize("name", GET_PAGES)
def test_a_user_without_a_team_gets_403(client, steering, assessment, name):
    client.force_login(steering)
    assert client.get(url(name, assessment)).status_code == 403


def test_before_consent_the_assessment_is_refused(client, caseworker, family):
    client.force_login(caseworker)
    assert client.get(reverse("assessment:family", args=[family.pk])).status_code == 403
    assert client.post(reverse("assessment:start", args=[family.pk])).status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_views_refuse_get(client, caseworker, assessment, name):
    client.force_login(caseworker)
    assert client.get(url(name, assessment)).status_code == 405


def test_get_on_post_views_with_extra_arguments_is_405(client, caseworker, assessment, nordby):
    client.force_login(caseworker)
    assert client.get(reverse("assessment:start", args=[assessment.family_id])).status_code == 405
    assert client.get(url("part_done", assessment, 1)).status_code == 405
    assert client.get(url("part_not_done", assessment, 1)).status_code == 405
    assert client.get(url("journal_delete", assessment, 1)).status_code == 405
    assert client.get(url("timeline_delete", assessment, 1)).status_code == 405


def test_the_tab_starts_and_then_opens_the_assessment(client, caseworker, consented_family):
    client.force_login(caseworker)
    tab = reverse("assessment:family", args=[consented_family.pk])
    start_page = client.get(tab)
    assert start_page.status_code == 200
    assert reverse("assessment:start", args=[consented_family.pk]) in start_page.content.decode()
    response = client.post(reverse("assessment:start", args=[consented_family.pk]))
    assessment = Assessment.objects.get(family=consented_family)
    assert response.url == assessment.get_absolute_url()
    assert client.get(tab).url == assessment.get_absolute_url()


def test_the_family_tab_is_shown_past_the_consent_gate(client, caseworker, consented_family):
    client.force_login(caseworker)
    page = client.get(reverse("families:detail", args=[consented_family.pk])).content.decode()
    assert reverse("assessment:family", args=[consented_family.pk]) in page


def test_journal_entry_is_added_for_own_department(client, caseworker, assessment, nordby):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    response = client.post(
        url("journal", assessment),
        {
            "member": jonas.pk,
            "department": nordby.children_family.pk,
            "document_type": "investigation",
            "document_date": days_ago(20).isoformat(),
            "summary": "Børnefaglig undersøgelse",
            "domains": ["family", "peers"],
        },
    )
    assert response.status_code == 302
    entry = JournalReviewEntry.objects.get()
    assert (entry.department, entry.domains, entry.recorded_by) == (
        nordby.children_family,
        ["family", "peers"],
        caseworker,
    )


def test_journal_entry_for_another_department_is_not_offered(
    client, other_department_user, assessment, nordby
):
    # Not a family coordinator: the jobcentre caseworker writes only as the jobcentre.
    client.force_login(other_department_user)
    response = client.post(
        url("journal", assessment),
        {
            "member": member(assessment.family, "Jonas").pk,
            "department": nordby.social.pk,
            "document_type": "other",
            "document_date": days_ago(2).isoformat(),
            "summary": "x",
        },
    )
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not JournalReviewEntry.objects.exists()


def test_another_department_cannot_edit_or_delete_an_entry(
    client, assessment, caseworker, other_department_user, nordby
):
    from families.services import consents

    # Jobcenter is on the team but outside the consent; invite it into the consent so it reads.
    consents.record_consent(
        actor=caseworker,
        family=assessment.family,
        given_by=[member(assessment.family, "Mette")],
        departments=[nordby.children_family, nordby.employment],
        given_on=days_ago(0),
    )
    entry = journal_services.add_journal_entry(
        actor=caseworker,
        assessment=assessment,
        member=member(assessment.family, "Jonas"),
        department=nordby.children_family,
        document_type="other",
        document_date=days_ago(2),
        summary="Børn og Familie skrev dette",
    )
    client.force_login(other_department_user)
    assert client.get(url("journal_edit", assessment, entry.pk)).status_code == 403
    assert client.post(url("journal_delete", assessment, entry.pk)).status_code == 403
    assert JournalReviewEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_the_user_cannot_read_is_not_found(
    client, assessment, caseworker, other_department_user, nordby
):
    entry = journal_services.add_journal_entry(
        actor=caseworker,
        assessment=assessment,
        member=member(assessment.family, "Jonas"),
        department=nordby.children_family,
        document_type="other",
        document_date=days_ago(2),
        summary="Kun for de dækkede forvaltninger",
    )
    client.force_login(other_department_user)
    assert client.get(url("journal_edit", assessment, entry.pk)).status_code == 404
    assert b"Kun for de d" not in client.get(url("journal", assessment)).content


def test_journal_entry_can_be_edited_and_deleted(client, caseworker, assessment, nordby):
    entry = journal_services.add_journal_entry(
        actor=caseworker,
        assessment=assessment,
        member=member(assessment.family, "Jonas"),
        department=nordby.children_family,
        document_type="other",
        document_date=days_ago(2),
        summary="Før",
    )
    client.force_login(caseworker)
    data = {
        "member": entry.member_id,
        "department": nordby.children_family.pk,
        "document_type": "child_plan",
        "document_date": days_ago(3).isoformat(),
        "summary": "Efter",
    }
    assert client.post(url("journal_edit", assessment, entry.pk), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.summary, entry.document_type) == ("Efter", "child_plan")
    assert client.post(url("journal_delete", assessment, entry.pk)).status_code == 302
    assert not JournalReviewEntry.objects.exists()
    assert JournalReviewEntry.history.filter(id=entry.pk, history_type="-").exists()


def _bulk(rows: list[dict[str, object]], total: int = 10) -> dict[str, object]:
    data: dict[str, object] = {
        "form-TOTAL_FORMS": str(total),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{index}-{key}"] = value
    return data


def test_bulk_backfill_saves_all_filled_rows(client, caseworker, assessment, nordby):
    client.force_login(caseworker)
    jonas, mette = member(assessment.family, "Jonas"), member(assessment.family, "Mette")
    dept = nordby.children_family.pk
    rows = [
        {
            "member": jonas.pk,
            "type": "event:arrest",
            "department": dept,
            "start_date": days_ago(300).isoformat(),
        },
        {
            "member": jonas.pk,
            "type": "measure:mentor",
            "department": dept,
            "start_date": days_ago(250).isoformat(),
            "end_date": days_ago(100).isoformat(),
            "provider": "Klubben",
        },
        {
            "member": mette.pk,
            "type": "measure:family_treatment",
            "department": dept,
            "start_date": days_ago(2000).isoformat(),
        },
    ]
    response = client.post(url("timeline_add", assessment), _bulk(rows))
    assert response.status_code == 302
    assert response.url == url("timeline", assessment)
    saved = TimelineEntry.objects.order_by("start_date")
    assert [(e.kind, e.measure_type or e.event_type) for e in saved] == [
        ("measure", "family_treatment"),
        ("event", "arrest"),
        ("measure", "mentor"),
    ]
    page = client.get(url("timeline", assessment)).content.decode()
    assert page.count('class="tl-event') == 1
    assert "<svg" in page and "Klubben" in page


def test_bulk_backfill_with_one_bad_row_saves_nothing(client, caseworker, assessment, nordby):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    dept = nordby.children_family.pk
    rows = [
        {
            "member": jonas.pk,
            "type": "event:arrest",
            "department": dept,
            "start_date": days_ago(30).isoformat(),
        },
        {
            "member": jonas.pk,
            "type": "event:charge",
            "department": dept,
            "start_date": "2001-01-01",
        },
    ]
    response = client.post(url("timeline_add", assessment), _bulk(rows))
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert not forms[0].errors
    assert "before Jonas was born" in forms[1].errors["start_date"][0]
    assert "Nothing was saved" in response.content.decode()
    assert not TimelineEntry.objects.exists()


def test_add_more_rows_keeps_what_was_typed(client, caseworker, assessment, nordby):
    client.force_login(caseworker)
    rows = [{"member": member(assessment.family, "Jonas").pk, "provider": "Beholdes"}]
    response = client.post(url("timeline_add", assessment), {**_bulk(rows), "more": "1"})
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 20
    assert "Beholdes" in response.content.decode()
    assert not TimelineEntry.objects.exists()


def test_the_timeline_hides_rows_of_departments_outside_the_consent(
    client, assessment, caseworker, other_department_user, nordby
):
    timeline_services.add_timeline_entries(
        actor=other_department_user,
        assessment=assessment,
        rows=[
            event_row(
                member(assessment.family, "Jonas"),
                nordby.employment,
                days_ago(9),
                description="Jobcentrets hændelse",
            )
        ],
    )
    client.force_login(caseworker)
    assert "Jobcentrets hændelse" not in client.get(url("timeline", assessment)).content.decode()
    client.force_login(other_department_user)
    assert "Jobcentrets hændelse" in client.get(url("timeline", assessment)).content.decode()


def test_timeline_row_is_edited_and_deleted(client, caseworker, assessment, nordby):
    [entry] = timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[event_row(member(assessment.family, "Jonas"), nordby.children_family, days_ago(9))],
    )
    client.force_login(caseworker)
    data = {
        "member": entry.member_id,
        "type": "event:conviction",
        "department": nordby.children_family.pk,
        "start_date": days_ago(8).isoformat(),
        "what_worked": "",
    }
    assert client.post(url("timeline_edit", assessment, entry.pk), data).status_code == 302
    entry.refresh_from_db()
    assert entry.event_type == "conviction"
    assert client.post(url("timeline_delete", assessment, entry.pk)).status_code == 302
    assert not TimelineEntry.objects.exists()


def test_risk_form_scores_and_overrides(client, caseworker, assessment, instruments):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    page = client.get(url("risk_member", assessment, jonas.pk))
    # Jonas is 15: YLS/CMI 2.0 is proposed, with no item wording, only item codes.
    assert page.context["instrument"].code == "YLS_CMI_2"
    assert "1a–1e" in page.content.decode()
    data = {
        "instrument": "YLS_CMI_2",
        "assessed_on": days_ago(1).isoformat(),
        **{
            f"score_{code}": 1
            for code in [
                "offences",
                "family",
                "education_employment",
                "peers",
                "substance",
                "leisure",
                "personality",
                "attitudes",
            ]
        },
        "override_level": "high",
        "override_reason": "",
    }
    response = client.post(url("risk_member", assessment, jonas.pk), data)
    assert response.status_code == 200
    assert "Give a reason for the override." in response.content.decode()
    assert not RiskAssessment.objects.exists()
    data["override_reason"] = "Ny sigtelse"
    assert client.post(url("risk_member", assessment, jonas.pk), data).status_code == 302
    risk = RiskAssessment.objects.get()
    assert (risk.total, risk.computed_level, risk.final_level) == (8, "low", "high")
    # The final level shows wherever Jonas appears on the assessment pages.
    for name in ["detail", "basic_data", "risk", "overall", "timeline"]:
        assert "YLS/CMI 2.0: High" in client.get(url(name, assessment)).content.decode(), name


def test_risk_score_outside_the_item_count_is_shown_on_the_form(
    client, caseworker, assessment, instruments
):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    data = {
        "instrument": "SPJ_RNR8",
        "assessed_on": days_ago(1).isoformat(),
        **{
            f"score_{code}": 3
            for code in [
                "offences",
                "family",
                "education_employment",
                "peers",
                "substance",
                "leisure",
                "personality",
                "attitudes",
            ]
        },
    }
    response = client.post(url("risk_member", assessment, jonas.pk), data)
    assert "the score must be between 0 and 2" in response.content.decode()
    assert not RiskAssessment.objects.exists()


def test_overall_and_meeting_are_saved(client, caseworker, coordinator, assessment):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    response = client.post(
        url("overall", assessment),
        {
            "meeting_date": days_ago(3).isoformat(),
            "attendees": [caseworker.pk, coordinator.pk],
            "needs": "Struktur",
            "resources": "Mormor",
            "challenges": "Venner",
            "priorities": "Skolen først, fordi ...",
            f"concern_{jonas.pk}": "3",
        },
    )
    assert response.status_code == 302
    overall = OverallAssessment.objects.get()
    assert set(overall.attendees.all()) == {caseworker, coordinator}
    assert assessment.concerns.get().level == 3
    response = client.post(
        url("meeting", assessment),
        {"meeting_date": days_ago(1).isoformat(), "family_view": "»Ro«", "wishes": "»Job«"},
    )
    assert response.status_code == 302
    assert FamilyMeeting.objects.get().wishes == "»Job«"


def test_marking_a_part_done_with_gaps_shows_why(client, caseworker, assessment):
    client.force_login(caseworker)
    response = client.post(url("part_done", assessment, 1), follow=True)
    assert "School or education not stated" in response.content.decode()
    assert not PartCompletion.objects.exists()


def test_finish_pdf_and_new_version(client, caseworker, assessment, nordby, instruments):
    complete(assessment, caseworker, nordby, instruments)
    client.force_login(caseworker)  # the primary family coordinator
    # A draft has no PDF.
    assert client.get(url("pdf", assessment)).status_code == 404
    assert client.post(url("finish", assessment)).status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_locked
    response = client.get(url("pdf", assessment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AccessLogEntry.objects.filter(
        user=caseworker, family=assessment.family, what__contains="PDF"
    ).exists()
    # Locked: a change is refused with a message, nothing changes.
    response = client.post(url("meeting", assessment), {"wishes": "Ændret"}, follow=True)
    assert "finished and locked" in response.content.decode()
    assert FamilyMeeting.objects.get().wishes == "»En uddannelse«"
    response = client.post(url("new_version", assessment))
    new = Assessment.objects.get(version=2)
    assert response.url == new.get_absolute_url()
    assert new.previous == assessment


def test_a_caseworker_who_is_not_a_coordinator_cannot_finish(
    client, coordinator, other_department_user, assessment, nordby, instruments
):
    complete(assessment, coordinator, nordby, instruments)
    client.force_login(other_department_user)
    assert client.post(url("finish", assessment)).status_code == 403
    assessment.refresh_from_db()
    assert not assessment.is_locked


def test_an_outside_caseworker_reads_but_cannot_write(
    client, coordinator, outside_caseworker, assessment, nordby
):
    import datetime as dt

    from django.utils import timezone

    from families.services import outside_access

    outside_access.grant_outside_access(
        actor=coordinator,
        family=assessment.family,
        user=outside_caseworker,
        department=nordby.school,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
        reason="Skole",
    )
    client.force_login(outside_caseworker)
    assert client.get(url("timeline", assessment)).status_code == 200
    assert client.get(url("timeline_add", assessment)).status_code == 403
    assert client.post(url("overall", assessment), {"needs": "x"}).status_code == 403
    assert client.post(url("part_done", assessment, 2)).status_code == 403
    assert not OverallAssessment.objects.exists()


def test_basic_data_is_corrected_in_place(client, caseworker, assessment):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    page = client.get(url("basic_data", assessment)).content.decode()
    assert "School or education not stated." in page
    data = {
        "role": "target_child",
        "first_name": "Jonas",
        "last_name": "Jensen",
        "cpr": jonas.cpr,
        "gender": "male",
        "origin": "danish",
        "education_status": "primary_school",
        "support_status": "not_applicable",
        "school_or_workplace": "Nordby Skole",
        "lives_in_household": "on",
    }
    response = client.post(url("member_edit", assessment, jonas.pk), data)
    assert response.status_code == 302
    jonas.refresh_from_db()
    assert jonas.education_status == "primary_school"
    assert (
        "School or education not stated."
        not in client.get(url("basic_data", assessment)).content.decode()
    )


def test_a_locked_risk_page_names_the_domains_and_offers_no_instrument(
    client, caseworker, assessment, nordby, instruments
):
    """Issue 11, item 7: no internal codes, no setup note, no instrument selector when locked."""
    complete(assessment, caseworker, nordby, instruments)
    client.force_login(caseworker)
    assert client.post(url("finish", assessment)).status_code == 302
    jonas = member(assessment.family, "Jonas")
    # Asking for another instrument on a locked assessment still shows the one used.
    response = client.get(url("risk_member", assessment, jonas.pk) + "?instrument=LS_RNR")
    assert response.context["instrument"].code == "YLS_CMI_2"
    html = response.content.decode()
    assert "Education/employment" in html
    assert "Prior and current offences" in html
    assert "1 of 7" in html  # the score and the domain's highest score
    for code in ["education_employment", "offences", "personality"]:
        assert f">{code}<" not in html
    assert instruments["YLS_CMI_2"].note not in html
    assert "UNVERIFIED" not in html
    assert 'id="instrument-choice"' not in html
    assert "Use this instrument" not in html


def test_a_draft_risk_page_still_offers_the_instrument(client, caseworker, assessment):
    client.force_login(caseworker)
    jonas = member(assessment.family, "Jonas")
    response = client.get(url("risk_member", assessment, jonas.pk) + "?instrument=LS_RNR")
    assert response.context["instrument"].code == "LS_RNR"
    assert 'id="instrument-choice"' in response.content.decode()


@pytest.mark.parametrize(
    ("page", "required", "optional"),
    [
        ("overall", ["meeting_date", "needs", "resources", "challenges", "priorities"], []),
        ("meeting", ["meeting_date", "notes", "family_view", "wishes"], ["participants"]),
    ],
)
def test_parts_5_and_6_label_what_marking_done_requires(
    client, caseworker, assessment, page, required, optional
):
    """Issue 11, item 2: the texts a part needs before it is done are not labelled optional."""
    client.force_login(caseworker)
    html = client.get(url(page, assessment)).content.decode()

    def label(name: str) -> str:
        label_html: str = html.split(f'for="id_{name}"', 1)[1].split("</label>", 1)[0]
        return label_html

    for name in required:
        assert "required to mark the part done" in label(name), name
        assert "optional" not in label(name), name
    for name in optional:
        assert "(optional)" in label(name), name
