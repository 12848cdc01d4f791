"""Action plan pages. Each view loads the family's access, checks one `can_*`, calls one service and
redirects (families/views.py is the pattern); what a page shows comes from a selector that takes
the access object, so a department's part of the plan is read only as far as the consent allows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthedRequest
from actionplans import forms, pdf, selectors
from actionplans.family_language import language_name
from actionplans.models import Reassessment
from actionplans.queue_sections import queue_sections_for
from actionplans.services import (
    closing,
    follow_ups,
    goals,
    offers,
    plans,
    reassessments,
    translations,
)
from config.concurrency import carry_token, posted_token
from config.feedback import add_form_errors, show_errors
from families.access import (
    FamilyAccess,
    get_family_access,
    lead_team_ids,
    log_persons_shown,
    record_view,
    refuse,
    require,
)
from families.models import Family
from families.pdf import pdf_response


def _plan_access(request: AuthedRequest, pk: int, *, what: str) -> FamilyAccess:
    """The family's access past the consent gate (the plan is case content), or a logged refusal."""
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_case_content, what=what)
    return access


def _plan_url(pk: int) -> str:
    return reverse("actionplans:plan", args=[pk])


def _form_page(
    request: AuthedRequest, access: FamilyAccess, form: BaseForm, *, title: str, hint: str = ""
) -> HttpResponse:
    record_view(request, access, what=title)
    return render(
        request,
        "actionplans/form.html",
        {
            "access": access,
            "family": access.family,
            "form": form,
            "title": title,
            "hint": hint,
            "back": _plan_url(access.family.pk),
        },
    )


# --- The plan ------------------------------------------------------------------------------


def plan(request: AuthedRequest, pk: int) -> HttpResponse:
    access = _plan_access(request, pk, what=_("Action plan"))
    current = selectors.current_plan(access)
    record_view(request, access, what=_("Action plan"))
    if current is None:
        return render(
            request,
            "actionplans/start.html",
            {
                "access": access,
                "family": access.family,
                "assessments": selectors.finished_assessments(access),
            },
        )
    return render(
        request,
        "actionplans/plan.html",
        {
            "access": access,
            "family": access.family,
            "page": selectors.plan_page(access, current),
            "plan": current,
            "pdf_languages": pdf.language_choices(),
        },
    )


@require_POST
def start(request: AuthedRequest, pk: int) -> HttpResponse:
    access = _plan_access(request, pk, what=_("Start the action plan"))
    require(request, access, access.can_change_plan, what=_("Start the action plan"))
    assessment = selectors.get_finished_assessment(access, request.POST.get("assessment"))
    try:
        plans.start_plan(actor=request.user, assessment=assessment)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The action plan was started as a draft."))
    return redirect(_plan_url(pk))


def family_goals(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("The family's own goals and dreams")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_change_plan_content(None), what=title)
    current = selectors.get_plan(access)
    form = forms.PlanForm(request.POST or None, instance=current)
    carry_token(form, plans.family_goals_token(current))
    if request.method == "POST" and form.is_valid():
        try:
            plans.update_family_goals(
                actor=request.user,
                plan=current,
                family_goals=form.cleaned_data["family_goals"],
                expected_token=posted_token(form),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The family's goals were saved."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


@require_POST
def activate(request: AuthedRequest, pk: int) -> HttpResponse:
    access = _plan_access(request, pk, what=_("Activate the plan"))
    require(request, access, access.can_change_plan, what=_("Activate the plan"))
    try:
        plans.activate_plan(actor=request.user, plan=selectors.get_plan(access))
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The plan is active."))
    return redirect(_plan_url(pk))


# --- Goals and steps -------------------------------------------------------------------------


def goal_add(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Add a goal")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_change_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.GoalForm(
        request.POST or None, plan=current, departments=selectors.assignable_departments(access)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department = data["department"]
        require(
            request,
            access,
            access.can_change_plan_content(department.pk if department else None),
            what=title,
        )
        try:
            goals.add_goal(actor=request.user, plan=current, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The goal was added."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def goal_edit(request: AuthedRequest, pk: int, goal_pk: int) -> HttpResponse:
    title = _("Change the goal")
    access = _plan_access(request, pk, what=title)
    current = selectors.get_plan(access)
    goal = selectors.get_goal(access, current, goal_pk)
    require(request, access, access.can_change_plan_content(goal.department_id), what=title)
    departments = selectors.assignable_departments(access, keep=goal.department_id)
    form = forms.GoalForm(
        request.POST or None,
        plan=current,
        departments=departments,
        instance=goal if request.method != "POST" else None,
    )
    del form.fields["member"]  # a goal stays with its member
    carry_token(form, goals.goal_token(goal))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        data = dict(form.cleaned_data)
        department = data["department"]
        require(
            request,
            access,
            access.can_change_plan_content(department.pk if department else None),
            what=title,
        )
        try:
            goals.update_goal(actor=request.user, goal=goal, expected_token=token, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def step_add(request: AuthedRequest, pk: int, goal_pk: int) -> HttpResponse:
    title = _("Add a step")
    access = _plan_access(request, pk, what=title)
    current = selectors.get_plan(access)
    goal = selectors.get_goal(access, current, goal_pk)
    require(request, access, access.can_change_plan_content(goal.department_id), what=title)
    form = forms.StepForm(
        request.POST or None,
        plan=current,
        departments=selectors.consented_departments(access),
    )
    if request.method == "POST" and form.is_valid():
        try:
            goals.add_step(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The step was added."))
            return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=title,
        hint=_("Who does what by when: a professional and their department, or the family member."),
    )


def translation(request: AuthedRequest, pk: int) -> HttpResponse:
    """The plan's texts in the family's language, entered with the interpreter (issue 11, item 10):
    each goal and step as far as the user may change it (the rules of the goal itself)."""
    title = _("The plan in the family's language")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_change_plan, what=title)
    current = selectors.get_plan(access)
    language = selectors.family_language_of(access)
    if language is None:
        messages.error(
            request,
            _(
                "The family record names no language the plan is printed in (Arabic, Turkish, "
                "Somali or English): record the members' languages first."
            ),
        )
        return redirect(_plan_url(pk))
    texts = selectors.translation_form(access, current, language)
    require(request, access, bool(texts.rows), what=title)
    form = forms.TranslationsForm(
        request.POST or None,
        rows=texts.rows,
        language=language,
        initial={"interpreted_on": timezone.localdate()},
    )
    carry_token(
        form,
        translations.translations_token(current if texts.family_goals else None, texts.items),
    )
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            translations.save_translations(
                actor=request.user,
                plan=current,
                language=language,
                interpreter=form.cleaned_data["interpreter"],
                interpreted_on=form.cleaned_data["interpreted_on"],
                texts=form.texts(),
                items=texts.items,
                family_goals=texts.family_goals,
                expected_token=token,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The translations were saved."))
            return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=title,
        hint=_(
            "The family's language, from the family record: %(language)s. Write each text as the "
            "interpreter translates it. A text left empty is printed in Danish in the family's "
            "plan, marked as not yet translated."
        )
        % {"language": language_name(language)},
    )


@require_POST
def step_toggle(request: AuthedRequest, pk: int, step_pk: int) -> HttpResponse:
    title = _("Change a step")
    access = _plan_access(request, pk, what=title)
    step = selectors.get_step(access, selectors.get_plan(access), step_pk)
    require(request, access, access.can_change_plan_content(step.goal.department_id), what=title)
    try:
        goals.toggle_step(actor=request.user, step=step)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(_plan_url(pk))


# --- Offers, exemptions, statutory plans, follow-ups ----------------------------------------


def offer_add(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Add an offer or measure")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_change_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.OfferForm(
        request.POST or None,
        plan=current,
        departments=selectors.assignable_departments(access),
        goals=selectors.readable_goals(access, current),
    )
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"]
        require(
            request,
            access,
            access.can_change_plan_content(department.pk if department else None),
            what=title,
        )
        try:
            offers.add_offer(actor=request.user, plan=current, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The offer was added."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def offer_end(request: AuthedRequest, pk: int, offer_pk: int) -> HttpResponse:
    what = _("End an offer")
    access = _plan_access(request, pk, what=what)
    offer = selectors.get_offer(access, selectors.get_plan(access), offer_pk)
    require(
        request,
        access,
        selectors.offer_is_readable(access, offer)
        and access.can_change_plan_content(offer.department_id),
        what=what,
    )
    form = forms.EndOfferForm(request.POST or None, initial={"end_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            offers.end_offer(actor=request.user, offer=offer, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The offer was ended."))
            return redirect(_plan_url(pk))
    return _form_page(
        request, access, form, title=_("End the offer: %(offer)s") % {"offer": offer.offer_type}
    )


def exemption_add(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Exemption from jobcentre obligations (fredning)")
    access = _plan_access(request, pk, what=title)
    # An exemption is the core team's content (no department owns it).
    require(request, access, access.can_change_plan_content(None), what=title)
    current = selectors.get_plan(access)
    form = forms.ExemptionForm(request.POST or None, plan=current)
    if request.method == "POST" and form.is_valid():
        try:
            offers.add_exemption(actor=request.user, plan=current, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The exemption was recorded."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def statutory_add(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Link a statutory plan")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_change_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.StatutoryLinkForm(
        request.POST or None, plan=current, departments=selectors.changeable_departments(access)
    )
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"]
        require(request, access, access.can_change_plan_content(department.pk), what=title)
        try:
            offers.add_statutory_link(actor=request.user, plan=current, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The statutory plan was linked."))
            return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=title,
        hint=_("The plan stays in its own system: record where to find it."),
    )


def follow_up_add(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Record a follow-up")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_change_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.FollowUpForm(
        request.POST or None,
        plan=current,
        goals=selectors.readable_goals(access, current),
        offers=selectors.readable_offers(access, current),
        initial=selectors.follow_up_initial(access, request.GET.dict()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            follow_ups.record_follow_up(actor=request.user, plan=current, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title, hint=_("Choose one goal or one offer."))


# --- Reassessment --------------------------------------------------------------------------


@require_POST
def reassessment_start(request: AuthedRequest, pk: int) -> HttpResponse:
    access = _plan_access(request, pk, what=_("Start a reassessment"))
    require(request, access, access.can_change_plan, what=_("Start a reassessment"))
    try:
        item = reassessments.start_reassessment(actor=request.user, plan=selectors.get_plan(access))
    except ValidationError as error:
        show_errors(request, error)
        return redirect(_plan_url(pk))
    return redirect("actionplans:reassessment", pk, item.pk)


def _reassessment_page(
    request: AuthedRequest,
    access: FamilyAccess,
    item: Reassessment,
    page: selectors.ReassessmentPage,
    form: forms.ReassessmentForm,
    on_behalf: dict[int, forms.OnBehalfForm] | None = None,
) -> HttpResponse:
    """The reassessment page; `on_behalf` a department's bound form that did not validate."""
    on_behalf = on_behalf or {}
    parts = [
        (
            part,
            on_behalf.get(part.department.pk)
            or forms.OnBehalfForm(prefix=f"department-{part.department.pk}"),
        )
        for part in page.departments
    ]
    record_view(request, access, what=_("Reassessment"))
    return render(
        request,
        "actionplans/reassessment.html",
        {
            "access": access,
            "family": access.family,
            "page": page,
            "parts": parts,
            "item": item,
            "form": form,
        },
    )


def reassessment(request: AuthedRequest, pk: int, reassessment_pk: int) -> HttpResponse:
    access = _plan_access(request, pk, what=_("Reassessment"))
    item = selectors.get_reassessment(access, reassessment_pk)
    page = selectors.reassessment_page(access, item)
    form = forms.ReassessmentForm(request.POST or None, instance=item, reviews=page.reviews)
    if request.method == "POST":
        require(request, access, page.can_save, what=_("Reassess"))
        if form.is_valid():
            try:
                reassessments.save_reassessment(
                    actor=request.user,
                    reassessment=item,
                    progress=form.progress(),
                    **{k: form.cleaned_data[k] for k in forms.ReassessmentForm.Meta.fields},
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The reassessment was saved."))
                return redirect("actionplans:reassessment", pk, item.pk)
    return _reassessment_page(request, access, item, page, form)


@require_POST
def reassessment_confirm(request: AuthedRequest, pk: int, reassessment_pk: int) -> HttpResponse:
    what = _("Confirm the reassessment")
    access = _plan_access(request, pk, what=what)
    item = selectors.get_reassessment(access, reassessment_pk)
    require(request, access, access.can_confirm_reassessment, what=what)
    try:
        reassessments.confirm_department(
            actor=request.user, reassessment=item, department=selectors.own_department(access)
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Your department's part is confirmed."))
    return redirect("actionplans:reassessment", pk, item.pk)


@require_POST
def reassessment_confirm_on_behalf(
    request: AuthedRequest, pk: int, reassessment_pk: int, department_pk: int
) -> HttpResponse:
    what = _("Confirm on a department's behalf")
    access = _plan_access(request, pk, what=what)
    item = selectors.get_reassessment(access, reassessment_pk)
    require(request, access, access.can_confirm_reassessment_on_behalf, what=what)
    department = selectors.get_plan_department(item, department_pk)
    form = forms.OnBehalfForm(request.POST, prefix=f"department-{department.pk}")
    if form.is_valid():
        try:
            reassessments.confirm_on_behalf(
                actor=request.user,
                reassessment=item,
                department=department,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(department)s's part is confirmed on its behalf.")
                % {"department": department.name},
            )
            return redirect("actionplans:reassessment", pk, item.pk)
    page = selectors.reassessment_page(access, item)
    reassessment_form = forms.ReassessmentForm(instance=item, reviews=page.reviews)
    return _reassessment_page(
        request, access, item, page, reassessment_form, on_behalf={department.pk: form}
    )


@require_POST
def reassessment_complete(request: AuthedRequest, pk: int, reassessment_pk: int) -> HttpResponse:
    what = _("Complete the reassessment")
    access = _plan_access(request, pk, what=what)
    item = selectors.get_reassessment(access, reassessment_pk)
    require(request, access, access.can_complete_reassessment, what=what)
    try:
        reassessments.complete_reassessment(actor=request.user, reassessment=item)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("actionplans:reassessment", pk, item.pk)
    messages.success(request, _("The reassessment is completed."))
    return redirect(_plan_url(pk))


@require_POST
def reassessment_new_assessment(
    request: AuthedRequest, pk: int, reassessment_pk: int
) -> HttpResponse:
    what = _("Start a new assessment")
    access = _plan_access(request, pk, what=what)
    item = selectors.get_reassessment(access, reassessment_pk)
    require(request, access, access.can_change_plan, what=what)
    try:
        assessment = reassessments.start_new_risk_assessment(actor=request.user, reassessment=item)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("actionplans:reassessment", pk, item.pk)
    return redirect(assessment)


# --- Phase-out, closing, reopening, aftercare ----------------------------------------------


def phase_out(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Phase out gradually")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_manage_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.PhaseOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closing.set_phase_out(actor=request.user, plan=current, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The phase-out date was set."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def close(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Close the plan")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_manage_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.CloseForm(
        request.POST or None, plan=current, offers=selectors.readable_offers(access, current)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closing.close_plan(
                actor=request.user,
                plan=current,
                reason=data["reason"],
                note=data["note"],
                criteria=data["criteria"],
                aftercare_on=data["aftercare_on"],
                continuing_offer_ids=[offer.pk for offer in data["continuing"]],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The plan and the family's case are closed."))
            return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=title,
        hint=_(
            "Closing ends the family's case: open offers are ended or continue outside the "
            "programme, and no member stays in the programme."
        ),
    )


def reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Reopen the family")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_manage_plan, what=title)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closing.reopen(
                actor=request.user, family=access.family, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The family was reopened."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def aftercare(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Aftercare check")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_manage_plan, what=title)
    current = selectors.get_plan(access)
    form = forms.AftercareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closing.record_aftercare(
                actor=request.user, plan=current, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The aftercare check was recorded."))
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=title)


def history(request: AuthedRequest, pk: int) -> HttpResponse:
    title = _("Action plan history")
    access = _plan_access(request, pk, what=title)
    require(request, access, access.can_view_history, what=title)
    current = selectors.get_plan(access)
    record_view(request, access, what=title)
    return render(
        request,
        "actionplans/history.html",
        {
            "access": access,
            "family": access.family,
            "plan": current,
            "rows": selectors.plan_history(access, current),
        },
    )


# --- PDFs ----------------------------------------------------------------------------------


@require_POST
def family_pdf(request: AuthedRequest, pk: int, language: str) -> HttpResponse:
    """The family's plan, printed for them: a POST, because printing is recorded on the plan."""
    what = _("Action plan PDF")
    access = _plan_access(request, pk, what=what)
    if language not in pdf.LANGUAGES:
        raise Http404
    current = selectors.get_plan(access)
    data = pdf.family_plan_pdf(selectors.plan_page(access, current), language, request=request)
    plans.mark_printed(plan=current)
    record_view(request, access, what=what)
    return pdf_response(
        data, filename=f"handleplan-{access.family.reference}-v{current.version}-{language}.pdf"
    )


def working_copy_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Action plan working copy")
    access = _plan_access(request, pk, what=what)
    require(request, access, access.can_view_plan_working_copy, what=what)
    current = selectors.get_plan(access)
    data = pdf.working_copy_pdf(selectors.plan_page(access, current), request=request)
    record_view(request, access, what=what)
    return pdf_response(
        data,
        filename=f"handleplan-arbejdskopi-{access.family.reference}-v{current.version}.pdf",
    )


# --- Team pages ----------------------------------------------------------------------------


def queue(request: AuthedRequest) -> HttpResponse:
    what = _("Reassessment queue")
    team_ids = lead_team_ids(request.user)
    if not team_ids:
        refuse(request, what=what)
    labels = selectors.bucket_labels()
    form = forms.QueueFilterForm(
        request.GET or None,
        buckets=labels,
        coordinators=selectors.queue_coordinators(team_ids),
    )
    # A filter that is not one of the choices (e.g. someone who coordinates no family) matches none.
    # One page at a time, ordered in SQL on the stored next-due date (issue 12).
    queue_page = (
        selectors.queue(
            team_ids,
            today=timezone.localdate(),
            page_number=request.GET.get("page"),
            **form.filters(),
        )
        if not form.is_bound or form.is_valid()
        else None
    )
    rows = queue_page.rows if queue_page else []
    sections = queue_sections_for(team_ids, timezone.localdate())
    # Every family the page names, in one insert (issue 9, item 6): the plans' and the sections'
    # (e.g. measurements due).
    named = [row.plan.family for row in rows]
    named += [
        family
        for _template, section_rows in sections
        for section_row in section_rows
        if isinstance(family := getattr(section_row, "family", None), Family)
    ]
    log_persons_shown(request, what=what, families=named)
    sort_links = {}
    for key in selectors.QUEUE_SORTS:
        query = request.GET.copy()
        query["sort"] = key
        query.pop("page", None)
        sort_links[key] = query.urlencode()
    return render(
        request,
        "actionplans/queue.html",
        {
            "rows": rows,
            "page": queue_page.page if queue_page else None,
            "form": form,
            "sort_links": sort_links,
            "sections": sections,
        },
    )


def notifications(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "actionplans/notifications.html",
        {"items": selectors.notifications(request.user)},
    )


def moved(request: AuthedRequest, rest: str) -> HttpResponse:
    """`/plans/family/<id>/…` moved to `/plans/families/<id>/…` (one URL scheme for every app)."""
    prefix = request.path[: len(request.path) - len(rest)].removesuffix("family/")
    target = f"{prefix}families/{rest}"
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
