"""The request type of views behind the login.

Every view except the login pages sits behind authentication (`LoginRequiredMiddleware`), so its
`request.user` is an `accounts.models.User`, never an `AnonymousUser`. django-stubs types
`HttpRequest.user` as `User | AnonymousUser`; annotating a view's request as `AuthedRequest` states
the invariant once, in the signature, instead of an `isinstance`/`assert` in every view:

    def family_detail(request: AuthedRequest, pk: int) -> HttpResponse:
        access = get_family_access(request.user, pk)  # request.user: User

Use plain `HttpRequest` for views that anonymous visitors reach (login, lockout, health checks).
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class AuthedRequest(HttpRequest):
    """An `HttpRequest` whose `user` is a logged-in `accounts.models.User` (type-level only)."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's middleware on every request
