"""Data-protection pages: the information exchange log, a person's data subject access extract,
the archive-law exception, and the municipality administrator's retention and erasure page.

Each view loads through families/access.py, checks one rule, calls one service and redirects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthedRequest
from accounts.models import Municipality
from config.feedback import add_form_errors, show_errors
from config.reauth import require_recent_auth
from families import dsar, retention, selectors
from families.access import (
    FamilyAccess,
    get_family_access,
    log_access,
    record_view,
    refuse,
    require,
)
from families.gdpr_forms import (
    ArchiveForm,
    ConfirmErasureForm,
    InformationExchangeForm,
    RetentionForm,
)
from families.models import AccessLogEntry, Member
from families.pdf import pdf_response, render_pdf
from families.services import information_exchange

# --- § 115 / Barnets Lov information exchange ----------------------------------------------


@require_http_methods(["GET", "POST"])
def information_exchanges(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Information exchange")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_information_exchanges, what=what)
    form = InformationExchangeForm(request.POST or None, family=access.family, actor=request.user)
    if request.method == "POST":
        require(
            request,
            access,
            access.can_record_information_exchange,
            what=_("Record information exchange"),
        )
        if form.is_valid():
            try:
                information_exchange.record_information_exchange(
                    actor=request.user, family=access.family, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The information exchange was recorded."))
                return redirect("families:information_exchanges", pk=pk)
    exchanges = selectors.information_exchanges(access)
    record_view(request, access, what=what)
    return render(
        request,
        "families/gdpr/information_exchanges.html",
        {"family": access.family, "access": access, "form": form, "exchanges": exchanges},
    )


# --- Data subject access (art. 15) ---------------------------------------------------------


def _subject(
    request: AuthedRequest, pk: int, member_pk: int, *, what: str
) -> tuple[FamilyAccess, Member]:
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_export_subject_data, what=what)
    return access, selectors.get_member(access, member_pk)


@require_http_methods(["GET"])
def subject_access(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    what = _("Data subject access")
    access, member = _subject(request, pk, member_pk, what=what)
    record_view(request, access, what=what, member=member)
    return render(
        request,
        "families/gdpr/subject_access.html",
        {"family": access.family, "access": access, "member": member},
    )


def _log_export(request: AuthedRequest, access: FamilyAccess, member: Member, *, what: str) -> None:
    log_access(
        user=request.user,
        family=access.family,
        member=member,
        what=what,
        path=request.path,
        outcome=AccessLogEntry.Outcome.EXPORTED,
    )


@require_http_methods(["GET"])
@require_recent_auth
def subject_access_pdf(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    what = _("Data subject access (PDF)")
    access, member = _subject(request, pk, member_pk, what=what)
    report = dsar.subject_access_report(member)
    pdf = render_pdf(
        "families/gdpr/subject_access_pdf.html",
        {"report": report, "family": access.family, "member": member},
        request=request,
        stylesheets=["families/subject_access_print.css"],
    )
    _log_export(request, access, member, what=what)
    return pdf_response(pdf, filename=f"indsigt-{access.family.reference}-{member.pk}.pdf")


@require_http_methods(["GET"])
@require_recent_auth
def subject_access_json(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    what = _("Data subject access (JSON)")
    access, member = _subject(request, pk, member_pk, what=what)
    report = dsar.subject_access_report(member)
    _log_export(request, access, member, what=what)
    response = HttpResponse(report.as_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="indsigt-{access.family.reference}-{member.pk}.json"'
    )
    return response


# --- The archive-law exception -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def family_archive(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Keep for the archive")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_mark_for_archive, what=what)
    form = ArchiveForm(request.POST or None, instance=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            retention.set_archive_exception(
                actor=request.user,
                family=access.family,
                keep=form.cleaned_data["keep_for_archive"],
                reason=form.cleaned_data["archive_reason"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The archive decision was saved."))
            return redirect(access.family)
    record_view(request, access, what=what)
    return render(
        request,
        "families/gdpr/archive_form.html",
        {"family": access.family, "access": access, "form": form},
    )


# --- Retention and erasure (the municipality's administrator) ------------------------------


def _administered_municipality(request: AuthedRequest, *, what: str) -> Municipality:
    user = request.user
    if not user.is_municipality_admin or user.municipality is None:
        refuse(request, what=what)
    return user.municipality


@require_http_methods(["GET", "POST"])
def erasure_list(request: AuthedRequest) -> HttpResponse:
    what = _("Retention and erasure")
    municipality = _administered_municipality(request, what=what)
    form = RetentionForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The retention periods were saved."))
        return redirect("families:erasure_list")
    log_access(user=request.user, family=None, what=what, path=request.path)
    return render(
        request,
        "families/gdpr/erasure_list.html",
        {
            "form": form,
            "due": list(retention.due_list(municipality.pk)),
            "erased": list(retention.erasure_log(municipality.pk)[:100]),
            "confirm_form": ConfirmErasureForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@require_recent_auth
def erasure_confirm(request: AuthedRequest, due_pk: int) -> HttpResponse:
    what = _("Erase family record")
    municipality = _administered_municipality(request, what=what)
    due = selectors.get_erasure_due(municipality.pk, due_pk)
    form = ConfirmErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm the erasure: nothing was erased."))
        return redirect("families:erasure_list")
    try:
        tombstone = retention.erase_family(actor=request.user, family=due.family, confirmed=True)
    except ValidationError as error:
        show_errors(request, error)
    except PermissionDenied:
        refuse(request, what=what)
    else:
        messages.success(request, _("%(ref)s was erased.") % {"ref": tombstone.reference})
    return redirect("families:erasure_list")
