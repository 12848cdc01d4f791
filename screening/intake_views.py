"""Intake pages: registering a referral (any number of new persons) and the visitation decision
with its meeting registered in place (issue 11, items 3 and 4).

Both work without JavaScript; htmx only saves a page load ("Add a person" fetches one blank
person, registering the meeting swaps the meeting section and the decision form's meeting field
in place). Access as everywhere: team pages need a core-team membership
(families.access.require_team_member); referral pages load the family's access and check
`can_work_on_referrals`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthedRequest
from config.dates import date_text
from config.feedback import add_form_errors
from families.access import (
    FamilyAccess,
    get_family_access,
    get_family_access_of,
    record_view,
    require,
    require_team_member,
)
from screening import selectors
from screening.forms import (
    CONFIRM_DUPLICATES,
    PERSON_PREFIX,
    DecisionForm,
    MeetingForm,
    PersonFormSet,
    ReferralForm,
    duplicate_key,
    with_one_more_person,
    without_errors,
)
from screening.models import Referral, VisitationMeeting
from screening.services import referrals
from screening.services import visitation as visitation_services

# The "Add a person" button's name: the form comes back with one more blank person.
ADD_PERSON = "add_person"

# --- Registering a referral -------------------------------------------------------------------


def _referral_form_page(
    request: AuthedRequest, team_ids: list[int], access: FamilyAccess | None = None
) -> HttpResponse:
    """A new referral: about new persons (a new family), or about a family of the team."""
    family = access.family if access is not None else None
    municipality_id = request.user.municipality_id
    if municipality_id is None:  # team members always have one (accounts.User's constraint)
        raise PermissionDenied
    data: QueryDict | None = request.POST if request.method == "POST" else None
    adding = data is not None and ADD_PERSON in data
    if data is not None and adding:
        data = with_one_more_person(data)
    form = ReferralForm(
        data,
        teams=selectors.referral_teams(team_ids, family=family),
        ssp_levels=selectors.ssp_levels(municipality_id),
        family=family,
    )
    persons = PersonFormSet(data, prefix=PERSON_PREFIX)
    duplicates: list[selectors.Duplicate] = []
    if adding:
        without_errors(form, persons)
    elif data is not None and form.is_valid() and persons.is_valid():
        new_persons = persons.new_persons()
        duplicates = selectors.possible_duplicates(
            municipality_id, new_persons, exclude_family_id=family.pk if family else None
        )
        if duplicates and not form.confirms(duplicates):
            form.add_error(
                None,
                _(
                    "Possible duplicates found: check them, then tick that these are other "
                    "persons or open the existing family."
                ),
            )
        else:
            try:
                referral = referrals.register_referral(
                    actor=request.user, family=family, new_persons=new_persons, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The referral was registered."))
                return redirect(referral)
    if access is not None:
        record_view(request, access, what=_("New referral"))
    return render(
        request,
        "screening/referral_form.html",
        {
            "form": form,
            "persons": persons,
            "error_forms": [form, persons],
            "duplicates": duplicates,
            "duplicate_key": duplicate_key(duplicates) if duplicates else "",
            "duplicates_confirmed": form.confirms(duplicates),
            "confirm_name": CONFIRM_DUPLICATES,
            "add_person": ADD_PERSON,
            "family": family,
            "access": access,
        },
    )


def referral_create(request: AuthedRequest) -> HttpResponse:
    team_ids = require_team_member(request, what=_("New referral"))
    return _referral_form_page(request, team_ids)


def family_referral_create(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("New referral")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_work_on_referrals, what=what)
    return _referral_form_page(request, [access.family.team_id], access)


@require_GET
def referral_person(request: AuthedRequest) -> HttpResponse:
    """One blank person for the referral form ("Add a person" with htmx): the next form of the
    person formset, and its count updated out of band. Shows no data."""
    require_team_member(request, what=_("New referral"))
    try:
        index = int(request.GET.get(f"{PERSON_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    persons = PersonFormSet(prefix=PERSON_PREFIX)
    if not 0 <= index < persons.max_num:
        return HttpResponse(status=400)
    # The form the formset would build at `index` (an extra form: may be left blank).
    person = persons.form(
        prefix=persons.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        **persons.get_form_kwargs(index),
    )
    return render(
        request,
        "screening/referral_form.html#person",
        {
            "person": person,
            "number": index + 1,
            "total_forms": index + 1,
            "oob": True,
        },
    )


# --- The visitation decision --------------------------------------------------------------


def _decision_context(
    referral: Referral, form: DecisionForm, meeting_form: MeetingForm, **extra: object
) -> dict[str, object]:
    return {
        "referral": referral,
        "family": referral.family,
        "form": form,
        "meeting_form": meeting_form,
        "error_forms": [form, meeting_form],
        "last_meeting_before": (
            selectors.last_meeting_before(referral) if not form.meetings else None
        ),
        "has_meeting_today": any(
            meeting.held_on == timezone.localdate() for meeting in form.meetings
        ),
        **extra,
    }


def _meeting_form(referral: Referral, data: object = None) -> MeetingForm:
    return MeetingForm(
        data,
        teams=[referral.team],
        members=selectors.team_members([referral.team_id]),
        earliest=referral.received_on,
        prefix="meeting",
    )


def _decision_form(
    referral: Referral, data: object = None, chosen: str | None = None
) -> DecisionForm:
    return DecisionForm(
        data,
        meetings=selectors.meetings_for(referral),
        reasons=selectors.rejection_reasons(referral.family.municipality_id),
        chosen=chosen,
    )


def referral_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Visitation decision")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_work_on_referrals, what=what)
    referral = selectors.get_referral(access, pk)
    form = _decision_form(referral, request.POST or None, chosen=request.GET.get("meeting"))
    if request.method == "POST" and form.is_valid():
        try:
            visitation_services.decide_referral(
                actor=request.user, referral=referral, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(referral)
    record_view(request, access, what=what)
    return render(
        request,
        "screening/decision_form.html",
        {
            **_decision_context(referral, form, _meeting_form(referral)),
            "access": access,
            "result": selectors.screening_result(referral),
        },
    )


@require_POST
def referral_meeting(request: AuthedRequest, pk: int) -> HttpResponse:
    """Register the visitation meeting from a referral's decision page. With htmx the meeting
    section and the decision form's meeting field are swapped in place (the new meeting
    chosen); without, the decision page comes back with it chosen (or with the errors)."""
    what = _("Visitation meeting")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_work_on_referrals, what=what)
    referral = selectors.get_referral(access, pk)
    meeting_form = _meeting_form(referral, request.POST)
    meeting: VisitationMeeting | None = None
    if meeting_form.is_valid():
        try:
            meeting = visitation_services.record_meeting(
                actor=request.user, **meeting_form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(meeting_form, error)
    decide_url = reverse("screening:referral_decide", args=[referral.pk])
    if meeting is not None and not request.htmx:
        messages.success(
            request,
            _("The meeting of %(date)s was registered and chosen for the decision.")
            % {"date": date_text(meeting.held_on)},
        )
        return redirect(f"{decide_url}?meeting={meeting.pk}")
    form = _decision_form(referral, chosen=str(meeting.pk) if meeting else None)
    if meeting is not None:
        meeting_form = _meeting_form(referral)
    record_view(request, access, what=_("Visitation decision"))
    context = {
        **_decision_context(referral, form, meeting_form, registered=meeting),
        "access": access,
    }
    if request.htmx:
        return render(request, "screening/decision_form.html#meeting_section", context)
    return render(
        request,
        "screening/decision_form.html",
        {**context, "result": selectors.screening_result(referral)},
    )
