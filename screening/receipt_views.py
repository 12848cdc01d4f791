"""The receipt of a notification of concern, recorded from the referral page
(screening/services/receipts.py): it meets the family's receipt deadline."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthedRequest
from config.feedback import show_errors
from families.access import get_family_access_of, require
from screening import selectors
from screening.forms import ReceiptForm
from screening.services import receipts

__all__ = ["ReceiptForm", "referral_receipt"]


@require_POST
def referral_receipt(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record that the receipt of a notification of concern was sent (meets its deadline)."""
    what = _("Receipt sent")
    access = get_family_access_of(request, selectors.referral_family_id(pk), what=what)
    require(request, access, access.can_work_on_referrals, what=what)
    referral = selectors.get_referral(access, pk)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        try:
            receipts.record_receipt_sent(
                actor=request.user, referral=referral, sent_on=form.cleaned_data["sent_on"]
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The receipt was recorded as sent; its deadline is met."))
    else:
        messages.error(request, _("Give the day the receipt was sent."))
    return redirect(referral)
