"""What the audit trail needs to know about the request being served: an id and the client.

`RequestContextMiddleware` gives every request an id (`request.id`, also sent back as
`X-Request-ID`; a trusted proxy's id is kept so the proxy's log and ours line up) and takes the
client's address once, from `config.client_ip` (the proxy's header only when the settings trust a
proxy). `current()` hands both to code that writes the access log without the request at hand.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from config.client_ip import client_ip

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id may look like (a UUID, a hex or base64-ish token); anything else is
# replaced by our own.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


@dataclass
class RequestContext:
    request_id: str
    client_address: str | None
    # The family whose access this request loaded (families.access), and whether a refusal was
    # already written to the access log: a later 404 is then logged as a refused look-up.
    family_id: int | None = None
    refusal_logged: bool = False


_current: ContextVar[RequestContext | None] = ContextVar("kt_request_context", default=None)


def current() -> RequestContext | None:
    """The context of the request being served, or None outside a request (e.g. a task)."""
    return _current.get()


def _request_id(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        if _SAFE_ID.match(incoming):
            return incoming
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(request_id=_request_id(request), client_address=client_ip(request))
        request.id = context.request_id  # type: ignore[attr-defined]  # our attribute, documented above
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[REQUEST_ID_HEADER] = context.request_id
        return response
