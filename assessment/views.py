"""Assessment pages. Each view loads through families/access.py, calls one service and redirects."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Department, TeamMembership
from assessment import selectors, services
from assessment.forms import (
    BULK_ROWS,
    MAX_BULK_ROWS,
    BasicDataNoteForm,
    FamilyMeetingForm,
    JournalEntryForm,
    OverallAssessmentForm,
    RiskAssessmentForm,
    TimelineEntryForm,
    TimelineFormSet,
    add_service_errors,
)
from assessment.models import Assessment, Instrument, Part
from config.feedback import show_errors
from families.access import FamilyAccess, get_family_access, record_view, require
from families.forms import MemberForm

PRINT_CSS = Path(__file__).resolve().parent / "static" / "assessment" / "print.css"


def _load(
    request: HttpRequest, pk: int, assessment_pk: int, *, what: str
) -> tuple[FamilyAccess, Assessment]:
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_case_content, what=what)
    return access, selectors.get_assessment(access, assessment_pk)


def _require_edit(request: HttpRequest, access: FamilyAccess, *, what: str) -> None:
    require(request, access, access.can_change_case_content, what=what)


def _context(access: FamilyAccess, assessment: Assessment, **extra: object) -> dict[str, object]:
    return {
        "access": access,
        "family": access.family,
        "assessment": assessment,
        "can_edit": access.can_change_case_content and not assessment.is_locked,
        "part_links": selectors.PART_LINKS,
        **extra,
    }


def _editable_departments(access: FamilyAccess) -> list[Department]:
    return list(Department.objects.filter(pk__in=access.changeable_department_ids))


# --- The assessment ------------------------------------------------------------------------


def family_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's tab: the current assessment, or a button to start the first one."""
    access = get_family_access(request, pk, what=_("Assessment"))
    require(request, access, access.can_view_case_content, what=_("Assessment"))
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
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Start assessment"))
    _require_edit(request, access, what=_("Start assessment"))
    try:
        assessment = services.start_assessment(actor=request.user, family=access.family)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("assessment:family", pk=pk)
    messages.success(request, _("The assessment was started."))
    return redirect(assessment)


def assessment_detail(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment"))
    page = selectors.assessment_page(access, assessment)
    record_view(request, access, what=_("Assessment"))
    return render(
        request,
        "assessment/assessment_detail.html",
        _context(
            access,
            assessment,
            page=page,
            versions=selectors.family_assessments(access),
            can_finish=access.can_manage_family and not assessment.is_locked,
        ),
    )


@require_POST
def part_done(request: HttpRequest, pk: int, assessment_pk: int, part: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Mark part done"))
    _require_edit(request, access, what=_("Mark part done"))
    try:
        services.mark_part_done(actor=request.user, assessment=assessment, part=part)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("“%(part)s” is marked done.") % {"part": Part(part).label})
    return redirect(request.POST.get("next") or assessment.get_absolute_url())


@require_POST
def part_not_done(request: HttpRequest, pk: int, assessment_pk: int, part: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Reopen part"))
    _require_edit(request, access, what=_("Reopen part"))
    try:
        services.mark_part_not_done(actor=request.user, assessment=assessment, part=part)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("“%(part)s” is open again.") % {"part": Part(part).label})
    return redirect(assessment)


@require_POST
def assessment_finish(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Finish assessment"))
    require(
        request,
        access,
        access.can_change_case_content and access.can_manage_family,
        what=_("Finish assessment"),
    )
    try:
        services.finish_assessment(actor=request.user, assessment=assessment)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The assessment is finished and locked."))
    return redirect(assessment)


@require_POST
def assessment_new_version(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("New assessment version"))
    _require_edit(request, access, what=_("New assessment version"))
    try:
        new = services.start_new_version(actor=request.user, assessment=assessment)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(assessment)
    messages.success(request, _("Version %(version)s was started.") % {"version": new.version})
    return redirect(new)


def assessment_pdf(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """The finished assessment as a PDF for the record."""
    from weasyprint import CSS, HTML

    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment PDF"))
    if not assessment.is_locked:
        raise Http404
    page = selectors.assessment_page(access, assessment)
    chart = selectors.timeline_chart(
        [row.member for row in page.members],
        page.timeline,
        today=(assessment.finished_at or timezone.now()).date(),
        level_labels=_level_labels(page),
    )
    html = render_to_string(
        "assessment/assessment_pdf.html",
        _context(access, assessment, page=page, chart=chart, printed_at=timezone.now()),
        request=request,
    )
    pdf = HTML(string=html, base_url=str(PRINT_CSS.parent)).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))]
    )
    record_view(request, access, what=_("Assessment PDF"))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"udredning-{access.family.reference}-v{assessment.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _level_labels(page: selectors.AssessmentPage) -> dict[int, str]:
    return {
        member_id: f"{risk.instrument}: {risk.get_final_level_display()}"
        for member_id, risk in page.level_by_member.items()
    }


# --- Part 1: basic data --------------------------------------------------------------------


def basic_data(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment: basic data"))
    form = BasicDataNoteForm(request.POST or None, initial={"note": assessment.basic_data_note})
    if request.method == "POST":
        _require_edit(request, access, what=_("Assessment: basic data"))
        if form.is_valid():
            try:
                services.update_basic_data_note(
                    actor=request.user, assessment=assessment, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The note was saved."))
                return redirect("assessment:basic_data", pk=pk, assessment_pk=assessment.pk)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    record_view(request, access, what=_("Assessment: basic data"))
    return render(
        request,
        "assessment/basic_data.html",
        _context(access, assessment, page=page, form=form, part=Part.BASIC_DATA),
    )


def member_edit(request: HttpRequest, pk: int, assessment_pk: int, member_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment: edit basic data"))
    _require_edit(request, access, what=_("Assessment: edit basic data"))
    member = selectors.get_member(access, member_pk)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member_basic_data(
                actor=request.user, assessment=assessment, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was updated.") % {"name": member})
            return redirect("assessment:basic_data", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=_("Assessment: edit basic data"), member=member)
    return render(
        request,
        "assessment/member_form.html",
        _context(access, assessment, form=form, member=member),
    )


# --- Part 2: journal review ----------------------------------------------------------------


def _journal_form(request: HttpRequest, access: FamilyAccess, **kwargs: object) -> JournalEntryForm:
    if "instance" not in kwargs:
        kwargs["initial"] = {"department": access.department_id}
    return JournalEntryForm(
        request.POST or None,
        members=selectors.family_members(access),
        departments=_editable_departments(access),
        **kwargs,
    )


def journal(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment: journal review"))
    form = _journal_form(request, access)
    if request.method == "POST":
        _require_edit(request, access, what=_("Assessment: journal review"))
        if form.is_valid():
            require(
                request,
                access,
                access.can_change_department_content(form.cleaned_data["department"].pk),
                what=_("Assessment: journal review"),
            )
            try:
                services.add_journal_entry(
                    actor=request.user, assessment=assessment, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The journal review entry was saved."))
                return redirect("assessment:journal", pk=pk, assessment_pk=assessment.pk)
    page = selectors.assessment_page(access, assessment, timeline=False)
    record_view(request, access, what=_("Assessment: journal review"))
    return render(
        request,
        "assessment/journal.html",
        _context(access, assessment, page=page, form=form, part=Part.JOURNAL_REVIEW),
    )


def journal_edit(request: HttpRequest, pk: int, assessment_pk: int, entry_pk: int) -> HttpResponse:
    what = _("Assessment: edit journal review entry")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    entry = selectors.get_journal_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    _require_edit(request, access, what=what)
    form = _journal_form(request, access, instance=entry)
    if request.method == "POST" and form.is_valid():
        require(
            request,
            access,
            access.can_change_department_content(form.cleaned_data["department"].pk),
            what=what,
        )
        try:
            services.update_journal_entry(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
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
    request: HttpRequest, pk: int, assessment_pk: int, entry_pk: int
) -> HttpResponse:
    what = _("Assessment: delete journal review entry")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    entry = selectors.get_journal_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    _require_edit(request, access, what=what)
    try:
        services.delete_journal_entry(actor=request.user, entry=entry)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The journal review entry was deleted."))
    return redirect("assessment:journal", pk=pk, assessment_pk=assessment.pk)


# --- Part 3: interventions and timeline ----------------------------------------------------


def timeline(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment: timeline"))
    page = selectors.assessment_page(access, assessment, journal=False)
    chart = selectors.timeline_chart(
        [row.member for row in page.members],
        page.timeline,
        today=page.today,
        level_labels=_level_labels(page),
    )
    record_view(request, access, what=_("Assessment: timeline"))
    return render(
        request,
        "assessment/timeline.html",
        _context(
            access,
            assessment,
            page=page,
            chart=chart,
            part=Part.TIMELINE,
            changeable=access.changeable_department_ids,
        ),
    )


def timeline_add(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    """Backfill: many measures and events in one form, saved together or not at all."""
    what = _("Assessment: add timeline rows")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    _require_edit(request, access, what=what)
    departments = _editable_departments(access)
    require(request, access, bool(departments), what=what)
    form_kwargs = {
        "members": selectors.family_members(access),
        "departments": departments,
        "default_department_id": access.department_id,
    }
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and "more" in data:
        # "Add more rows": show the same rows again with ten empty ones below.
        total = int(data.get("form-TOTAL_FORMS", BULK_ROWS) or BULK_ROWS)
        new_total = min(total + BULK_ROWS, MAX_BULK_ROWS)
        data["form-TOTAL_FORMS"] = str(new_total)
        if access.department_id in access.changeable_department_ids:
            for index in range(total, new_total):
                data[f"form-{index}-department"] = str(access.department_id)
        formset = TimelineFormSet(data, form_kwargs=form_kwargs)
        return _timeline_add_page(request, access, assessment, formset, validate=False)
    formset = TimelineFormSet(data, form_kwargs=form_kwargs)
    if data is not None and formset.is_valid():
        filled = formset.non_empty_forms()
        try:
            services.add_timeline_entries(
                actor=request.user,
                assessment=assessment,
                rows=[form.service_fields() for form in filled],
            )
        except services.RowErrors as error:
            for index, fields in error.rows.items():
                add_service_errors(filled[index], ValidationError(fields))
            messages.error(request, error.messages[0])
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request, _("%(count)s timeline rows were saved.") % {"count": len(filled)}
            )
            return redirect("assessment:timeline", pk=pk, assessment_pk=assessment.pk)
    elif data is not None:
        messages.error(request, _("Nothing was saved: correct the rows marked below."))
    return _timeline_add_page(request, access, assessment, formset, validate=True)


def _timeline_add_page(
    request: HttpRequest,
    access: FamilyAccess,
    assessment: Assessment,
    formset: TimelineFormSet,
    *,
    validate: bool,
) -> HttpResponse:
    if not validate:
        # Show the kept rows without complaining about rows not yet filled in.
        for form in formset.forms:
            form._errors = {}  # type: ignore[attr-defined]
    record_view(request, access, what=_("Assessment: add timeline rows"))
    return render(
        request,
        "assessment/timeline_add.html",
        _context(access, assessment, formset=formset, max_rows=MAX_BULK_ROWS),
    )


def timeline_edit(request: HttpRequest, pk: int, assessment_pk: int, entry_pk: int) -> HttpResponse:
    what = _("Assessment: edit timeline row")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    entry = selectors.get_timeline_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    _require_edit(request, access, what=what)
    form = TimelineEntryForm(
        request.POST or None,
        initial=TimelineEntryForm.initial_for(entry),
        members=selectors.family_members(access),
        departments=_editable_departments(access),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_timeline_entry(actor=request.user, entry=entry, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
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
    request: HttpRequest, pk: int, assessment_pk: int, entry_pk: int
) -> HttpResponse:
    what = _("Assessment: delete timeline row")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    entry = selectors.get_timeline_entry(access, assessment, entry_pk)
    require(request, access, access.can_change_department_content(entry.department_id), what=what)
    _require_edit(request, access, what=what)
    try:
        services.delete_timeline_entry(actor=request.user, entry=entry)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The timeline row was deleted."))
    return redirect("assessment:timeline", pk=pk, assessment_pk=assessment.pk)


# --- Part 4: risk and need -----------------------------------------------------------------


def risk(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    access, assessment = _load(request, pk, assessment_pk, what=_("Assessment: risk and need"))
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    record_view(request, access, what=_("Assessment: risk and need"))
    return render(
        request,
        "assessment/risk.html",
        _context(access, assessment, page=page, part=Part.RISK_NEED),
    )


def _default_instrument(instruments: list[Instrument], age: int | None) -> Instrument | None:
    for instrument in instruments:
        if age is None:
            break
        if (instrument.min_age is None or age >= instrument.min_age) and (
            instrument.max_age is None or age <= instrument.max_age
        ):
            return instrument
    return next((i for i in instruments if i.code == Instrument.Code.SPJ_RNR8), None)


def risk_member(request: HttpRequest, pk: int, assessment_pk: int, member_pk: int) -> HttpResponse:
    what = _("Assessment: risk and need")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    member = selectors.get_member(access, member_pk)
    existing = next(
        (r for r in selectors.risk_assessments(assessment) if r.member_id == member.pk), None
    )
    instruments = selectors.instruments()
    chosen = request.POST.get("instrument") or request.GET.get("instrument")
    instrument = next((i for i in instruments if i.code == chosen), None)
    if instrument is None:
        instrument = (
            existing.instrument if existing else _default_instrument(instruments, member.age())
        )
    if instrument is None:
        raise Http404
    instrument = next(i for i in instruments if i.pk == instrument.pk)
    initial = RiskAssessmentForm.initial_for(existing) if existing else {}
    form = RiskAssessmentForm(
        request.POST if request.method == "POST" else None,
        initial=initial if existing and existing.instrument_id == instrument.pk else {},
        instrument=instrument,
    )
    if request.method == "POST":
        _require_edit(request, access, what=what)
        if form.is_valid():
            try:
                services.record_risk_assessment(
                    actor=request.user,
                    assessment=assessment,
                    member=member,
                    instrument=instrument,
                    **form.service_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The risk and need assessment of %(name)s was saved.")
                    % {"name": member.full_name},
                )
                return redirect("assessment:risk", pk=pk, assessment_pk=assessment.pk)
    cutoffs = services.cutoffs_for(
        instrument=instrument, municipality=access.family.municipality_id
    )
    max_total = sum(domain.item_count for domain in instrument.domains.all())
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
            bands=_bands(cutoffs, max_total),
        ),
    )


def _bands(cutoffs: object, max_total: int) -> list[tuple[str, int, int]]:
    from assessment.models import Level
    from assessment.scoring import level_bands

    labels = dict(Level.choices)
    return [(labels[level], low, high) for level, low, high in level_bands(cutoffs, max_total)]


# --- Part 5: overall cross-disciplinary assessment -----------------------------------------


def overall(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: overall assessment")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    memberships = TeamMembership.objects.filter(
        team_id=access.family.team_id, is_active=True
    ).select_related("user", "department")
    children = [row.member for row in page.members if row.age is not None and row.age <= 17]
    form = OverallAssessmentForm(
        request.POST or None,
        instance=page.overall,
        team_members=[(m.user, m.department.name) for m in memberships],
        children=children,
        concerns={row.member.pk: row.concern.level for row in page.members if row.concern},
    )
    if request.method == "POST":
        _require_edit(request, access, what=what)
        if form.is_valid():
            try:
                services.save_overall_assessment(
                    actor=request.user, assessment=assessment, **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
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


def meeting(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    what = _("Assessment: family meeting")
    access, assessment = _load(request, pk, assessment_pk, what=what)
    page = selectors.assessment_page(access, assessment, journal=False, timeline=False)
    form = FamilyMeetingForm(request.POST or None, instance=page.meeting)
    if request.method == "POST":
        _require_edit(request, access, what=what)
        if form.is_valid():
            try:
                services.save_family_meeting(
                    actor=request.user, assessment=assessment, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The family meeting was saved."))
                return redirect("assessment:meeting", pk=pk, assessment_pk=assessment.pk)
    record_view(request, access, what=what)
    return render(
        request,
        "assessment/meeting.html",
        _context(access, assessment, page=page, form=form, part=Part.FAMILY_MEETING),
    )
