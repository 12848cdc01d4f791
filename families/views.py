"""Family pages. Each view loads through families/access.py, calls one service and redirects."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import team_history
from accounts.http import AuthedRequest
from accounts.selectors import navigation_for
from config.concurrency import carry_token, posted_token
from config.csv import csv_response
from config.feedback import add_form_errors, show_errors
from config.forms import offer_loaded
from config.reauth import require_recent_auth
from config.uploads import document_response
from families import history, selectors
from families.access import (
    get_family_access,
    included_family_team_ids,
    lead_team_ids,
    log_access,
    log_persons_shown,
    record_view,
    refuse,
    require,
    require_team_member,
)
from families.forms import (
    ConsentForm,
    ContactForm,
    CoordinatorForm,
    FamilyFilterForm,
    FamilyForm,
    GrantForm,
    HandoverForm,
    IncludedFamilyForm,
    JournalNoteForm,
    MemberForm,
    ReopenForm,
    StatusForm,
    WithdrawConsentForm,
)
from families.models import AccessLogEntry, Family
from families.overview_blocks import OverviewPage, overview_blocks_for
from families.services import (
    cases,
    consents,
    contacts,
    coordination,
    handovers,
    journal,
    members,
    outside_access,
    tasks,
)

PAGE_SIZE = 25


# --- Lists ---------------------------------------------------------------------------------


# A search travels by POST and is kept in the session under a short token, so the address (and
# with it the access log, the server's log and the browser's history) never holds a CPR number.
SEARCH_SESSION_KEY = "kt_family_searches"
SEARCHES_KEPT = 10


def _remember_search(request: AuthedRequest, data: dict[str, str]) -> str:
    token = secrets.token_urlsafe(9)
    searches = dict(request.session.get(SEARCH_SESSION_KEY, {}))
    searches[token] = data
    request.session[SEARCH_SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def _remembered_search(request: AuthedRequest) -> dict[str, str] | None:
    token = request.GET.get("search", "")
    searches = request.session.get(SEARCH_SESSION_KEY, {})
    data = searches.get(token) if token else None
    return data if isinstance(data, dict) else None


def _family_list(
    request: AuthedRequest, families: QuerySet[Family], *, title: str, scope: str
) -> HttpResponse:
    navigation = navigation_for(request.user)
    if navigation.is_aggregate_viewer and not navigation.is_team_member:
        return redirect("evaluation:overview")
    if navigation.is_municipality_admin and not navigation.is_team_member and scope == "mine":
        return redirect("municipality_admin:index")
    coordinators = selectors.team_coordinators(request.user)
    if request.method == "POST":
        form = FamilyFilterForm(request.POST, coordinators=coordinators)
        if form.is_valid():
            data = {name: request.POST.get(name, "") for name in form.fields}
            return redirect(f"{request.path}?search={_remember_search(request, data)}")
    else:
        form = FamilyFilterForm(_remembered_search(request), coordinators=coordinators)
    if form.is_valid():
        families = selectors.search_families(
            families,
            query=form.cleaned_data["q"],
            status=form.cleaned_data["status"],
            coordinator=form.cleaned_data["coordinator"],
        )
    page = Paginator(families, PAGE_SIZE).get_page(request.GET.get("page"))
    log_persons_shown(request, what=title, families=page.object_list)
    return render(
        request,
        "families/family_list.html",
        {"page": page, "form": form, "title": title, "scope": scope},
    )


def family_list_mine(request: AuthedRequest) -> HttpResponse:
    return _family_list(
        request, selectors.my_families(request.user), title=_("My families"), scope="mine"
    )


def family_list_team(request: AuthedRequest) -> HttpResponse:
    return _family_list(
        request, selectors.team_families(request.user), title=_("Team families"), scope="team"
    )


# --- The family ----------------------------------------------------------------------------


def family_create(request: AuthedRequest) -> HttpResponse:
    """The old "new family" address: a family comes in by a referral, the one way in (issue 11,
    item 5); the referral form opens the family's record. Like that form: team members only."""
    require_team_member(request, what=_("New referral"))
    return redirect("screening:referral_create")


def family_register_included(request: AuthedRequest) -> HttpResponse:
    """Register a family the team already works with as included (backfill): team leads only."""
    what = _("Register an already included family")
    teams = selectors.teams_of(request.user).filter(pk__in=included_family_team_ids(request.user))
    if not teams:
        refuse(request, what=what)
    form = IncludedFamilyForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            family = cases.register_included_family(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Family %(ref)s registered as already included. Add its members.")
                % {"ref": family.reference},
            )
            return redirect("families:member_create", pk=family.pk)
    return render(request, "families/family_included_form.html", {"form": form})


def family_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Family overview"))
    overview = selectors.family_overview(access)
    record_view(request, access, what=_("Family overview"))
    # The contact form and the blocks offer the members read above, not a second read each.
    contact_form = ContactForm(family=access.family)
    offer_loaded(contact_form, "members", overview.members)
    blocks = overview_blocks_for(OverviewPage(access=access, members=overview.members))
    return render(
        request,
        "families/family_detail.html",
        {
            "access": access,
            "family": access.family,
            "overview": overview,
            "blocks": blocks,
            "contact_form": contact_form,
            "status_form": StatusForm(family=access.family),
            "reopen_form": ReopenForm(),
        },
    )


def family_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Edit family"))
    require(request, access, access.can_edit_family, what=_("Edit family"))
    form = FamilyForm(request.POST or None, instance=access.family)
    carry_token(form, cases.family_token(access.family))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            cases.update_family(
                actor=request.user, family=access.family, expected_token=token, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The family was updated."))
            return redirect(access.family)
    record_view(request, access, what=_("Edit family"))
    return render(
        request,
        "families/family_form.html",
        {"form": form, "family": access.family, "access": access},
    )


@require_POST
def family_status(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Change status"))
    require(request, access, access.can_manage_family, what=_("Change status"))
    form = StatusForm(request.POST, family=access.family)
    if form.is_valid():
        try:
            cases.change_family_status(
                actor=request.user, family=access.family, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a status the family can move to."))
    return redirect(access.family)


@require_POST
def family_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Reopen family"))
    require(request, access, access.can_manage_family, what=_("Reopen family"))
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            cases.reopen_family(
                actor=request.user, family=access.family, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The family was reopened and is back in screening."))
    else:
        messages.error(request, _("Give a reason for reopening the family."))
    return redirect(access.family)


@require_POST
def task_complete(request: AuthedRequest, pk: int, task_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Complete task"))
    require(request, access, access.can_edit_family, what=_("Complete task"))
    task = selectors.get_open_task(access, task_pk)
    tasks.complete_task(actor=request.user, task=task)
    messages.success(request, _("“%(task)s” is done.") % {"task": task.title})
    return redirect(access.family)


# --- Members -------------------------------------------------------------------------------


def member_create(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Add family member"))
    require(request, access, access.can_edit_family, what=_("Add family member"))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = members.add_member(
                actor=request.user, family=access.family, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if form.cpr_warning:
                messages.warning(request, form.cpr_warning)
            messages.success(request, _("%(name)s was added to the family.") % {"name": member})
            if "add_another" in request.POST:
                return redirect("families:member_create", pk=pk)
            return redirect(access.family)
    return render(
        request,
        "families/member_form.html",
        {"form": form, "family": access.family, "access": access, "member": None},
    )


def member_detail(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Family member"))
    member = selectors.get_member(access, member_pk)
    record_view(request, access, what=_("Family member"), member=member)
    return render(
        request,
        "families/member_detail.html",
        {"access": access, "family": access.family, "member": member},
    )


def member_edit(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Edit family member"))
    require(request, access, access.can_edit_family, what=_("Edit family member"))
    member = selectors.get_member(access, member_pk)
    form = MemberForm(request.POST or None, instance=member)
    carry_token(form, members.member_token(member))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            members.update_member(
                actor=request.user, member=member, expected_token=token, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if form.cpr_warning:
                messages.warning(request, form.cpr_warning)
            messages.success(request, _("%(name)s was updated.") % {"name": member})
            return redirect("families:member_detail", pk=pk, member_pk=member.pk)
    record_view(request, access, what=_("Edit family member"), member=member)
    return render(
        request,
        "families/member_form.html",
        {"form": form, "family": access.family, "access": access, "member": member},
    )


@require_recent_auth
def member_access_log_export(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    """The data subject's copy of the log of reads of their data (GDPR art. 15)."""
    access = get_family_access(request, pk, what=_("Access log export"))
    require(request, access, access.can_view_access_log, what=_("Access log export"))
    member = selectors.get_member(access, member_pk)
    rows = selectors.person_access_log(member)
    response, writer = csv_response(f"adgangslog-{access.family.reference}-{member.pk}.csv")
    writer.writerow([_("When"), _("What was viewed"), _("By"), _("Concerning")])
    for entry in rows:
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
                entry.what,
                entry.user,
                member.full_name if entry.member_id else _("The whole family"),
            ]
        )
    log_access(
        user=request.user,
        family=access.family,
        member=member,
        what=_("Access log export"),
        path=request.path,
        outcome=AccessLogEntry.Outcome.EXPORTED,
    )
    return response


# --- Consent and handover ------------------------------------------------------------------


def consent_create(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Record consent"))
    require(request, access, access.can_record_consent, what=_("Record consent"))
    form = ConsentForm(request.POST or None, request.FILES or None, family=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            consents.record_consent(actor=request.user, family=access.family, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect(access.family)
    record_view(request, access, what=_("Record consent"))
    return render(
        request,
        "families/consent_form.html",
        {"form": form, "family": access.family, "access": access},
    )


@require_POST
def consent_withdraw(request: AuthedRequest, pk: int, consent_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Withdraw consent"))
    require(request, access, access.can_record_consent, what=_("Withdraw consent"))
    consent = selectors.get_consent(access, consent_pk)
    form = WithdrawConsentForm(request.POST)
    form.is_valid()
    try:
        consents.withdraw_consent(
            actor=request.user, consent=consent, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The consent was withdrawn. It no longer covers anything."))
    return redirect(access.family)


def consent_document(request: AuthedRequest, pk: int, consent_pk: int) -> FileResponse:
    access = get_family_access(request, pk, what=_("Consent document"))
    require(request, access, access.can_view_consent_document, what=_("Consent document"))
    consent = selectors.get_consent(access, consent_pk)
    if not consent.document:
        raise Http404
    record_view(request, access, what=_("Consent document"))
    return document_response(
        consent.document, download_name=f"samtykke-{access.family.reference}-{consent.pk}"
    )


def handover_create(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Record handover"))
    require(
        request,
        access,
        access.can_view_case_content and access.can_edit_family,
        what=_("Record handover"),
    )
    form = HandoverForm(request.POST or None, family=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            handovers.record_handover(actor=request.user, family=access.family, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The handover was recorded."))
            return redirect(access.family)
    record_view(request, access, what=_("Record handover"))
    return render(
        request,
        "families/handover_form.html",
        {"form": form, "family": access.family, "access": access},
    )


# --- Journal and contacts ------------------------------------------------------------------


def note_list(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Journal"))
    require(request, access, access.can_view_case_content, what=_("Journal"))
    form = JournalNoteForm(request.POST or None, family=access.family)
    if request.method == "POST":
        require(request, access, access.can_write_notes, what=_("Write journal note"))
        if form.is_valid():
            try:
                journal.write_journal_note(
                    actor=request.user,
                    family=access.family,
                    department_id=access.department_id,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The note was saved."))
                return redirect("families:notes", pk=pk)
    page = Paginator(selectors.visible_notes(access), PAGE_SIZE).get_page(request.GET.get("page"))
    record_view(request, access, what=_("Journal"))
    return render(
        request,
        "families/note_list.html",
        {"access": access, "family": access.family, "page": page, "form": form},
    )


def note_edit(request: AuthedRequest, pk: int, note_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Edit journal note"))
    note = selectors.get_note(access, note_pk)
    require(
        request,
        access,
        access.can_change_department_content(note.department_id),
        what=_("Edit journal note"),
    )
    form = JournalNoteForm(request.POST or None, instance=note, family=access.family)
    carry_token(form, journal.note_token(note))
    if request.method == "POST" and form.is_valid():
        token = posted_token(form)
        try:
            journal.update_journal_note(
                actor=request.user, note=note, expected_token=token, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The note was updated."))
            return redirect("families:notes", pk=pk)
    record_view(request, access, what=_("Edit journal note"))
    return render(
        request,
        "families/note_form.html",
        {"form": form, "family": access.family, "access": access, "note": note},
    )


def contact_list(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Contact log"))
    page = Paginator(selectors.family_contacts(access), PAGE_SIZE).get_page(request.GET.get("page"))
    record_view(request, access, what=_("Contact log"))
    return render(
        request,
        "families/contact_list.html",
        {"access": access, "family": access.family, "page": page},
    )


@require_POST
def contact_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Log a contact; from the family page this is an htmx request that swaps the log in place."""
    access = get_family_access(request, pk, what=_("Log contact"))
    require(request, access, access.can_log_contact, what=_("Log contact"))
    form = ContactForm(request.POST, family=access.family)
    saved = False
    if form.is_valid():
        try:
            contacts.log_contact(
                actor=request.user,
                family=access.family,
                department_id=access.department_id,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            saved = True
            form = ContactForm(family=access.family)
    if not request.htmx:
        if saved:
            messages.success(request, _("The contact was logged."))
        else:
            for field_errors in form.errors.values():
                messages.error(request, str(field_errors[0]))
        return redirect(access.family)
    latest = list(selectors.family_contacts(access)[: selectors.OVERVIEW_CONTACTS])
    record_view(request, access, what=_("Contact log"))
    return render(
        request,
        "families/family_detail.html#contact_log",
        {
            "access": access,
            "family": access.family,
            "contact_form": form,
            "overview": {"contacts": latest},
            "contact_saved": saved,
        },
    )


# --- Coordinators and outside access -------------------------------------------------------


def coordinators(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Family coordinators"))
    require(request, access, access.can_manage_family, what=_("Family coordinators"))
    form = CoordinatorForm(request.POST or None, family=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            coordination.assign_coordinator(
                actor=request.user, family=access.family, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The family coordinator was assigned."))
            return redirect("families:coordinators", pk=pk)
    record_view(request, access, what=_("Family coordinators"))
    return render(
        request,
        "families/coordinators.html",
        {
            "family": access.family,
            "access": access,
            "form": form,
            "coordinators": selectors.family_coordinators(access.family),
        },
    )


@require_POST
def coordinator_remove(request: AuthedRequest, pk: int, coordinator_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Remove family coordinator"))
    require(request, access, access.can_manage_family, what=_("Remove family coordinator"))
    coordinator = selectors.get_coordinator(access, coordinator_pk)
    coordination.remove_coordinator(actor=request.user, coordinator=coordinator)
    messages.success(
        request, _("%(name)s is no longer a family coordinator.") % {"name": coordinator.user}
    )
    return redirect("families:coordinators", pk=pk)


@require_recent_auth
def grants(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Outside access"))
    require(request, access, access.can_manage_family, what=_("Outside access"))
    form = GrantForm(request.POST or None, family=access.family)
    if request.method == "POST" and form.is_valid():
        try:
            outside_access.grant_outside_access(
                actor=request.user, family=access.family, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was invited to the family.") % {"name": form.cleaned_data["user"]},
            )
            return redirect("families:grants", pk=pk)
    record_view(request, access, what=_("Outside access"))
    return render(
        request,
        "families/grants.html",
        {
            "family": access.family,
            "access": access,
            "form": form,
            "grants": list(selectors.family_grants(access)),
        },
    )


@require_POST
def grant_revoke(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Revoke outside access"))
    require(request, access, access.can_manage_family, what=_("Revoke outside access"))
    grant = selectors.get_grant(access, grant_pk)
    outside_access.revoke_outside_access(actor=request.user, grant=grant)
    messages.success(request, _("The access of %(name)s was revoked.") % {"name": grant.user})
    return redirect("families:grants", pk=pk)


# --- History and access log ----------------------------------------------------------------


def family_history(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("History"))
    require(request, access, access.can_view_history, what=_("History"))
    # Newer/older by keyset: only the page's rows are read and built (issue 12).
    page = history.family_history(
        access, older=request.GET.get("older", ""), newer=request.GET.get("newer", "")
    )
    record_view(request, access, what=_("History"))
    return render(
        request,
        "families/family_history.html",
        {"family": access.family, "access": access, "page": page},
    )


def family_access_log(request: AuthedRequest, pk: int) -> HttpResponse:
    access = get_family_access(request, pk, what=_("Access log"))
    require(request, access, access.can_view_access_log, what=_("Access log"))
    record_view(request, access, what=_("Access log"))
    page = Paginator(selectors.family_access_log(access), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "families/access_log.html",
        {
            "family": access.family,
            "access": access,
            "page": page,
            "members": selectors.family_members(access.family),
        },
    )


def team_access_log(request: AuthedRequest) -> HttpResponse:
    if not lead_team_ids(request.user):
        refuse(request, what=_("Team access log"))
    team_ids = lead_team_ids(request.user)
    # Newer/older by keyset: the log is never counted (it grows with every read; issue 12).
    page = selectors.keyset_page(
        selectors.team_access_log(request.user),
        older=request.GET.get("older", ""),
        newer=request.GET.get("newer", ""),
    )
    entries = page.entries
    log_persons_shown(
        request,
        what=_("Team access log"),
        families=[entry.family for entry in entries if entry.family is not None],
        members=[entry.member for entry in entries if entry.member is not None],
    )
    return render(
        request,
        "families/access_log.html",
        {
            "family": None,
            "page": entries,
            "keyset": page,
            "membership_changes": team_history.membership_changes(team_ids),
        },
    )
