"""Measurement pages of a family: the waves, one entry screen per member and instrument, and a
member's progression. Behind the consent gate; every read is written to the access log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.http import AuthedRequest
from config.concurrency import carry_token, posted_token
from config.feedback import add_form_errors
from evaluation import measurement_selectors as selectors
from evaluation.instruments import INSTRUMENT_CODES, spec_for
from evaluation.measurement_charts import line_chart
from evaluation.measurement_forms import MeasurementForm, initial_for
from evaluation.measurement_services import MAX_WAVE, measurement_token, record_measurement
from evaluation.models.measurements import wave_label
from evaluation.ssp_selectors import family_ssp_levels
from families.access import (
    FamilyAccess,
    get_family_access,
    log_persons_shown,
    record_view,
    require,
)
from families.models import Member


def _log_reads(
    request: AuthedRequest, access: FamilyAccess, *, what: str, members: list[Member]
) -> None:
    """One access-log row per person shown, in one insert (DESIGN.md, "Access")."""
    for member in members:
        member.family = access.family  # all of this family: no query per row
    # The family itself is logged only when the page shows none of its persons.
    families = [] if members else [access.family]
    log_persons_shown(request, what=what, families=families, members=members)


def family_measurements(request: AuthedRequest, pk: int) -> HttpResponse:
    what = _("Measurements")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_measurements, what=what)
    page = selectors.family_measurements(access)
    # The SSP level at inclusion and each child's latest (the partnership target's measure).
    ssp = (
        family_ssp_levels(access, with_history=False, measurements=page)
        if access.can_view_ssp_levels
        else None
    )
    _log_reads(request, access, what=what, members=[person.member for person in page.persons])
    return render(
        request,
        "evaluation/measurements/family.html",
        {"access": access, "family": access.family, "page": page, "ssp": ssp},
    )


def member_progression(request: AuthedRequest, pk: int, member_id: int) -> HttpResponse:
    what = _("Measurement progression")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_view_measurements, what=what)
    member, _audience = selectors.measured_member(access, member_id)
    series = selectors.member_progression(member)
    record_view(request, access, what=what, member=member)
    return render(
        request,
        "evaluation/measurements/member.html",
        {
            "access": access,
            "family": access.family,
            "member": member,
            "charts": [(one, line_chart(one)) for one in series],
        },
    )


def measurement_entry(
    request: AuthedRequest, pk: int, member_id: int, wave: int, instrument: str
) -> HttpResponse:
    what = _("Enter a measurement")
    access = get_family_access(request, pk, what=what)
    require(request, access, access.can_record_measurements, what=what)
    member, audience = selectors.measured_member(access, member_id)
    if instrument not in INSTRUMENT_CODES or wave > MAX_WAVE:
        raise Http404
    try:
        spec = spec_for(instrument, audience)
    except KeyError:
        raise Http404 from None
    measurement = selectors.get_measurement(member, wave, instrument)
    form = MeasurementForm(
        request.POST or None,
        spec=spec,
        age=member.age(),
        wording=selectors.wording(access.family.municipality_id, spec, get_language() or "da"),
        initial=initial_for(measurement, selectors.prefill(member, spec)),
    )
    carry_token(form, measurement_token(measurement))
    if request.method == "POST" and form.is_valid():
        try:
            record_measurement(
                actor=request.user,
                member=member,
                wave=wave,
                instrument=instrument,
                expected_token=posted_token(form),
                **form.measurement_kwargs(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The measurement was saved."))
            return redirect(reverse("measurements:family", args=[access.family.pk]))
    record_view(request, access, what=what, member=member)
    return render(
        request,
        "evaluation/measurements/entry.html",
        {
            "access": access,
            "family": access.family,
            "member": member,
            "spec": spec,
            "wave_label": wave_label(wave),
            "form": form,
            "measurement": measurement,
        },
    )
