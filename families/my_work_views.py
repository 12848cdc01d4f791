""" "My work" (the landing page after log-in) and starting or meeting a family's deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthedRequest
from accounts.selectors import navigation_for
from config.feedback import show_errors
from config.forms import offer_loaded
from families import deadlines, my_work
from families.access import FamilyAccess, get_family_access, log_persons_shown, require
from families.models import Member
from families.overview_blocks import OverviewPage


class DeadlineStartForm(forms.Form):
    """What happened, when, and to whom (for deadlines that run per person)."""

    trigger = forms.ChoiceField(label=gettext_lazy("What happened"))
    member = forms.ModelChoiceField(
        label=gettext_lazy("Who it concerns"),
        queryset=Member.objects.none(),
        required=False,
        help_text=gettext_lazy("Required for a young person brought before a judge."),
    )
    on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    at = forms.TimeField(
        label=gettext_lazy("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=gettext_lazy("For deadlines counted in hours; leave empty for now."),
    )

    def __init__(self, *args: Any, access: FamilyAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trigger_field = self.fields["trigger"]
        assert isinstance(trigger_field, forms.ChoiceField)
        trigger_field.choices = deadlines.trigger_choices()
        member_field = self.fields["member"]
        assert isinstance(member_field, forms.ModelChoiceField)
        member_field.queryset = Member.objects.filter(family=access.family)
        self.fields["on"].initial = timezone.localdate()

    def started_at(self) -> dt.datetime:
        on: dt.date = self.cleaned_data["on"]
        at: dt.time | None = self.cleaned_data.get("at")
        if at is None:
            now = timezone.localtime()
            at = now.time() if on == now.date() else dt.time(12, 0)
        return timezone.make_aware(dt.datetime.combine(on, at))


def deadline_block(page: OverviewPage) -> dict[str, Any] | None:
    """The family overview's deadline block (families.overview_blocks): the team's. Its start
    form offers the members the overview has already read."""
    access = page.access
    if not access.is_team_member:
        return None
    form = None
    if access.can_edit_family:
        form = DeadlineStartForm(access=access)
        offer_loaded(form, "member", page.members)
    return {"rows": deadlines.family_deadlines(access), "form": form}


def index(request: AuthedRequest) -> HttpResponse:
    if not navigation_for(request.user).is_team_member and not my_work.has_work_page(request.user):
        # Nothing of theirs can appear here (e.g. a steering group member): their old start.
        return redirect("families:mine")
    work = my_work.my_work(request.user)
    log_persons_shown(request, what=_("My work"), families=work.families, members=work.members)
    return render(
        request,
        "families/my_work.html",
        {"work": work, "sources": [s.key for s in my_work.sources()]},
    )


@require_POST
def mark_read(request: AuthedRequest) -> HttpResponse:
    """Mark one notification read (`id`) or all of them (no id)."""
    source = my_work.source(request.POST.get("source", ""))
    if source is None or source.mark_read is None:
        messages.error(request, _("Nothing to mark read."))
        return redirect("my_work:index")
    raw_id = request.POST.get("id", "")
    item_id = int(raw_id) if raw_id.isdigit() else None
    count = source.mark_read(request.user, item_id)
    if count:
        messages.success(request, _("Marked read."))
    return redirect(reverse("my_work:index") + "#notifications")


@require_POST
def deadline_start(request: AuthedRequest, family_id: int) -> HttpResponse:
    what = _("Start a deadline")
    access = get_family_access(request, family_id, what=what)
    require(request, access, access.can_edit_family, what=what)
    form = DeadlineStartForm(request.POST, access=access)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    else:
        try:
            started = deadlines.start_deadlines(
                actor=request.user,
                family=access.family,
                trigger=form.cleaned_data["trigger"],
                started_at=form.started_at(),
                member=form.cleaned_data["member"],
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("Deadlines started: %(kinds)s.")
                % {"kinds": ", ".join(str(d.get_kind_display()) for d in started)},
            )
    return redirect(reverse("families:detail", args=[access.family.pk]) + "#deadlines")


@require_POST
def deadline_met(request: AuthedRequest, family_id: int, deadline_id: int) -> HttpResponse:
    what = _("Mark a deadline met")
    access = get_family_access(request, family_id, what=what)
    require(request, access, access.can_edit_family, what=what)
    try:
        deadline = deadlines.mark_met(actor=request.user, access=access, deadline_id=deadline_id)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(
            request, _("Marked met: %(kind)s.") % {"kind": deadline.get_kind_display()}
        )
    return redirect(reverse("families:detail", args=[access.family.pk]) + "#deadlines")
