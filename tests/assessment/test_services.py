"""Every rule and error of the assessment services."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessment.models import (
    Assessment,
    JournalReviewEntry,
    Level,
    Part,
    PartCompletion,
    RiskAssessment,
    TimelineEntry,
)
from assessment.services import journal as journal_services
from assessment.services import meetings as meeting_services
from assessment.services import member_data, parts, versions
from assessment.services import risk as risk_services
from assessment.services import timeline as timeline_services
from tests.assessment.conftest import complete, days_ago, event_row, measure_row, member

ALL_DOMAINS = [
    "offences",
    "family",
    "education_employment",
    "peers",
    "substance",
    "leisure",
    "personality",
    "attitudes",
]


def scores(*values: int) -> dict[str, int]:
    return dict(zip(ALL_DOMAINS, values, strict=True))


# --- Starting and the one-open-assessment rule ---------------------------------------------


def test_the_first_assessment_is_an_initial_version_1(assessment, caseworker):
    assert assessment.kind == Assessment.Kind.INITIAL
    assert assessment.version == 1
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.history.first().history_user == caseworker


def test_a_second_open_assessment_is_refused(assessment, caseworker):
    with pytest.raises(ValidationError, match="already has an assessment in progress"):
        versions.start_assessment(actor=caseworker, family=assessment.family)
    assert Assessment.objects.filter(family=assessment.family).count() == 1


def test_the_database_allows_one_open_assessment_per_family(assessment, caseworker):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            family=assessment.family, kind="initial", version=2, started_by=caseworker
        )


# --- Parts done ----------------------------------------------------------------------------


def test_a_part_with_empty_required_fields_cannot_be_marked_done(assessment, caseworker):
    for part, expected in [
        (Part.BASIC_DATA, "School or education not stated"),
        (Part.JOURNAL_REVIEW, "at least one journal review entry"),
        (Part.TIMELINE, "at least one measure or event"),
        (Part.RISK_NEED, "Jonas Jensen has no risk and need assessment"),
        (Part.OVERALL, "the date of the core-team meeting"),
        (Part.FAMILY_MEETING, "the family's own view"),
    ]:
        with pytest.raises(ValidationError) as error:
            parts.mark_part_done(actor=caseworker, assessment=assessment, part=part)
        assert any(expected in message for message in error.value.messages), part
    assert not PartCompletion.objects.exists()


def test_a_done_part_records_who_and_when(assessment, caseworker, nordby, instruments):
    complete(assessment, caseworker, nordby, instruments)
    completions = list(assessment.completions.all())
    assert [c.part for c in completions] == Part.values
    assert all(c.done_by == caseworker and c.done_at for c in completions)


def test_finishing_needs_all_six_parts(assessment, caseworker):
    with pytest.raises(ValidationError, match="Not done yet"):
        versions.finish_assessment(actor=caseworker, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


# --- Locking and versions ------------------------------------------------------------------


@pytest.fixture
def finished(assessment, caseworker, nordby, instruments) -> Assessment:
    complete(assessment, caseworker, nordby, instruments)
    return versions.finish_assessment(actor=caseworker, assessment=assessment)


def test_finishing_locks_and_keeps_the_basic_data(finished, caseworker):
    finished.refresh_from_db()
    assert finished.status == Assessment.Status.FINISHED
    assert finished.finished_by == caseworker
    assert [person["name"] for person in finished.basic_data_snapshot] == [
        "Mette Jensen",
        "Jonas Jensen",
    ]


def test_a_finished_assessment_refuses_every_change(finished, caseworker, nordby, instruments):
    jonas = member(finished.family, "Jonas")
    entry = JournalReviewEntry.objects.get(assessment=finished)
    row = TimelineEntry.objects.get(assessment=finished)
    attempts = [
        lambda: journal_services.add_journal_entry(
            actor=caseworker,
            assessment=finished,
            member=jonas,
            department=nordby.children_family,
            document_type="other",
            document_date=days_ago(1),
            summary="x",
        ),
        lambda: journal_services.update_journal_entry(actor=caseworker, entry=entry, summary="y"),
        lambda: journal_services.delete_journal_entry(actor=caseworker, entry=entry),
        lambda: timeline_services.add_timeline_entries(
            actor=caseworker,
            assessment=finished,
            rows=[event_row(jonas, nordby.children_family, days_ago(3))],
        ),
        lambda: timeline_services.update_timeline_entry(actor=caseworker, entry=row, provider="z"),
        lambda: timeline_services.delete_timeline_entry(actor=caseworker, entry=row),
        lambda: risk_services.record_risk_assessment(
            actor=caseworker,
            assessment=finished,
            member=jonas,
            instrument=instruments["YLS_CMI_2"],
            assessed_on=days_ago(1),
            domain_scores=scores(0, 0, 0, 0, 0, 0, 0, 0),
        ),
        lambda: meeting_services.save_overall_assessment(
            actor=caseworker, assessment=finished, needs="x"
        ),
        lambda: meeting_services.save_family_meeting(
            actor=caseworker, assessment=finished, wishes="x"
        ),
        lambda: member_data.update_basic_data_note(actor=caseworker, assessment=finished, note="x"),
        lambda: member_data.update_member_basic_data(
            actor=caseworker, assessment=finished, member=jonas, languages="Dansk"
        ),
        lambda: parts.mark_part_not_done(actor=caseworker, assessment=finished, part=Part.TIMELINE),
        lambda: versions.finish_assessment(actor=caseworker, assessment=finished),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="finished and locked"):
            attempt()
    entry.refresh_from_db()
    assert entry.summary == "Fravær"
    assert TimelineEntry.objects.filter(assessment=finished).count() == 1
    assert member(finished.family, "Jonas").languages == ""


def test_a_new_version_copies_everything_and_points_back(finished, caseworker):
    new = versions.start_new_version(actor=caseworker, assessment=finished)
    assert (new.version, new.kind, new.previous, new.status) == (2, "initial", finished, "draft")
    assert new.journal_entries.count() == 1
    assert new.timeline_entries.count() == 1
    risk = new.risk_assessments.get()
    assert risk.final_level == finished.risk_assessments.get().final_level
    assert new.overall.priorities == "Skolen først"
    assert new.family_meeting.wishes == "»En uddannelse«"
    assert new.concerns.get().level == 2
    assert not new.completions.exists()
    # The copies are in the history too, by the person who started the version.
    assert TimelineEntry.history.filter(assessment_id=new.pk, history_user=caseworker).exists()
    # The finished version is untouched.
    assert finished.timeline_entries.count() == 1


def test_a_new_version_only_from_the_latest_finished_one(finished, caseworker):
    versions.start_new_version(actor=caseworker, assessment=finished)
    with pytest.raises(ValidationError, match="already has an assessment in progress"):
        versions.start_new_version(actor=caseworker, assessment=finished)


def test_a_draft_cannot_get_a_new_version(assessment, caseworker):
    with pytest.raises(ValidationError, match="Only a finished assessment"):
        versions.start_new_version(actor=caseworker, assessment=assessment)


def test_a_reassessment_carries_history_over_but_not_the_judgement(finished, caseworker):
    reassessment = versions.start_assessment(actor=caseworker, family=finished.family)
    assert reassessment.kind == Assessment.Kind.REASSESSMENT
    assert reassessment.version == 2
    assert reassessment.previous == finished
    assert reassessment.journal_entries.count() == 1
    assert reassessment.timeline_entries.count() == 1
    assert not reassessment.risk_assessments.exists()
    assert not hasattr(reassessment, "overall") or reassessment.overall is None


# --- Risk and need -------------------------------------------------------------------------


def test_risk_level_is_computed_from_the_domain_scores(assessment, caseworker, instruments):
    jonas = member(assessment.family, "Jonas")
    risk = risk_services.record_risk_assessment(
        actor=caseworker,
        assessment=assessment,
        member=jonas,
        instrument=instruments["YLS_CMI_2"],
        assessed_on=days_ago(1),
        domain_scores=scores(5, 6, 7, 4, 1, 0, 0, 0),  # 23: the first "high" total
        strength_domains=["leisure"],
    )
    assert (risk.total, risk.computed_level, risk.final_level) == (23, "high", "high")
    # Recording again changes the same row.
    again = risk_services.record_risk_assessment(
        actor=caseworker,
        assessment=assessment,
        member=jonas,
        instrument=instruments["YLS_CMI_2"],
        assessed_on=days_ago(1),
        domain_scores=scores(5, 6, 7, 4, 0, 0, 0, 0),
    )
    assert again.pk == risk.pk and again.computed_level == Level.MODERATE


def test_a_score_outside_the_domains_item_count_is_refused(assessment, caseworker, instruments):
    with pytest.raises(ValidationError) as error:
        risk_services.record_risk_assessment(
            actor=caseworker,
            assessment=assessment,
            member=member(assessment.family, "Jonas"),
            instrument=instruments["YLS_CMI_2"],
            assessed_on=days_ago(1),
            domain_scores=scores(6, 0, 0, 0, 0, 0, 0, -1),
        )
    assert "Prior and current offences: the score must be between 0 and 5." in error.value.messages
    assert "Attitudes/orientation: the score must be between 0 and 5." in error.value.messages
    assert not RiskAssessment.objects.exists()


def test_a_missing_domain_score_is_refused(assessment, caseworker, instruments):
    with pytest.raises(ValidationError, match="give a score"):
        risk_services.record_risk_assessment(
            actor=caseworker,
            assessment=assessment,
            member=member(assessment.family, "Jonas"),
            instrument=instruments["SPJ_RNR8"],
            assessed_on=days_ago(1),
            domain_scores={"offences": 1},
        )


def _override(assessment, caseworker, instruments, level: str, reason: str) -> RiskAssessment:
    return risk_services.record_risk_assessment(
        actor=caseworker,
        assessment=assessment,
        member=member(assessment.family, "Jonas"),
        instrument=instruments["YLS_CMI_2"],
        assessed_on=days_ago(1),
        domain_scores=scores(2, 2, 2, 2, 1, 0, 0, 0),  # 9: moderate
        override_level=level,
        override_reason=reason,
    )


def test_an_override_without_a_reason_is_refused(assessment, caseworker, instruments):
    with pytest.raises(ValidationError, match="Give a reason for the override"):
        _override(assessment, caseworker, instruments, Level.HIGH, "  ")
    assert not RiskAssessment.objects.exists()


def test_an_override_equal_to_the_computed_level_is_refused(assessment, caseworker, instruments):
    with pytest.raises(ValidationError, match="same as the computed level"):
        _override(assessment, caseworker, instruments, Level.MODERATE, "Samme")


def test_a_reason_without_an_override_level_is_refused(assessment, caseworker, instruments):
    with pytest.raises(ValidationError, match="Choose the override level"):
        _override(assessment, caseworker, instruments, "", "Hvorfor?")


@pytest.mark.parametrize(("level", "direction"), [(Level.HIGH, "up"), (Level.LOW, "down")])
def test_an_override_up_or_down_sets_the_final_level(
    assessment, caseworker, instruments, level, direction
):
    risk = _override(assessment, caseworker, instruments, level, "Ny sigtelse")
    assert risk.computed_level == Level.MODERATE
    assert risk.final_level == level
    assert risk.override_direction == direction


def test_the_database_refuses_an_override_without_reason(assessment, caseworker, instruments):
    risk = _override(assessment, caseworker, instruments, Level.HIGH, "Ny sigtelse")
    risk.override_reason = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        risk.save()


# --- Timeline ------------------------------------------------------------------------------


def test_bulk_backfill_saves_all_rows_with_history(assessment, caseworker, nordby):
    jonas = member(assessment.family, "Jonas")
    entries = timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[
            event_row(jonas, nordby.children_family, days_ago(400)),
            measure_row(jonas, nordby.children_family, days_ago(300), days_ago(200)),
            measure_row(jonas, nordby.social, days_ago(100)),
        ],
    )
    assert len(entries) == 3
    assert TimelineEntry.objects.filter(assessment=assessment).count() == 3
    assert TimelineEntry.history.filter(history_user=caseworker).count() == 3


def test_one_bad_row_saves_nothing_and_names_the_row(assessment, caseworker, nordby):
    jonas = member(assessment.family, "Jonas")
    assert jonas.birth_date is not None
    with pytest.raises(timeline_services.RowErrors) as error:
        timeline_services.add_timeline_entries(
            actor=caseworker,
            assessment=assessment,
            rows=[
                event_row(jonas, nordby.children_family, days_ago(10)),
                event_row(jonas, nordby.children_family, days_ago(-5)),
                event_row(jonas, nordby.children_family, jonas.birth_date.replace(year=2005)),
                measure_row(jonas, nordby.children_family, days_ago(10), days_ago(20)),
                event_row(jonas, nordby.children_family, days_ago(30), end_date=days_ago(2)),
            ],
        )
    rows = error.value.rows
    assert set(rows) == {1, 2, 3, 4}
    assert rows[1]["start_date"] == ["The date cannot be in the future."]
    assert rows[2]["start_date"][0].startswith("The date is before Jonas was born")
    assert rows[3]["end_date"] == ["The end cannot be before the start."]
    assert "leave the end empty" in rows[4]["end_date"][0]
    assert not TimelineEntry.objects.exists()


def test_a_row_of_another_family_or_municipality_is_refused(assessment, caseworker, nordby, sydby):
    from tests.factories import MemberFactory

    stranger = MemberFactory()
    with pytest.raises(timeline_services.RowErrors) as error:
        timeline_services.add_timeline_entries(
            actor=caseworker,
            assessment=assessment,
            rows=[event_row(stranger, sydby.children_family, days_ago(10))],
        )
    assert set(error.value.rows[0]) == {"member", "department"}


def test_editing_a_timeline_row_checks_the_same_rules(assessment, caseworker, nordby):
    jonas = member(assessment.family, "Jonas")
    [entry] = timeline_services.add_timeline_entries(
        actor=caseworker,
        assessment=assessment,
        rows=[measure_row(jonas, nordby.children_family, days_ago(50))],
    )
    with pytest.raises(ValidationError):
        timeline_services.update_timeline_entry(
            actor=caseworker, entry=entry, end_date=days_ago(60)
        )
    timeline_services.update_timeline_entry(
        actor=caseworker, entry=entry, end_date=days_ago(10), what_worked="Faste aftaler"
    )
    entry.refresh_from_db()
    assert (entry.end_date, entry.what_worked) == (days_ago(10), "Faste aftaler")


# --- Journal review, overall, meeting ------------------------------------------------------


def test_a_journal_entry_in_the_future_or_without_summary_is_refused(
    assessment, caseworker, nordby
):
    jonas = member(assessment.family, "Jonas")
    base = {
        "member": jonas,
        "department": nordby.children_family,
        "document_type": "journal_note",
        "summary": "Noget",
    }
    with pytest.raises(ValidationError, match="cannot be in the future"):
        journal_services.add_journal_entry(
            actor=caseworker, assessment=assessment, document_date=days_ago(-1), **base
        )
    with pytest.raises(ValidationError, match="Write a summary"):
        journal_services.add_journal_entry(
            actor=caseworker,
            assessment=assessment,
            document_date=days_ago(1),
            **(base | {"summary": " "}),
        )
    with pytest.raises(ValidationError, match="eight RNR domains"):
        journal_services.add_journal_entry(
            actor=caseworker,
            assessment=assessment,
            document_date=days_ago(1),
            domains=["astrology"],
            **base,
        )
    assert not JournalReviewEntry.objects.exists()


def test_concern_levels_are_set_changed_and_cleared(assessment, caseworker):
    jonas = member(assessment.family, "Jonas")
    meeting_services.save_overall_assessment(
        actor=caseworker, assessment=assessment, concerns={jonas.pk: 3}
    )
    assert assessment.concerns.get().level == 3
    meeting_services.save_overall_assessment(
        actor=caseworker, assessment=assessment, concerns={jonas.pk: 4}
    )
    assert assessment.concerns.get().level == 4
    meeting_services.save_overall_assessment(
        actor=caseworker, assessment=assessment, concerns={jonas.pk: None}
    )
    assert not assessment.concerns.exists()


def test_a_family_meeting_in_the_future_is_refused(assessment, caseworker):
    with pytest.raises(ValidationError, match="meeting date cannot be in the future"):
        meeting_services.save_family_meeting(
            actor=caseworker, assessment=assessment, meeting_date=days_ago(-3)
        )
