"""Screening pages: the referral inbox, screening, visitation, consent follow-up and handover.

Team pages (inbox, visitation) need an active core-team membership; family pages load through
families/access.py and need the family's core team (before consent the team sees exactly these
pages: the referral and the screening, never journal notes or handovers).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.feedback import add_form_errors
from families.access import lead_team_ids, log_access, record_view, require, require_team_member
from families.services import handovers
from screening import selectors, services
from screening.forms import (
    DecisionForm,
    DeclineForm,
    HandoverEntryForm,
    InvestigationForm,
    MeetingForm,
    PersonFormSet,
    ReferralForm,
    ScreeningForm,
)

# --- Team pages -----------------------------------------------------------------------------


def inbox(request: HttpRequest) -> HttpResponse:
    team_ids = require_team_member(request, what=_("Referral inbox"))
    data = selectors.inbox(request.user, team_ids, lead_team_ids(request.user))
    log_access(user=request.user, family=None, what=_("Referral inbox"), path=request.path)
    return render(request, "screening/inbox.html", {"inbox": data})


def _referral_form_page(request: HttpRequest, *, family_access: object = None) -> HttpResponse:
    family = family_access.family if family_access else None  # type: ignore[attr-defined]
    teams = selectors.user_teams(request.user)
    if family is not None:
        teams = teams.filter(pk=family.team_id)
    municipality_id = request.user.municipality_id
    form = ReferralForm(
        request.POST or None,
        teams=teams,
        ssp_levels=selectors.ssp_levels(municipality_id),
        family=family,
    )
    persons = PersonFormSet(request.POST or None, prefix="person")
    duplicates = []
    if request.method == "POST" and form.is_valid() and persons.is_valid():
        new_children = [p.cleaned_data for p in persons if p.has_changed() and p.cleaned_data]
        duplicates = selectors.possible_duplicates(
            municipality_id, new_children, exclude_family_id=family.pk if family else None
        )
        if duplicates and not form.cleaned_data["confirm_new_persons"]:
            form.add_error(None, _("Possible duplicates found: check them before you go on."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_new_persons"}
            try:
                referral = services.register_referral(
                    actor=request.user, family=family, new_children=new_children, **data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The referral was registered."))
                return redirect(referral)
    if family_access is not None:
        record_view(request, family_access, what=_("New referral"))  # type: ignore[arg-type]
    return render(
        request,
        "screening/referral_form.html",
        {
            "form": form,
            "persons": persons,
            "duplicates": duplicates,
            "family": family,
            "access": family_access,
        },
    )


def referral_create(request: HttpRequest) -> HttpResponse:
    require_team_member(request, what=_("New referral"))
    return _referral_form_page(request)


def visitation(request: HttpRequest) -> HttpResponse:
    teams = selectors.require_team(request, what=_("Visitation"))
    form = MeetingForm(
        request.POST or None, teams=teams, members=selectors.team_members([t.pk for t in teams])
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded. Decide on the referrals."))
            return redirect("screening:visitation")
    log_access(user=request.user, family=None, what=_("Visitation"), path=request.path)
    return render(
        request,
        "screening/visitation.html",
        {"teams": selectors.visitation(teams), "form": form},
    )


# --- One family -----------------------------------------------------------------------------


def family_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_screening_family_access(request, pk, what=_("Referrals"))
    record_view(request, access, what=_("Referrals"))
    return render(
        request,
        "screening/family_referrals.html",
        {
            "access": access,
            "family": access.family,
            "referrals": selectors.family_referrals(access.family),
        },
    )


def family_referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.get_screening_family_access(request, pk, what=_("New referral"))
    return _referral_form_page(request, family_access=access)


def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral, access = selectors.get_referral_access(request, pk, what=_("Referral"))
    page = selectors.referral_page(referral, access)
    record_view(request, access, what=_("Referral"))
    return render(
        request,
        "screening/referral_detail.html",
        {
            "referral": referral,
            "access": access,
            "family": access.family,
            "page": page,
            "decline_form": DeclineForm(),
        },
    )


def referral_screen(request: HttpRequest, pk: int) -> HttpResponse:
    referral, access = selectors.get_referral_access(request, pk, what=_("Screening"))
    municipality_id = access.family.municipality_id
    form = ScreeningForm(
        request.POST or None,
        result=selectors.screening_result(referral),
        departments=selectors.municipality_departments(municipality_id),
        areas=selectors.areas_valid_on(municipality_id, referral.received_on),
        initial={"departments_needed": list(referral.departments_needed.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_screening(
                actor=request.user,
                referral=referral,
                judgements=form.judgements(),
                chosen_areas=form.chosen_areas(),
                departments_needed=form.cleaned_data["departments_needed"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The screening was saved."))
            return redirect(referral)
    record_view(request, access, what=_("Screening"))
    return render(
        request,
        "screening/screening_form.html",
        {"referral": referral, "access": access, "family": access.family, "form": form},
    )


def referral_decide(request: HttpRequest, pk: int) -> HttpResponse:
    referral, access = selectors.get_referral_access(request, pk, what=_("Visitation decision"))
    form = DecisionForm(
        request.POST or None,
        meetings=selectors.meetings_for(referral),
        reasons=selectors.rejection_reasons(access.family.municipality_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_referral(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(referral)
    record_view(request, access, what=_("Visitation decision"))
    return render(
        request,
        "screening/decision_form.html",
        {
            "referral": referral,
            "access": access,
            "family": access.family,
            "form": form,
            "result": selectors.screening_result(referral),
        },
    )


@require_POST
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    referral, access = selectors.get_referral_access(request, pk, what=_("Family declines"))
    require(request, access, access.can_record_consent, what=_("Family declines"))
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_offer(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The family's decline was recorded; the case has ended."))
    else:
        messages.error(request, _("Choose why the family declines and the date."))
    return redirect(referral)


def referral_handover(request: HttpRequest, pk: int) -> HttpResponse:
    referral, access = selectors.get_referral_access(request, pk, what=_("Handover checklist"))
    # Handovers are department content: only past the consent gate.
    require(
        request,
        access,
        access.can_view_case_content and access.can_edit_family,
        what=_("Handover checklist"),
    )
    departments = selectors.municipality_departments(access.family.municipality_id)
    form = HandoverEntryForm(request.POST or None, departments=departments, family=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            handovers.record_handover(actor=request.user, family=access.family, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The handover was recorded."))
            return redirect("screening:referral_handover", pk=pk)
    page = selectors.referral_page(referral, access)
    record_view(request, access, what=_("Handover checklist"))
    return render(
        request,
        "screening/handover.html",
        {
            "referral": referral,
            "access": access,
            "family": access.family,
            "form": form,
            "checklist": selectors.handover_checklist(departments, page.handovers),
            "tasks": page.tasks,
            "investigation_form": InvestigationForm(family=access.family),
        },
    )


@require_POST
def referral_investigations(request: HttpRequest, pk: int) -> HttpResponse:
    referral, access = selectors.get_referral_access(request, pk, what=_("Handover checklist"))
    require(
        request,
        access,
        access.can_view_case_content and access.can_edit_family,
        what=_("Handover checklist"),
    )
    form = InvestigationForm(request.POST, family=access.family)
    if form.is_valid():
        tasks = services.remind_investigations(
            actor=request.user,
            referral=referral,
            children_without_investigation=form.cleaned_data["children"],
        )
        messages.success(
            request,
            _("%(count)s reminder(s) to start a child-welfare investigation.")
            % {"count": len(tasks)},
        )
    else:
        messages.error(request, _("Choose the children who have no child-welfare investigation."))
    return redirect("screening:referral_handover", pk=pk)
