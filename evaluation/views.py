from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from evaluation.selectors import SUPPRESS_AT_OR_BELOW, families_by_status
from families.access import aggregate_municipality_ids, refuse
from families.models import Family


def overview(request: HttpRequest) -> HttpResponse:
    """Families per status for the steering group (own municipality) or the evaluator (all)."""
    try:
        municipality_ids = aggregate_municipality_ids(request.user)
    except PermissionDenied:
        refuse(request, what=_("Aggregate overview"))
    return render(
        request,
        "evaluation/overview.html",
        {
            "rows": families_by_status(municipality_ids),
            "statuses": Family.Status.labels,
            "suppress_at": SUPPRESS_AT_OR_BELOW,
        },
    )
