"""The family's SSP concern level page: the level at inclusion, each target child's later levels
and their history, and the core team's entry of a later level (all or nothing). Behind the consent
gate like measurements; every read is written to the access log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthedRequest
from config.feedback import add_form_errors
from evaluation import services, ssp_selectors
from evaluation.ssp_forms import SspLevelForm
from families.access import get_family_access, log_persons_shown, require


def family_ssp(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("SSP concern levels")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_ssp_levels, what=what)
    if request.method == "POST":
        require(request, access, access.can_record_ssp_levels, what=what)
    page = ssp_selectors.family_ssp_levels(access)
    form = SspLevelForm(
        request.POST or None,
        children=page.members,
        scale=page.scale,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_ssp_levels(
                actor=request.user,
                family=access.family,
                assessed_on=form.cleaned_data["assessed_on"],
                levels=form.levels(),
                allowed_levels={level for level, _label in page.scale},
                included_on=page.included_on,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The SSP levels are saved."))
            return redirect(reverse("measurements:ssp", args=[access.family.pk]))
    log_persons_shown(
        request,
        what=what,
        families=[] if page.members else [access.family],
        members=page.members,
    )
    return render(
        request,
        "evaluation/measurements/ssp.html",
        {"access": access, "family": access.family, "page": page, "form": form},
    )
