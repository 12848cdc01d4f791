import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan, ClosingCriterion, FollowUp, Goal, PlanOffer, Reassessment
from actionplans.services import goals, offers, reminders
from families.models import AccessLogEntry
from tests.actionplans.conftest import add_goal, member, offer_type

TODAY = timezone.localdate


def url(name, plan_or_family, *args):
    family_id = getattr(plan_or_family, "family_id", None) or plan_or_family.pk
    return reverse(f"actionplans:{name}", args=[family_id, *args])


def test_start_page_and_start(client, caseworker, assessment):
    client.force_login(caseworker)
    page = client.get(url("plan", assessment.family))
    assert b"Start the plan from assessment version 1" in page.content
    response = client.post(url("start", assessment.family), {"assessment": assessment.pk})
    assert response.status_code == 302
    assert ActionPlan.objects.get(family=assessment.family).status == "draft"


def test_plan_page_logs_the_view(client, caseworker, active_plan):
    client.force_login(caseworker)
    response = client.get(url("plan", active_plan))
    assert response.status_code == 200
    assert "Gå i skole hver dag" in response.content.decode()
    assert AccessLogEntry.objects.filter(
        family_id=active_plan.family_id, user=caseworker, what="Action plan"
    ).exists()


def test_outsider_gets_404_and_outside_user_403(client, outsider, outside_caseworker, active_plan):
    client.force_login(outsider)
    assert client.get(url("plan", active_plan)).status_code == 404
    client.force_login(outside_caseworker)
    assert client.get(url("plan", active_plan)).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["start", "activate", "reassess"],
)
def test_post_only_views(client, caseworker, active_plan, name):
    client.force_login(caseworker)
    assert client.get(url(name, active_plan)).status_code == 405


def test_add_goal_offer_follow_up(client, caseworker, active_plan, nordby):
    client.force_login(caseworker)
    jonas = member(active_plan.family, "Jonas")
    response = client.post(
        url("goal_add", active_plan),
        {
            "member": jonas.pk,
            "department": nordby.children_family.pk,
            "family_wording": "Komme til fodbold",
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(family_wording="Komme til fodbold")
    response = client.post(
        url("offer_add", active_plan),
        {
            "offer_type": offer_type(active_plan).pk,
            "member": jonas.pk,
            "goal": goal.pk,
            "start_on": TODAY().isoformat(),
            "end_on": (TODAY() - dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200 and b"cannot end before it starts" in response.content
    assert not PlanOffer.objects.exists()
    response = client.post(
        url("offer_add", active_plan),
        {
            "offer_type": offer_type(active_plan).pk,
            "member": jonas.pk,
            "goal": goal.pk,
            "start_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 302 and PlanOffer.objects.get().goal == goal
    response = client.post(
        url("follow_up_add", active_plan),
        {
            "goal": goal.pk,
            "held_on": TODAY().isoformat(),
            "with_whom": "Jonas",
            "progress": "Var der to gange",
            "motivation": "high",
        },
    )
    assert response.status_code == 302 and FollowUp.objects.get().goal == goal


def test_department_goal_not_editable_by_other_department(
    client, caseworker, other_department_user, active_plan
):
    goal = active_plan.goals.get()  # owned by Børn og Familie
    client.force_login(other_department_user)
    assert client.get(url("goal_edit", active_plan, goal.pk)).status_code == 403
    client.force_login(caseworker)  # the family coordinator and the owning department
    assert client.get(url("goal_edit", active_plan, goal.pk)).status_code == 200


def test_stale_goal_edit_shows_message(client, caseworker, coordinator, active_plan, nordby):
    goal = active_plan.goals.get()
    loaded = goals.goal_token(goal)
    goals.update_goal(actor=coordinator, goal=goal, expected_token=loaded, family_wording="Ny")
    client.force_login(caseworker)
    response = client.post(
        url("goal_edit", active_plan, goal.pk),
        {
            "member": goal.member_id,
            "department": nordby.children_family.pk,
            "family_wording": "Min version",
            "status": "in_progress",
            "edit_token": loaded,
        },
        follow=True,
    )
    assert b"Someone else saved a change" in response.content
    assert Goal.objects.get(pk=goal.pk).family_wording == "Ny"


def test_reassessment_from_queue(client, caseworker, coordinator, draft_plan, nordby):
    from tests.actionplans.conftest import active_plan_for

    plan = active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY() - dt.timedelta(days=95)
    )
    client.force_login(coordinator)
    queue = client.get(reverse("actionplans:queue"))
    assert queue.status_code == 200 and b"Familien Jensen" in queue.content
    assert b"Overdue" in queue.content
    response = client.post(url("reassess", plan))
    item = Reassessment.objects.get(plan=plan)
    assert response.url == url("reassessment", plan, item.pk)
    client.post(
        url("reassessment", plan, item.pk),
        {"held_on": TODAY().isoformat(), "support_need": "unchanged"},
    )
    client.force_login(caseworker)
    client.post(url("reassessment_confirm", plan, item.pk))
    client.force_login(coordinator)
    client.post(url("reassessment_complete", plan, item.pk))
    item.refresh_from_db()
    assert item.status == Reassessment.Status.COMPLETED


def test_queue_refused_for_caseworker(client, caseworker, active_plan):
    client.force_login(caseworker)
    assert client.get(reverse("actionplans:queue")).status_code == 403


def test_close_and_reopen_pages(client, coordinator, caseworker, active_plan):
    client.force_login(caseworker)  # primary coordinator of the family: may manage
    response = client.post(
        url("close", active_plan), {"reason": "goals_achieved", "aftercare_on": TODAY().isoformat()}
    )
    assert response.status_code == 200 and b"required closing criterion" in response.content
    client.force_login(coordinator)
    criteria = list(ClosingCriterion.objects.values_list("pk", flat=True))
    response = client.post(
        url("close", active_plan),
        {
            "reason": "goals_achieved",
            "criteria": criteria,
            "aftercare_on": (TODAY() + dt.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert ActionPlan.objects.get(pk=active_plan.pk).status == "closed"
    response = client.post(url("reopen", active_plan), {"reason": "Ny underretning"})
    assert response.status_code == 302
    active_plan.family.refresh_from_db()
    assert active_plan.family.status == "screening"


def test_family_pdf_marks_printed_and_page_shows_change(client, caseworker, active_plan):
    client.force_login(caseworker)
    assert active_plan.printed_at is None
    assert client.get(url("family_pdf", active_plan, "ar")).status_code == 405  # no write on a GET
    active_plan.refresh_from_db()
    assert active_plan.printed_at is None
    response = client.post(url("family_pdf", active_plan, "ar"))
    assert response["Content-Type"] == "application/pdf"
    add_goal(active_plan, caseworker, "Mette", family_wording="Få job")
    page = client.get(url("plan", active_plan))
    assert b"The plan has changed since the family" in page.content
    assert client.post(url("family_pdf", active_plan, "xx")).status_code == 404
    assert client.get(url("working_copy", active_plan)).status_code == 200


def test_contact_log_line_becomes_a_follow_up(client, caseworker, active_plan, nordby):
    from families.services import contacts

    contact = contacts.log_contact(
        actor=caseworker,
        family=active_plan.family,
        department_id=nordby.children_family.pk,
        kind="home_visit",
        occurred_at=timezone.now() - dt.timedelta(days=1),
        summary="Hjemmebesøg: Jonas stod selv op",
        members=[member(active_plan.family, "Jonas")],
    )
    client.force_login(caseworker)
    page = client.get(url("plan", active_plan))
    assert f"?contact={contact.pk}".encode() in page.content
    form = client.get(url("follow_up_add", active_plan) + f"?contact={contact.pk}")
    assert "Hjemmebesøg: Jonas stod selv op" in form.content.decode()
    assert 'value="Jonas"' in form.content.decode()


def test_outside_grant_reads_only_what_it_covers(
    client, caseworker, outside_caseworker, active_plan, nordby
):
    from families.services import outside_access

    # The school is not covered by the consent: the grant (Børn og Familie) does not read it. (No
    # service gives a goal to a department outside the consent any more: one from before.)
    Goal.objects.create(
        plan=active_plan,
        member=member(active_plan.family, "Mette"),
        family_wording="Skole-mål",
        department=nordby.school,
    )
    outside_access.grant_outside_access(
        actor=caseworker,
        family=active_plan.family,
        user=outside_caseworker,
        department=nordby.children_family,
        valid_until=TODAY() + dt.timedelta(days=30),
        reason="Skolen deltager",
    )
    client.force_login(outside_caseworker)
    page = client.get(url("plan", active_plan)).content.decode()
    assert "Gå i skole hver dag" in page and "Skole-mål" not in page
    assert "Add a goal" not in page
    assert client.get(url("goal_add", active_plan)).status_code == 403
    assert client.get(url("working_copy", active_plan)).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "goal_add",
        "offer_add",
        "exemption_add",
        "statutory_add",
        "follow_up_add",
        "close",
        "phase_out",
        "family_goals",
    ],
)
def test_outsider_404_on_every_family_page(client, outsider, active_plan, name):
    client.force_login(outsider)
    assert client.get(url(name, active_plan)).status_code == 404
    assert client.post(url(name, active_plan), {}).status_code == 404


def test_close_refused_for_non_manager(client, other_department_user, active_plan):
    client.force_login(other_department_user)
    assert client.get(url("close", active_plan)).status_code == 403
    assert client.post(url("phase_out", active_plan), {}).status_code == 403


def test_exemption_and_statutory_pages_save(client, caseworker, active_plan, nordby):
    client.force_login(caseworker)
    mette = member(active_plan.family, "Mette")
    response = client.post(
        url("exemption_add", active_plan),
        {
            "member": mette.pk,
            "start_on": TODAY().isoformat(),
            "end_on": (TODAY() + dt.timedelta(days=60)).isoformat(),
            "reason": "Sygdom",
        },
    )
    assert response.status_code == 302 and active_plan.exemptions.count() == 1
    response = client.post(
        url("statutory_add", active_plan),
        {
            "member": mette.pk,
            "kind": "job_plan",
            "department": nordby.children_family.pk,
            "dated_on": TODAY().isoformat(),
            "reference": "Min Plan 42",
        },
    )
    assert response.status_code == 302 and active_plan.statutory_links.count() == 1


def test_step_without_owner_shows_message(client, caseworker, active_plan):
    goal = active_plan.goals.get()
    client.force_login(caseworker)
    response = client.post(
        url("step_add", active_plan, goal.pk), {"what": "Noget", "due_on": TODAY().isoformat()}
    )
    assert b"Say who does it" in response.content
    assert not goal.steps.exists()


def test_phase_out_and_aftercare_pages(client, caseworker, active_plan):
    client.force_login(caseworker)
    response = client.post(url("phase_out", active_plan), {"phase_out_on": TODAY().isoformat()})
    assert response.status_code == 302
    active_plan.family.refresh_from_db()
    assert active_plan.family.status == "phasing_out"
    response = client.post(url("aftercare", active_plan), {"note": "x"}, follow=True)
    assert b"no aftercare check to record" in response.content


def test_notifications_page(client, caseworker, draft_plan, nordby):
    from tests.actionplans.conftest import active_plan_for

    active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY() - dt.timedelta(days=95)
    )
    reminders.create_due_items()
    client.force_login(caseworker)
    response = client.get(reverse("actionplans:notifications"))
    assert b"Familien Jensen" in response.content


def _plan_table(content: bytes) -> bytes:
    """The queue's plan table only: the sections below it (measurements due) list families too."""
    return content.split(b"</table>", 1)[0]


def test_queue_filters_and_sorts(client, coordinator, caseworker, draft_plan, nordby):
    from tests.actionplans.conftest import active_plan_for

    active_plan_for(
        draft_plan, caseworker, nordby.children_family, started_on=TODAY() - dt.timedelta(days=30)
    )
    client.force_login(coordinator)
    assert b"Familien Jensen" in client.get(reverse("actionplans:queue") + "?bucket=later").content
    overdue = client.get(reverse("actionplans:queue") + "?bucket=overdue&sort=family")
    plans = _plan_table(overdue.content)
    assert b"Familien Jensen" not in plans and b"Nothing in the queue" in plans


def test_history_page_lists_every_change(client, caseworker, other_department_user, active_plan):
    goal = active_plan.goals.get()
    goals.update_goal(actor=caseworker, goal=goal, family_wording="Ny ordlyd")
    client.force_login(caseworker)
    response = client.get(url("history", active_plan))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ny ordlyd" in body and "Gå i skole hver dag" in body and "Changed" in body
    client.force_login(other_department_user)
    assert client.get(url("history", active_plan)).status_code == 200


def test_history_page_refused_for_outside_caseworker(client, outside_caseworker, active_plan):
    client.force_login(outside_caseworker)
    assert client.get(url("history", active_plan)).status_code == 403


def test_department_offer_ended_by_its_department_only(
    client, caseworker, other_department_user, active_plan, nordby
):
    offer = offers.add_offer(
        actor=caseworker,
        plan=active_plan,
        offer_type=offer_type(active_plan),
        member=member(active_plan.family, "Jonas"),
        start_on=TODAY() - dt.timedelta(days=10),
        department=nordby.children_family,
    )
    client.force_login(other_department_user)
    assert client.post(url("offer_end", active_plan, offer.pk), {}).status_code == 403
    client.force_login(caseworker)
    early = (TODAY() - dt.timedelta(days=20)).isoformat()
    response = client.post(url("offer_end", active_plan, offer.pk), {"end_on": early})
    assert b"cannot end before it starts" in response.content
    response = client.post(url("offer_end", active_plan, offer.pk), {"end_on": TODAY().isoformat()})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == PlanOffer.Status.ENDED and offer.end_on == TODAY()


def test_queue_coordinator_filter(client, coordinator, caseworker, active_plan):
    client.force_login(coordinator)
    page = client.get(reverse("actionplans:queue"))
    assert f'<option value="{caseworker.pk}"'.encode() in page.content
    mine = client.get(reverse("actionplans:queue") + f"?coordinator={caseworker.pk}")
    assert b"Familien Jensen" in mine.content
    other = client.get(reverse("actionplans:queue") + f"?coordinator={coordinator.pk}")
    assert b"Familien Jensen" not in _plan_table(other.content)


# --- Issue 11, item 1: the reassessment says up front what it waits for ----------------------


def _department_options(response, name: str = "department") -> set[str]:
    import re

    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    return {label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[0])}


def test_goal_offer_and_step_forms_offer_only_departments_the_consent_covers(
    client, caseworker, active_plan, nordby
):
    """Consent: Børn og Familie, Socialforvaltningen, Jobcenter; not the school."""
    client.force_login(caseworker)  # the family's coordinator: may change every covered part
    goal = active_plan.goals.get()
    covered = {"Børn og Familie Nordby", "Socialforvaltningen Nordby", "Jobcenter Nordby"}
    assert _department_options(client.get(url("goal_add", active_plan))) - {"---------"} == covered
    assert _department_options(client.get(url("offer_add", active_plan))) - {"---------"} == covered
    step_form = client.get(url("step_add", active_plan, goal.pk))
    assert _department_options(step_form, "owner_department") - {"---------"} == covered
    response = client.post(
        url("goal_add", active_plan),
        {"member": goal.member_id, "department": nordby.school.pk, "family_wording": "x"},
    )
    assert response.status_code == 200
    assert Goal.objects.filter(department=nordby.school).count() == 0


def test_reassessment_page_names_missing_confirmations_and_who_gives_them(
    client, caseworker, coordinator, other_department_user, active_plan, nordby
):
    add_goal(active_plan, other_department_user, "Mette", department=nordby.employment)
    offers.add_offer(
        actor=coordinator,
        plan=active_plan,
        offer_type=offer_type(active_plan),
        member=member(active_plan.family, "Jonas"),
        department=nordby.social,
        start_on=TODAY(),
    )
    client.force_login(coordinator)
    client.post(url("reassess", active_plan))
    item = Reassessment.objects.get(plan=active_plan)
    page = client.get(url("reassessment", active_plan, item.pk)).content.decode()
    start = page.index('id="missing-confirmations"')
    summary = page[start : page.index("</ul>", start)]
    assert "Børn og Familie Nordby has not confirmed its part." in summary
    assert f"Confirmed by: {caseworker.get_full_name()}." in summary
    assert f"Confirmed by: {other_department_user.get_full_name()}." in summary
    # The coordinator works for Socialforvaltningen: its part is theirs to confirm.
    assert "Socialforvaltningen Nordby has not confirmed its part." in summary
    assert page.count("Confirm on the department's behalf</summary>") == 2  # not their own

    behalf = url("reassessment_confirm_on_behalf", active_plan, item.pk, nordby.employment.pk)
    field = f"department-{nordby.employment.pk}-reason"
    response = client.post(behalf, {field: ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not item.confirmations.exists()
    response = client.post(behalf, {field: "Jobcentret er syg; aftalt pr. telefon"})
    assert response.status_code == 302
    confirmation = item.confirmations.get()
    assert confirmation.department == nordby.employment
    assert confirmation.on_behalf_reason == "Jobcentret er syg; aftalt pr. telefon"
    page = client.get(url("reassessment", active_plan, item.pk)).content.decode()
    assert "Jobcenter Nordby has not confirmed" not in page
    assert "Jobcentret er syg; aftalt pr. telefon" in page
    # A department that is not in the plan: 404.
    other = url("reassessment_confirm_on_behalf", active_plan, item.pk, nordby.school.pk)
    assert client.post(other, {f"department-{nordby.school.pk}-reason": "x"}).status_code == 404


def test_no_one_in_the_team_works_for_the_department(client, caseworker, coordinator, active_plan):
    from families.services import consents
    from tests.factories import DepartmentFactory

    culture = DepartmentFactory(
        municipality=active_plan.family.municipality, name="Kultur og Fritid Nordby"
    )
    custody = [m for m in active_plan.family.members.all() if m.is_custody_holder]
    consents.record_consent(
        actor=caseworker,
        family=active_plan.family,
        given_by=custody,
        departments=[culture],
        given_on=TODAY(),
    )
    goals.add_step(
        actor=caseworker,
        goal=active_plan.goals.get(),
        what="Fodbold",
        due_on=TODAY(),
        owner_user=caseworker,
        owner_department=culture,
    )
    client.force_login(coordinator)
    client.post(url("reassess", active_plan))
    item = Reassessment.objects.get(plan=active_plan)
    page = client.get(url("reassessment", active_plan, item.pk)).content.decode()
    assert "Kultur og Fritid Nordby has not confirmed its part." in page
    assert "No one in the core team works for this department" in page


# --- Issue 11, item 8: closing is a decision, and closes the goals too -----------------------


def test_close_form_preselects_no_reason_and_closing_ends_the_goals(
    client, coordinator, active_plan, nordby
):
    ClosingCriterion.objects.filter(municipality=active_plan.family.municipality).update(
        is_required=False
    )
    add_goal(active_plan, coordinator, "Mette", family_wording="Få et job")
    client.force_login(coordinator)
    plan_page = client.get(url("plan", active_plan)).content.decode()
    assert f'class="button button-primary" href="{url("close", active_plan)}"' in plan_page
    form = client.get(url("close", active_plan)).content.decode()
    assert 'name="reason"' in form and 'type="radio"' in form
    assert "checked" not in form[form.index('name="reason"') - 400 : form.index("Note")]
    response = client.post(url("close", active_plan), {"aftercare_on": ""})
    assert response.status_code == 200 and ActionPlan.objects.get(pk=active_plan.pk).is_active
    aftercare = (TODAY() + dt.timedelta(days=90)).isoformat()
    response = client.post(
        url("close", active_plan), {"reason": "moved", "aftercare_on": aftercare}
    )
    assert response.status_code == 302
    statuses = set(Goal.objects.filter(plan=active_plan).values_list("status", "dropped_reason"))
    assert statuses == {(Goal.Status.DROPPED, "Closed with the plan: Moved away")}
    page = client.get(url("plan", active_plan)).content.decode()
    assert "In progress" not in page and "Not started" not in page


# --- Issue 11, item 9: every history entry names what changed, before → after ---------------


def test_plan_history_names_what_changed(client, caseworker, draft_plan, nordby):
    goal = add_goal(draft_plan, caseworker, department=nordby.children_family)
    from actionplans.services import plans

    plans.activate_plan(actor=caseworker, plan=draft_plan)
    goals.update_goal(actor=caseworker, goal=goal, status=Goal.Status.IN_PROGRESS)
    goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Vækkeur",
        due_on=TODAY(),
        owner_member=member(draft_plan.family, "Jonas"),
    )
    client.force_login(caseworker)
    page = client.get(url("history", draft_plan)).content.decode()
    assert "Status: Draft → Active" in page
    assert "Status: Not started → In progress" in page
    assert "Version: 1 → 2" in page and "Version: 2 → 3" in page
    # Each plan row says what changed; a save of bookkeeping only is not a row.
    rows = page.count("<tr><td>")
    changes = page.count('<ul class="history-changes">')
    assert rows == changes


def test_a_step_for_a_professional_needs_no_department_and_needs_a_date(
    client, caseworker, active_plan, nordby
):
    """Issue 11, item 2: the department is derived from the professional; the date is required
    and not labelled optional."""
    goal = active_plan.goals.get()
    client.force_login(caseworker)
    page = client.get(url("step_add", active_plan, goal.pk))
    form = page.context["form"]
    assert form["due_on"].field.required
    html = page.content.decode()
    due_label = html.split('for="id_due_on"', 1)[1].split("</label>", 1)[0]
    assert "optional" not in due_label
    response = client.post(
        url("step_add", active_plan, goal.pk), {"what": "Noget", "owner_user": caseworker.pk}
    )
    assert "Give the step a date: by when?" in response.content.decode()
    response = client.post(
        url("step_add", active_plan, goal.pk),
        {"what": "Noget", "due_on": TODAY().isoformat(), "owner_user": caseworker.pk},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert goal.steps.get().owner_department == nordby.children_family
