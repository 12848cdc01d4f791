"""Assessment pages. Each view loads the family's access (families/access.py), checks one `can_*`,
calls one service and redirects; selectors (taking the access) load what a page shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthedRequest
from assessment import selectors
from assessment.forms import (
    MAX_BULK_ROWS,
    TYPE_FIELDS,
    BaseTimelineFormSet,
    BasicDataNoteForm,
    FamilyMeetingForm,
    JournalEntryForm,
    OverallAssessmentForm,
    RiskAssessmentForm,
    TimelineEntryForm,
    TimelineFormSet,
    with_more_rows,
)
from assessment.models import Assessment, Part
from assessment.services import journal as journal_services
from assessment.services import meetings as meeting_services
from assessment.services import member_data, parts, versions
from assessment.services import risk as risk_services
from assessment.services import timeline as timeline_services
from config.concurrency import carry_token, posted_token
from config.feedback import add_form_errors, show_errors
from families.access import FamilyAccess, get_family_access, record_view, require
from families.forms import MemberForm
from families.pdf import pdf_response, render_pdf
from families.services import members as member_services


def _context(
    access: FamilyAccess,
    assessment: Assessment,
    *,
    page: selectors.AssessmentPage | None = None,
    part: int | None = None,
    **extra: object,
) -> dict[str, object]:
    return {
        "access": access,
        "family": access.family,
        "assessment": assessment,
        "can_edit": selectors.can_edit(access, assessment),
        "page": page,
        "part": part,
        "part_row": page.part_row(part) if page is not None else None,
        "part_links": selectors.part_links(
            current=part, done=page.done_parts if page is not None else None
        ),
        **extra,
    }


# --- The assessment ------------------------------------------------------------------------


def family_assessment(request: AuthedRequest, pk: int) -> HttpResponse:
    """The family's tab: the current assessment, or a button to start the first one."""
    access = get_family_access(request, pk, what=_("Assessment"))
    require(request, access, access.can_view_assessment, what=_("Assessment"))
    current = selectors.current_assessment(selectors.family_assessments(access))
    if current is not None:
        return redirect(current)
    record_view(request, access, what=_("Assessment"))
    return render(
        request,
        "assessment/assessment_start.html",
        {"access": access, "family": access.family},
    )


@require_POST
def assessment_start(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Start assessment"))
    require(request, access, access.can_change_assessment, what=_("Start assessment"))
    try:
        assessment = versions.start_assessment(actor=request.user, family=access.family)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("assessment:family", pk=pk)
    messages.success(request, _("The assessment was started."))
    return redirect(assessment)


def assessment_detail(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    page = selectors.assessment_page(access, assessment)
    all_versions = selectors.family_assessments(access)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/assessment_detail.html",
        _context(
            access,
            assessment,
            page=page,
            versions=all_versions,
            can_finish=selectors.can_finish(access, assessment),
            can_start_again=access.can_change_assessment
            and selectors.is_latest(assessment, all_versions),
        ),
    )


@require_POST
def part_done(request: AuthedRequest, pk: int, assessment_pk: int, part: int) -> HttpResponse:
    what = _("Mark part done")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    try:
        parts.mark_part_done(actor=request.user, assessment=assessment, part=part)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("“%(part)s” is marked done.") % {"part": Part(part).label})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = assessment.get_absolute_url()
    return redirect(next_url)


@require_POST
def part_not_done(request: AuthedRequest, pk: int, assessment_pk: int, part: int) -> HttpResponse:
    what = _("Reopen part")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    try:
        parts.mark_part_not_done(actor=request.user, assessment=assessment, part=part)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("“%(part)s” is open again.") % {"part": Part(part).label})
    return redirect(assessment)


@require_POST
def assessment_finish(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Finish assessment")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_finish_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    try:
        versions.finish_assessment(actor=request.user, assessment=assessment)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The assessment is finished and locked."))
    return redirect(assessment)


@require_POST
def assessment_new_version(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("New assessment version")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    try:
        new = versions.start_new_version(actor=request.user, assessment=assessment)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(assessment)
    messages.success(request, _("Version %(version)s was started.") % {"version": new.version})
    return redirect(new)


def assessment_pdf(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """The finished assessment as a PDF for the record."""
    what = _("Assessment PDF")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    if not assessment.is_locked:
        raise Http404
    page = selectors.assessment_page(access, assessment)
    chart = selectors.timeline_chart(page, today=(assessment.finished_at or timezone.now()).date())
    pdf = render_pdf(
        "assessment/assessment_pdf.html",
        _context(access, assessment, page=page, chart=chart, printed_at=timezone.now()),
        request=request,
        stylesheets=["assessment/print.css"],
    )
    record_view(request, access, what=what)
    return pdf_response(
        pdf, filename=f"udredning-{access.family.reference}-v{assessment.version}.pdf"
    )


# --- Part 1: basic data --------------------------------------------------------------------


def basic_data(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: basic data")
    access = get_family_access(request, pk, what=what)
    allowed = (
        access.can_change_assessment if request.method == "POST" else access.can_view_assessment
    )
    require(request, access, allowed, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    form = BasicDataNoteForm(request.POST or None, initial={"note": assessment.basic_data_note})
    carry_token(form, member_data.basic_data_note_token(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            member_data.update_basic_data_note(
                actor=request.user,
                assessment=assessment,
                note=form.cleaned_data["note"],
                expected_token=posted_token(form),
            )
        except ValidationError as error:
            add_form_errors(form, error, field_names={"basic_data_note": "note"})
        else:
            messages.success(request, _("The note was saved."))
            return redirect("assessment:basic_data", pk=pk, assessment_pk=assessment.pk)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/basic_data.html",
        _context(access, assessment, page=page, form=form, part=Part.BASIC_DATA),
    )


def member_edit(
    request: AuthedRequest, pk: int, assessment_pk: int, member_pk: int
) -> HttpResponse:
    what = _("Assessment: edit basic data")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    member = selectors.get_member(access, member_pk)
    form = MemberForm(request.POST or None, instance=member)
    carry_token(form, member_services.member_token(member))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            member_data.update_member_basic_data(
                actor=request.user,
                assessment=assessment,
                member=member,
                expected_token=token,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("%(name)s was updated.") % {"name": member})
            return redirect("assessment:basic_data", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what, member=member)
    return render(
        request,
        "assessment/member_form.html",
        _context(access, assessment, form=form, member=member),
    )


# --- Part 2: journal review ----------------------------------------------------------------


def _journal_form(
    request: AuthedRequest, access: FamilyAccess, **kwargs: object
) -> JournalEntryForm:
    """Members of the family, and only the departments whose rows the user may change."""
    if "instance" not in kwargs:
        kwargs["initial"] = {"department": access.department_id}
    return JournalEntryForm(
        request.POST or None,
        members=selectors.family_members(access),
        departments=selectors.editable_departments(access),
        **kwargs,
    )


def journal(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: journal review")
    access = get_family_access(request, pk, what=what)
    allowed = (
        access.can_change_assessment if request.method == "POST" else access.can_view_assessment
    )
    require(request, access, allowed, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    form = _journal_form(request, access)
    if request.method == "POST" and form.is_valid():
        try:
            journal_services.add_journal_entry(
                actor=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The journal review entry was saved."))
            return redirect("assessment:journal", pk=pk, assessment_pk=assessment.pk)
    page = selectors.assessment_page(access, assessment, timeline=False)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/journal.html",
        _context(access, assessment, page=page, form=form, part=Part.JOURNAL_REVIEW),
    )


def journal_edit(
    request: AuthedRequest, pk: int, assessment_pk: int, entry_pk: int
) -> HttpResponse:
    what = _("Assessment: edit journal review entry")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    entry = selectors.get_journal_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    form = _journal_form(request, access, instance=entry)
    carry_token(form, journal_services.entry_token(entry))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            journal_services.update_journal_entry(
                actor=request.user, entry=entry, expected_token=token, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The journal review entry was updated."))
            return redirect("assessment:journal", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what, member=entry.member)
    return render(
        request,
        "assessment/entry_form.html",
        _context(
            access,
            assessment,
            form=form,
            entry=entry,
            title=_("Edit journal review entry"),
            delete_url_name="assessment:journal_delete",
            back_url_name="assessment:journal",
        ),
    )


@require_POST
def journal_delete(
    request: AuthedRequest, pk: int, assessment_pk: int, entry_pk: int
) -> HttpResponse:
    what = _("Assessment: delete journal review entry")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    entry = selectors.get_journal_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    try:
        journal_services.delete_journal_entry(actor=request.user, entry=entry)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The journal review entry was deleted."))
    return redirect("assessment:journal", pk=pk, assessment_pk=assessment.pk)


# --- Part 3: interventions and timeline ----------------------------------------------------


def timeline(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: timeline")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    page = selectors.assessment_page(access, assessment, journal=False)
    chart = selectors.timeline_chart(page, today=page.today)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/timeline.html",
        _context(access, assessment, page=page, chart=chart, part=Part.TIMELINE),
    )


def timeline_add(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """Backfill: many measures and events in one form, saved together or not at all."""
    what = _("Assessment: add timeline rows")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    departments = selectors.editable_departments(access)
    require(request, access, bool(departments), what=what)
    form_kwargs = {
        "members": selectors.family_members(access),
        "departments": departments,
        "default_department_id": access.department_id,
    }
    if request.method == "POST" and "more" in request.POST:
        # "Add more rows": the same rows again with ten empty ones below, not yet validated.
        own = access.department_id in access.changeable_department_ids
        data = with_more_rows(request.POST, department_id=access.department_id if own else None)
        formset = TimelineFormSet(data, form_kwargs=form_kwargs)
        formset.hide_errors()
        return _timeline_add_page(request, access, assessment, formset)
    formset = TimelineFormSet(request.POST or None, form_kwargs=form_kwargs)
    if request.method == "POST" and formset.is_valid():
        filled = formset.non_empty_forms()
        try:
            timeline_services.add_timeline_entries(
                actor=request.user,
                assessment=assessment,
                rows=[form.service_fields() for form in filled],
            )
        except timeline_services.RowErrors as error:
            for index, fields in error.rows.items():
                add_form_errors(filled[index], ValidationError(fields), field_names=TYPE_FIELDS)
            show_errors(request, error)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request, _("%(count)s timeline rows were saved.") % {"count": len(filled)}
            )
            return redirect("assessment:timeline", pk=pk, assessment_pk=assessment.pk)
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the rows marked below."))
    return _timeline_add_page(request, access, assessment, formset)


def _timeline_add_page(
    request: AuthedRequest,
    access: FamilyAccess,
    assessment: Assessment,
    formset: BaseTimelineFormSet,
) -> HttpResponse:
    record_view(request, access, what=_("Assessment: add timeline rows"))
    return render(
        request,
        "assessment/timeline_add.html",
        _context(access, assessment, formset=formset, max_rows=MAX_BULK_ROWS),
    )


def timeline_edit(
    request: AuthedRequest, pk: int, assessment_pk: int, entry_pk: int
) -> HttpResponse:
    what = _("Assessment: edit timeline row")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    entry = selectors.get_timeline_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    form = TimelineEntryForm(
        request.POST or None,
        initial=TimelineEntryForm.initial_for(entry),
        members=selectors.family_members(access),
        departments=selectors.editable_departments(access),
    )
    carry_token(form, timeline_services.entry_token(entry))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            timeline_services.update_timeline_entry(
                actor=request.user, entry=entry, expected_token=token, **form.service_fields()
            )
        except ValidationError as error:
            add_form_errors(form, error, field_names=TYPE_FIELDS)
        else:
            messages.success(request, _("The timeline row was updated."))
            return redirect("assessment:timeline", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what, member=entry.member)
    return render(
        request,
        "assessment/entry_form.html",
        _context(
            access,
            assessment,
            form=form,
            entry=entry,
            title=_("Edit timeline row"),
            delete_url_name="assessment:timeline_delete",
            back_url_name="assessment:timeline",
        ),
    )


@require_POST
def timeline_delete(
    request: AuthedRequest, pk: int, assessment_pk: int, entry_pk: int
) -> HttpResponse:
    what = _("Assessment: delete timeline row")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_change_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    entry = selectors.get_timeline_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    try:
        timeline_services.delete_timeline_entry(actor=request.user, entry=entry)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The timeline row was deleted."))
    return redirect("assessment:timeline", pk=pk, assessment_pk=assessment.pk)


# --- Part 4: risk and need -----------------------------------------------------------------


def risk(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: risk and need")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_assessment, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/risk.html",
        _context(access, assessment, page=page, part=Part.RISK_NEED),
    )


def risk_member(
    request: AuthedRequest, pk: int, assessment_pk: int, member_pk: int
) -> HttpResponse:
    what = _("Assessment: risk and need")
    access = get_family_access(request, pk, what=what)
    allowed = (
        access.can_change_assessment if request.method == "POST" else access.can_view_assessment
    )
    require(request, access, allowed, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    member = selectors.get_member(access, member_pk)
    existing = selectors.member_risk(assessment, member)
    instruments = selectors.instruments()
    editable = selectors.can_edit(access, assessment)
    # A locked assessment (or a reader) shows the instrument used; no other can be chosen.
    chosen_code = request.POST.get("instrument") or request.GET.get("instrument")
    instrument = selectors.risk_instrument(
        instruments,
        chosen_code=chosen_code if editable else None,
        existing=existing,
        age=member.age(),
    )
    same_instrument = existing is not None and existing.instrument_id == instrument.pk
    form = RiskAssessmentForm(
        request.POST if request.method == "POST" else None,
        initial=RiskAssessmentForm.initial_for(existing) if same_instrument and existing else {},
        instrument=instrument,
    )
    carry_token(form, risk_services.risk_token(assessment, member))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            risk_services.record_risk_assessment(
                actor=request.user,
                assessment=assessment,
                member=member,
                instrument=instrument,
                expected_token=token,
                **form.service_fields(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The risk and need assessment of %(name)s was saved.")
                % {"name": member.full_name},
            )
            return redirect("assessment:risk", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what, member=member)
    return render(
        request,
        "assessment/risk_form.html",
        _context(
            access,
            assessment,
            form=form,
            member=member,
            existing=existing,
            instrument=instrument,
            instruments=instruments,
            bands=selectors.level_bands_for(access, instrument),
            scores=selectors.risk_scores(existing, instrument) if existing else [],
            strengths=selectors.risk_strengths(existing) if existing else [],
        ),
    )


# --- Part 5: overall cross-disciplinary assessment -----------------------------------------


def overall(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: overall assessment")
    access = get_family_access(request, pk, what=what)
    allowed = (
        access.can_change_assessment if request.method == "POST" else access.can_view_assessment
    )
    require(request, access, allowed, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    form = OverallAssessmentForm(
        request.POST or None,
        instance=page.overall,
        team_members=selectors.team_members(access),
        children=[row.member for row in page.members if row.is_child],
        concerns={row.member.pk: row.concern.level for row in page.members if row.concern},
    )
    carry_token(form, meeting_services.overall_token(assessment))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            meeting_services.save_overall_assessment(
                actor=request.user,
                assessment=assessment,
                expected_token=token,
                **form.service_fields(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The overall assessment was saved."))
            return redirect("assessment:overall", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/overall.html",
        _context(access, assessment, page=page, form=form, part=Part.OVERALL),
    )


# --- Part 6: family meeting ----------------------------------------------------------------


def meeting(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: family meeting")
    access = get_family_access(request, pk, what=what)
    allowed = (
        access.can_change_assessment if request.method == "POST" else access.can_view_assessment
    )
    require(request, access, allowed, what=what)
    assessment = selectors.get_assessment(access, assessment_pk)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    form = FamilyMeetingForm(request.POST or None, instance=page.meeting)
    carry_token(form, meeting_services.meeting_token(assessment))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            meeting_services.save_family_meeting(
                actor=request.user, assessment=assessment, expected_token=token, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The family meeting was saved."))
            return redirect("assessment:meeting", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/meeting.html",
        _context(access, assessment, page=page, form=form, part=Part.FAMILY_MEETING),
    )
