"""Screening pages: the referral inbox, screening, visitation, consent follow-up and handover.

Registering a referral and the visitation decision are in screening/intake_views.py.

Team pages (inbox, visitation, a referral about new persons) need an active core-team membership
(families.access.require_team_member). Family and referral pages load the family's access
(families/access.py; a referral page through its family), check one named `can_*`, call one
service and redirect. The screening pages are the core team's before consent too; journal notes
and handovers stay behind the consent gate.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthedRequest
from config.feedback import add_form_errors, show_errors
from families.access import (
    get_family_access,
    get_family_access_of,
    lead_team_ids,
    log_persons_shown,
    record_view,
    refuse,
    require,
    require_team_member,
)
from families.services import handovers
from screening import receipt_views, selectors
from screening.forms import (
    DeclineForm,
    HandoverEntryForm,
    InvestigationForm,
    MeetingForm,
    ScreeningForm,
)
from screening.services import follow_up, screenings
from screening.services import visitation as visitation_services

# --- Team pages -----------------------------------------------------------------------------


def inbox(request: AuthedRequest) -> HttpResponse:
    team_ids = require_team_member(request, what=_("Referral inbox"))
    data = selectors.inbox(
        request.user, team_ids, lead_team_ids(request.user), page_number=request.GET.get("page")
    )
    # Every family the inbox names, in one insert (issue 9, item 6).
    log_persons_shown(
        request,
        what=_("Referral inbox"),
        families=[
            *(referral.family for referral in data.open_referrals),
            *(entry.referral.family for entry in data.wait_list),
            *(referral.family for referral in data.awaiting_consent),
            *(row.referral.family for row in data.lead_times.rows),
        ],
    )
    return render(request, "screening/inbox.html", {"inbox": data, "page": data.open_page})


def visitation(request: AuthedRequest) -> HttpResponse:
    teams = selectors.user_teams(request.user)
    if not teams:
        refuse(request, what=_("Visitation"))
    form = MeetingForm(
        request.POST or None, teams=teams, members=selectors.team_members([t.pk for t in teams])
    )
    if request.method == "POST" and form.is_valid():
        try:
            visitation_services.record_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded. Decide on the referrals."))
            return redirect("screening:visitation")
    team_data = selectors.visitation(teams)
    log_persons_shown(
        request,
        what=_("Visitation"),
        families=[
            *(entry.referral.family for team in team_data for entry in team.wait_list),
            *(referral.family for team in team_data for referral in team.ready),
        ],
    )
    return render(
        request,
        "screening/visitation.html",
        {
            "teams": team_data,
            "form": form,
            "show_team_names": len(teams) > 1,
        },
    )


# --- One family -----------------------------------------------------------------------------


def family_referrals(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Referrals")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_referrals, what=what)
    record_view(request, access, what=what)
    return render(
        request,
        "screening/family_referrals.html",
        {
            "access": access,
            "family": access.family,
            "referrals": selectors.family_referrals(access),
        },
    )


# --- One referral ---------------------------------------------------------------------------


def referral_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Referral")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_view_referrals, what=what)
    referral = selectors.get_referral(access, pk)
    page = selectors.referral_page(access, referral)
    record_view(request, access, what=what)
    return render(
        request,
        "screening/referral_detail.html",
        {
            "referral": referral,
            "access": access,
            "family": access.family,
            "page": page,
            "decline_form": DeclineForm(),
            "receipt_form": receipt_views.ReceiptForm(),
        },
    )


def referral_screen(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Screening")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_work_on_referrals, what=what)
    referral = selectors.get_referral(access, pk)
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
            screenings.save_screening(
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
    record_view(request, access, what=what)
    return render(
        request,
        "screening/screening_form.html",
        {"referral": referral, "access": access, "family": access.family, "form": form},
    )


@require_POST
def referral_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Family declines")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_record_consent, what=what)
    referral = selectors.get_referral(access, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            follow_up.decline_offer(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The family's decline was recorded; the case has ended."))
    else:
        messages.error(request, _("Choose why the family declines and the date."))
    return redirect(referral)


def referral_handover(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Handover checklist")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_record_handovers, what=what)
    referral = selectors.get_referral(access, pk)
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
    page = selectors.referral_page(access, referral)
    record_view(request, access, what=what)
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
def referral_investigations(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Handover checklist")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_record_handovers, what=what)
    referral = selectors.get_referral(access, pk)
    form = InvestigationForm(request.POST, family=access.family)
    if form.is_valid():
        try:
            tasks = follow_up.remind_investigations(
                actor=request.user,
                referral=referral,
                children_without_investigation=form.cleaned_data["children"],
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("%(count)s reminder(s) to start a child-welfare investigation.")
                % {"count": len(tasks)},
            )
    else:
        messages.error(request, _("Choose the children who have no child-welfare investigation."))
    return redirect("screening:referral_handover", pk=pk)
