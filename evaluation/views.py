from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from evaluation import selectors
from families.access import aggregate_municipality_ids, refuse


def overview(request: HttpRequest) -> HttpResponse:
    """Counts for the steering group (own municipality) or the evaluator (all); never a person."""
    try:
        municipality_ids = aggregate_municipality_ids(request.user)
    except PermissionDenied:
        refuse(request, what=_("Aggregate overview"))
    tables = [
        (_("Families in each stage"), selectors.families_by_status(municipality_ids)),
        (_("Referrals by status"), selectors.referrals_by_status(municipality_ids)),
        (_("Referrals by source"), selectors.referrals_by_source(municipality_ids)),
    ]
    return render(
        request,
        "evaluation/overview.html",
        {"tables": tables, "suppress_at": selectors.SUPPRESS_AT_OR_BELOW},
    )
