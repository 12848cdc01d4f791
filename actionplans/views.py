"""Action plan pages. Each view loads through families/access.py, calls one service, redirects."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Department
from actionplans import forms, pdf, selectors, services
from actionplans.models import ActionPlan, Goal, Notification, PlanOffer, Reassessment, Step
from actionplans.rules import bucket as due_bucket
from assessment.models import Assessment
from config.feedback import show_errors
from families.access import (
    FamilyAccess,
    get_family_access,
    lead_team_ids,
    record_view,
    refuse,
    require,
)

WHAT = "Action plan"


def _access(request: HttpRequest, pk: int) -> FamilyAccess:
    access = get_family_access(request, pk, what=_("Action plan"))
    require(request, access, access.can_view_case_content, what=_("Action plan"))
    return access


def _editable(request: HttpRequest, pk: int) -> tuple[FamilyAccess, ActionPlan]:
    access = _access(request, pk)
    require(request, access, access.can_change_case_content, what=_("Change the action plan"))
    plan = selectors.get_plan(access)
    return access, plan


def _may_change(access: FamilyAccess, department: Department | None) -> bool:
    """Department-owned content: that department and the coordinators; team content: the team."""
    if department is None:
        return access.can_change_case_content
    return access.can_change_case_content and access.can_change_department_content(department.pk)


def _plan_url(pk: int) -> str:
    return reverse("actionplans:plan", args=[pk])


def _form_page(
    request: HttpRequest,
    access: FamilyAccess,
    form: object,
    *,
    title: str,
    hint: str = "",
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


def _run(request: HttpRequest, call: Callable[[], object], success: str) -> bool:
    try:
        call()
    except ValidationError as error:
        show_errors(request, error)
        return False
    messages.success(request, success)
    return True


# --- The plan ------------------------------------------------------------------------------


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    current = selectors.current_plan(pk)
    record_view(request, access, what=_("Action plan"))
    if current is None:
        return render(
            request,
            "actionplans/start.html",
            {
                "access": access,
                "family": access.family,
                "assessments": selectors.finished_assessments(pk),
            },
        )
    page = selectors.plan_page(access, current)
    return render(
        request,
        "actionplans/plan.html",
        {
            "access": access,
            "family": access.family,
            "page": page,
            "plan": current,
            "can_edit": access.can_change_case_content and current.is_open,
            "changeable": access.changeable_department_ids,
            "can_manage": access.can_manage_family,
            "pdf_languages": list(pdf.LANGUAGES.items()),
            "due_bucket": due_bucket(page.next_due, timezone.localdate()) if page.next_due else "",
        },
    )


@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    require(request, access, access.can_change_case_content, what=_("Start the action plan"))
    assessment = get_object_or_404(Assessment, pk=request.POST.get("assessment"), family_id=pk)
    _run(
        request,
        lambda: services.start_plan(actor=request.user, assessment=assessment),
        _("The action plan was started as a draft."),
    )
    return redirect(_plan_url(pk))


def family_goals(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    form = forms.PlanForm(request.POST or None, instance=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.update_family_goals(
                actor=request.user, plan=current, family_goals=form.cleaned_data["family_goals"]
            ),
            _("The family's goals were saved."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("The family's own goals and dreams"))


@require_POST
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    _access, current = _editable(request, pk)
    _run(
        request,
        lambda: services.activate_plan(actor=request.user, plan=current),
        _("The plan is active."),
    )
    return redirect(_plan_url(pk))


def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    form = forms.GoalForm(
        request.POST or None, plan=current, departments=access.changeable_department_ids
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request, access, _may_change(access, data["department"]), what=_("Add a goal"))
        data.pop("version", None)
        if _run(
            request,
            lambda: services.add_goal(actor=request.user, plan=current, **data),
            _("The goal was added."),
        ):
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("Add a goal"))


def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    goal = get_object_or_404(Goal, pk=goal_pk, plan=current)
    require(request, access, _may_change(access, goal.department), what=_("Change a goal"))
    form = forms.GoalForm(
        request.POST or None,
        plan=current,
        departments=access.changeable_department_ids | {goal.department_id} - {None},
        instance=goal if request.method != "POST" else None,
        initial={"version": goal.version},
    )
    del form.fields["member"]  # a goal stays with its member
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        require(request, access, _may_change(access, data["department"]), what=_("Change a goal"))
        expected = data.pop("version") or 0
        if _run(
            request,
            lambda: services.update_goal(
                actor=request.user, goal=goal, expected_version=expected, **data
            ),
            _("The goal was saved."),
        ):
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("Change the goal"))


def step_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    goal = get_object_or_404(Goal, pk=goal_pk, plan=current)
    require(request, access, _may_change(access, goal.department), what=_("Add a step"))
    form = forms.StepForm(request.POST or None, plan=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.add_step(actor=request.user, goal=goal, **form.cleaned_data),
            _("The step was added."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=_("Add a step"),
        hint=_("Who does what by when: a professional and their department, or the family member."),
    )


@require_POST
def step_toggle(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    step = get_object_or_404(Step.objects.select_related("goal"), pk=step_pk, goal__plan=current)
    require(request, access, _may_change(access, step.goal.department), what=_("Change a step"))
    _run(request, lambda: services.toggle_step(actor=request.user, step=step), _("Saved."))
    return redirect(_plan_url(pk))


def offer_add(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    form = forms.OfferForm(
        request.POST or None, plan=current, departments=access.changeable_department_ids
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request, access, _may_change(access, data["department"]), what=_("Add an offer"))
        if _run(
            request,
            lambda: services.add_offer(actor=request.user, plan=current, **data),
            _("The offer was added."),
        ):
            return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("Add an offer or measure"))


def offer_end(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    offer = get_object_or_404(PlanOffer, pk=offer_pk, plan=current)
    require(request, access, _may_change(access, offer.department), what=_("End an offer"))
    form = forms.EndOfferForm(request.POST or None, initial={"end_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.end_offer(actor=request.user, offer=offer, **form.cleaned_data),
            _("The offer was ended."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(
        request, access, form, title=_("End the offer: %(offer)s") % {"offer": offer.offer_type}
    )


def exemption_add(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    form = forms.ExemptionForm(request.POST or None, plan=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.add_exemption(actor=request.user, plan=current, **form.cleaned_data),
            _("The exemption was recorded."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(
        request, access, form, title=_("Exemption from jobcentre obligations (fredning)")
    )


def statutory_add(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    form = forms.StatutoryLinkForm(request.POST or None, plan=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request, access, _may_change(access, data["department"]), what=_("Link a plan"))
        if _run(
            request,
            lambda: services.add_statutory_link(actor=request.user, plan=current, **data),
            _("The statutory plan was linked."),
        ):
            return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=_("Link a statutory plan"),
        hint=_("The plan stays in its own system: record where to find it."),
    )


def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _editable(request, pk)
    initial: dict[str, object] = {"held_on": timezone.localdate()}
    if request.GET.get("contact", "").isdigit():  # the contact log line becomes a follow-up
        initial.update(selectors.follow_up_initial_from_contact(pk, int(request.GET["contact"])))
    for key in ("goal", "offer"):
        if request.GET.get(key, "").isdigit():
            initial[key] = int(request.GET[key])
    form = forms.FollowUpForm(request.POST or None, plan=current, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.record_follow_up(
                actor=request.user, plan=current, **form.cleaned_data
            ),
            _("The follow-up was recorded."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=_("Record a follow-up"),
        hint=_("Choose one goal or one offer."),
    )


# --- Reassessment --------------------------------------------------------------------------


def _reassessment(
    request: HttpRequest, pk: int, reassessment_pk: int
) -> tuple[FamilyAccess, Reassessment]:
    access = _access(request, pk)
    reassessment = get_object_or_404(
        Reassessment.objects.select_related("plan__family"),
        pk=reassessment_pk,
        plan__family_id=pk,
    )
    return access, reassessment


@require_POST
def reassessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    _access, current = _editable(request, pk)
    try:
        reassessment = services.start_reassessment(actor=request.user, plan=current)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(_plan_url(pk))
    return redirect("actionplans:reassessment", pk, reassessment.pk)


def reassessment(request: HttpRequest, pk: int, reassessment_pk: int) -> HttpResponse:
    access, item = _reassessment(request, pk, reassessment_pk)
    reviews = list(item.reviews.select_related("goal__member").order_by("goal_id"))
    is_open = item.status == Reassessment.Status.OPEN
    form = forms.ReassessmentForm(request.POST or None, instance=item, reviews=reviews)
    if request.method == "POST":
        require(request, access, access.can_change_case_content and is_open, what=_("Reassess"))
        if form.is_valid() and _run(
            request,
            lambda: services.save_reassessment(
                actor=request.user,
                reassessment=item,
                progress=form.progress(),
                **{k: form.cleaned_data[k] for k in forms.ReassessmentForm.Meta.fields},
            ),
            _("The reassessment was saved."),
        ):
            return redirect("actionplans:reassessment", pk, item.pk)
    record_view(request, access, what=_("Reassessment"))
    department_ids = services.plan_department_ids(item.plan)
    confirmed = {c.department_id: c for c in item.confirmations.select_related("confirmed_by")}
    return render(
        request,
        "actionplans/reassessment.html",
        {
            "access": access,
            "family": access.family,
            "item": item,
            "reviews": reviews,
            "form": form,
            "is_open": is_open and access.can_change_case_content,
            "departments": [
                (d, confirmed.get(d.pk)) for d in Department.objects.filter(pk__in=department_ids)
            ],
            "own_department_id": access.department_id,
            "can_complete": access.is_family_coordinator or access.is_team_lead,
        },
    )


@require_POST
def reassessment_confirm(request: HttpRequest, pk: int, reassessment_pk: int) -> HttpResponse:
    access, item = _reassessment(request, pk, reassessment_pk)
    require(
        request,
        access,
        access.can_change_case_content and access.department_id is not None,
        what=_("Confirm the reassessment"),
    )
    department = get_object_or_404(Department, pk=access.department_id)
    _run(
        request,
        lambda: services.confirm_department(
            actor=request.user, reassessment=item, department=department
        ),
        _("Your department's part is confirmed."),
    )
    return redirect("actionplans:reassessment", pk, item.pk)


@require_POST
def reassessment_complete(request: HttpRequest, pk: int, reassessment_pk: int) -> HttpResponse:
    access, item = _reassessment(request, pk, reassessment_pk)
    require(
        request,
        access,
        access.can_change_case_content and (access.is_family_coordinator or access.is_team_lead),
        what=_("Complete the reassessment"),
    )
    if _run(
        request,
        lambda: services.complete_reassessment(actor=request.user, reassessment=item),
        _("The reassessment is completed."),
    ):
        return redirect(_plan_url(pk))
    return redirect("actionplans:reassessment", pk, item.pk)


@require_POST
def reassessment_new_assessment(
    request: HttpRequest, pk: int, reassessment_pk: int
) -> HttpResponse:
    access, item = _reassessment(request, pk, reassessment_pk)
    require(request, access, access.can_change_case_content, what=_("Start a new assessment"))
    try:
        assessment = services.start_new_risk_assessment(actor=request.user, reassessment=item)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("actionplans:reassessment", pk, item.pk)
    return redirect(assessment)


# --- Phase-out, closing, reopening, aftercare ----------------------------------------------


def _managed(request: HttpRequest, pk: int, what: str) -> tuple[FamilyAccess, ActionPlan]:
    access = _access(request, pk)
    require(request, access, access.can_manage_family, what=what)
    return access, selectors.get_plan(access)


def phase_out(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _managed(request, pk, _("Phase out"))
    form = forms.PhaseOutForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.set_phase_out(actor=request.user, plan=current, **form.cleaned_data),
            _("The phase-out date was set."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("Phase out gradually"))


def close(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _managed(request, pk, _("Close the plan"))
    form = forms.CloseForm(request.POST or None, plan=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            lambda: services.close_plan(
                actor=request.user,
                plan=current,
                reason=data["reason"],
                note=data["note"],
                criteria=data["criteria"],
                aftercare_on=data["aftercare_on"],
                continuing_offer_ids=[offer.pk for offer in data["continuing"]],
            ),
            _("The plan and the family's case are closed."),
        ):
            return redirect(_plan_url(pk))
    return _form_page(
        request,
        access,
        form,
        title=_("Close the plan"),
        hint=_(
            "Closing ends the family's case: open offers are ended or continue outside the "
            "programme, and no member stays in the programme."
        ),
    )


def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    require(request, access, access.can_manage_family, what=_("Reopen"))
    form = forms.ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.reopen(
                actor=request.user, family=access.family, reason=form.cleaned_data["reason"]
            ),
            _("The family was reopened."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("Reopen the family"))


def aftercare(request: HttpRequest, pk: int) -> HttpResponse:
    access, current = _managed(request, pk, _("Aftercare check"))
    form = forms.AftercareForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            request,
            lambda: services.record_aftercare(
                actor=request.user, plan=current, note=form.cleaned_data["note"]
            ),
            _("The aftercare check was recorded."),
        )
    ):
        return redirect(_plan_url(pk))
    return _form_page(request, access, form, title=_("Aftercare check"))


def history(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    require(request, access, access.can_view_history, what=_("Action plan history"))
    current = selectors.get_plan(access)
    record_view(request, access, what=_("Action plan history"))
    return render(
        request,
        "actionplans/history.html",
        {
            "access": access,
            "family": access.family,
            "plan": current,
            "rows": selectors.plan_history(current),
        },
    )


# --- PDFs ----------------------------------------------------------------------------------


def family_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    access = _access(request, pk)
    if language not in pdf.LANGUAGES:
        raise Http404
    current = selectors.get_plan(access)
    data = pdf.family_plan_pdf(selectors.plan_page(access, current), language)
    services.mark_printed(plan=current)
    record_view(request, access, what=_("Action plan PDF"))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"handleplan-{access.family.reference}-v{current.version}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def working_copy_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    require(request, access, access.is_team_member, what=_("Working copy"))
    current = selectors.get_plan(access)
    data = pdf.working_copy_pdf(selectors.plan_page(access, current))
    record_view(request, access, what=_("Action plan working copy"))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"handleplan-arbejdskopi-{access.family.reference}-v{current.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- Team pages ----------------------------------------------------------------------------


def queue(request: HttpRequest) -> HttpResponse:
    team_ids = lead_team_ids(request.user)
    if not team_ids:
        refuse(request, what=_("Reassessment queue"))
    coordinator = request.GET.get("coordinator", "")
    rows = selectors.queue(
        team_ids,
        today=timezone.localdate(),
        only_bucket=request.GET.get("bucket", ""),
        coordinator_id=int(coordinator) if coordinator.isdigit() else None,
        sort=request.GET.get("sort", "due"),
    )
    return render(
        request,
        "actionplans/queue.html",
        {
            "rows": rows,
            "sort": request.GET.get("sort", "due"),
            "bucket": request.GET.get("bucket", ""),
            "coordinator": coordinator,
            "coordinators": selectors.queue_coordinators(team_ids),
            "buckets": [
                ("overdue", _("Overdue")),
                ("due", _("Due within 14 days")),
                ("later", _("Later")),
            ],
        },
    )


def notifications(request: HttpRequest) -> HttpResponse:
    items = list(
        Notification.objects.filter(user=request.user).select_related("due_item__family")[:100]
    )
    return render(request, "actionplans/notifications.html", {"items": items})
