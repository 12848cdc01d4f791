"""Refused look-ups inside a family's address are logged like every other refusal.

A view that loaded a family's access (families.access.get_family_access) and then finds no
object for an id in its URL — e.g. a member of another municipality addressed through one's own
family — answers 404. That 404 is written to the access log as a refusal, with the address that
was tried, unless the access code already logged one for this request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from config import request_context
from families.access import log_access
from families.models import AccessLogEntry, Family
from families.pdf import PdfRenderError


class RefusedLookupMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        context = request_context.current()
        if (
            not isinstance(exception, Http404)
            or context is None
            or context.family_id is None
            or context.refusal_logged
            or not request.user.is_authenticated
        ):
            return
        context.refusal_logged = True
        match = request.resolver_match
        what = _("Look-up refused")
        if match is not None and match.view_name:
            what = f"{what}: {match.view_name}"
        log_access(
            user=request.user,  # narrowed to a User by `is_authenticated` above
            family=Family.objects.filter(pk=context.family_id).first(),
            what=what,
            path=request.get_full_path(),
            outcome=AccessLogEntry.Outcome.NOT_FOUND,
        )


class PdfFailedMiddleware:
    """A PDF that could not be made (families.pdf.PdfRenderError): a clear message, not a 500.

    The person goes back to the page they printed from (when it is this site's) with the message;
    otherwise a page says it. The views render before they save, so nothing was saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PdfRenderError):
            return None
        message = _(
            "The PDF could not be made. Nothing was saved. Try again in a moment; if it keeps "
            "failing, tell your IT support."
        )
        back = request.headers.get("referer", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, message)
            return redirect(back)
        return render(request, "pdf_failed.html", {"message": message}, status=503)
