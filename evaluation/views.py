"""Dashboards, fidelity survey, targets, quarterly reports and the evaluator export.

Steering group and evaluator see counts only: no view here shows a person, a name or a link into
a family. Access comes from families/access.py; refusals are logged 403s.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthedRequest
from accounts.models import Municipality
from config.csv import csv_response
from config.feedback import add_form_errors, show_errors
from evaluation import fidelity, programme, selectors, services
from evaluation.dashboard import Choice, Dashboard, build_dashboard
from evaluation.export import ExportFilters, stream_csv
from evaluation.figures import WHOLE, chart_for
from evaluation.forms import (
    CutOffForm,
    DashboardFilterForm,
    ExportForm,
    FidelityRoundForm,
    ReportForm,
    TargetForm,
)
from families.access import (
    aggregate_municipality_ids,
    fidelity_survey_municipality_id,
    refuse,
    require_national_evaluator,
    steering_municipality_id,
)
from families.pdf import pdf_response


def _scope(request: AuthedRequest, *, what: str) -> list[int] | None:
    try:
        return aggregate_municipality_ids(request.user)
    except PermissionDenied:
        refuse(request, what=what)
    raise AssertionError  # refuse() raised  # pragma: no cover


def _municipality(request: AuthedRequest, check: object, *, what: str) -> Municipality:
    try:
        # `check` is one of families.access' aggregate checks (user -> municipality id).
        municipality_id = check(request.user)  # type: ignore[operator]
    except PermissionDenied:
        refuse(request, what=what)
        raise
    return selectors.municipality(municipality_id)


def _dashboard(
    request: AuthedRequest, municipality_ids: list[int] | None
) -> tuple[Dashboard, DashboardFilterForm]:
    # The split is the programme's, never the user's: every page and CSV is counted and suppressed
    # with the same cut-off (whole, before and after solved together), whatever the address holds.
    cut_off = programme.current_cut_off()
    form = DashboardFilterForm(
        request.GET or None, municipality_ids=municipality_ids, cut_off=cut_off
    )
    choice = Choice(cut_off=cut_off)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        choice = Choice(
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            team_id=data["team"].pk if data.get("team") else None,
            cut_off=cut_off,
            period=data["period"] if cut_off is not None else WHOLE,
        )
    return build_dashboard(municipality_ids=municipality_ids, choice=choice), form


def overview(request: AuthedRequest) -> HttpResponse:
    """The dashboard: the steering group's municipality, or every municipality for the evaluator."""
    municipality_ids = _scope(request, what=_("Aggregate overview"))
    dashboard, form = _dashboard(request, municipality_ids)
    return render(
        request,
        "evaluation/overview.html",
        {
            "dashboard": dashboard,
            "sections": [
                (section, [(table, chart_for(table)) for table in section.tables])
                for section in dashboard.sections
            ],
            "form": form,
            "query": request.GET.urlencode(),
            "is_steering": bool(request.user.is_steering_group),
            "is_evaluator": bool(request.user.is_national_evaluator),
        },
    )


def overview_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    """One dashboard table as CSV, with the page's filters and exactly the page's suppression."""
    municipality_ids = _scope(request, what=_("Aggregate overview (CSV)"))
    dashboard, _form = _dashboard(request, municipality_ids)
    table = dashboard.table(slug)
    if table is None:
        raise Http404
    response, writer = csv_response(f"{slug}.csv")
    writer.writerow([table.title])
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([row.label, *(cell.text for cell in row.cells)])
    return response


# --- The programme's cut-off date (national evaluator) ---------------------------------------


def cut_off_edit(request: AuthedRequest) -> HttpResponse:
    """The one date every dashboard splits at, and its history: set by the national evaluator."""
    what = _("Cut-off date")
    try:
        require_national_evaluator(request.user)
    except PermissionDenied:
        refuse(request, what=what)
    current = programme.current_cut_off()
    form = CutOffForm(request.POST or None, initial={"cut_off": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_cut_off(
                actor=request.user,
                cut_off=form.cleaned_data["cut_off"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The cut-off date is saved."))
            return redirect("evaluation:cut_off")
    return render(
        request,
        "evaluation/cut_off.html",
        {"form": form, "current": current, "history": programme.cut_off_history()},
    )


# --- Targets (steering group) ---------------------------------------------------------------


def targets_edit(request: AuthedRequest) -> HttpResponse:
    municipality = _municipality(request, steering_municipality_id, what=_("Partnership targets"))
    target = selectors.targets_for([municipality.pk])[municipality.pk]
    form = TargetForm(
        request.POST or None,
        initial={
            "ssp_improved_percent": selectors.target_percent(target, "ssp_improved_percent"),
            "in_school_or_work_percent": selectors.target_percent(
                target, "in_school_or_work_percent"
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_targets(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The targets are saved."))
            return redirect("evaluation:overview")
    return render(request, "evaluation/targets.html", {"form": form, "municipality": municipality})


# --- Fidelity survey (project lead / team coordinator) ---------------------------------------


def fidelity_rounds(request: AuthedRequest) -> HttpResponse:
    municipality = _municipality(
        request, fidelity_survey_municipality_id, what=_("Fidelity survey")
    )
    rounds = [
        (fidelity_round, [fidelity_round.phase_index(phase.code) for phase in fidelity.PHASES])
        for fidelity_round in selectors.fidelity_round_list(municipality.pk)
    ]
    return render(
        request,
        "evaluation/fidelity_list.html",
        {"municipality": municipality, "rounds": rounds, "phases": fidelity.PHASES},
    )


def fidelity_create(request: AuthedRequest) -> HttpResponse:
    municipality = _municipality(
        request, fidelity_survey_municipality_id, what=_("Fidelity survey")
    )
    form = FidelityRoundForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_fidelity_round(
                actor=request.user,
                municipality=municipality,
                answered_on=form.cleaned_data["answered_on"],
                answers=form.answers(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The fidelity survey is saved."))
            return redirect("evaluation:fidelity")
    return render(
        request,
        "evaluation/fidelity_form.html",
        {
            "form": form,
            "municipality": municipality,
            "title": _("New round of the fidelity survey"),
        },
    )


def fidelity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    municipality = _municipality(
        request, fidelity_survey_municipality_id, what=_("Fidelity survey")
    )
    fidelity_round = selectors.get_fidelity_round(municipality.pk, pk)
    if fidelity_round is None:
        raise Http404
    initial = {
        "answered_on": fidelity_round.answered_on,
        "note": fidelity_round.note,
        **{
            f"item_{code}": "dk" if value is None else str(value)
            for code, value in fidelity_round.answers.items()
        },
    }
    form = FidelityRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_fidelity_round(
                actor=request.user,
                fidelity_round=fidelity_round,
                answered_on=form.cleaned_data["answered_on"],
                answers=form.answers(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The round is corrected."))
            return redirect("evaluation:fidelity")
    return render(
        request,
        "evaluation/fidelity_form.html",
        {"form": form, "municipality": municipality, "title": _("Correct a round")},
    )


# --- Quarterly reports (steering group) -------------------------------------------------------


def reports(request: AuthedRequest) -> HttpResponse:
    municipality = _municipality(request, steering_municipality_id, what=_("Quarterly reports"))
    today = timezone.localdate()
    year, quarter = services.previous_quarter(today)
    return render(
        request,
        "evaluation/reports.html",
        {
            "municipality": municipality,
            "reports": selectors.quarterly_reports(municipality),
            "form": ReportForm(initial={"year": year, "quarter": quarter}),
        },
    )


@require_POST
def report_create(request: AuthedRequest) -> HttpResponse:
    municipality = _municipality(request, steering_municipality_id, what=_("Quarterly reports"))
    form = ReportForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("evaluation:reports")
    try:
        report = services.make_quarterly_report(
            actor=request.user,
            municipality=municipality,
            year=form.cleaned_data["year"],
            quarter=form.cleaned_data["quarter"],
            today=timezone.localdate(),
        )
    except ValidationError as error:
        show_errors(request, error)
        return redirect("evaluation:reports")
    messages.success(
        request,
        _("The report for %(report)s is made.") % {"report": f"{report.year} K{report.quarter}"},
    )
    return redirect("evaluation:reports")


def report_download(request: AuthedRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, steering_municipality_id, what=_("Quarterly reports"))
    report = selectors.quarterly_report(municipality, pk)
    if report is None:
        raise Http404
    return pdf_response(
        bytes(report.pdf), filename=f"kvartalsrapport-{report.year}-K{report.quarter}.pdf"
    )


# --- Evaluator export -----------------------------------------------------------------------


def export(request: AuthedRequest) -> HttpResponseBase:
    """The form, and with `download` the pseudonymised CSV of measurement rows (streamed)."""
    try:
        require_national_evaluator(request.user)
    except PermissionDenied:
        refuse(request, what=_("Evaluator export"))
    form = ExportForm(request.GET if "download" in request.GET else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = ExportFilters(
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            instrument=data.get("instrument") or "",
            answered_from=data.get("answered_from"),
            answered_to=data.get("answered_to"),
        )
        key = services.pseudonym_key(actor=request.user)
        services.log_export(
            actor=request.user, path=request.get_full_path(), what=filters.describe()
        )
        response = StreamingHttpResponse(
            stream_csv(filters, key), content_type="text/csv; charset=utf-8"
        )
        day = timezone.localdate()
        response["Content-Disposition"] = f'attachment; filename="kerneteam-maalinger-{day}.csv"'
        return response
    status = 400 if form.is_bound else 200
    return render(request, "evaluation/export.html", {"form": form}, status=status)
