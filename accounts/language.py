"""The language a person chose, kept for what is written to them outside their own request.

The language menu (`set_language`) stores the choice on the user as well as in the cookie, so the
daily tasks write notifications and e-mails in it (issue 11, item 12): build each text inside
`in_language_of(user)`, dates included (config/dates.py follows the active language).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mass_mail
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.views.i18n import set_language as django_set_language

from accounts.models import User


def language_of(user: User) -> str:
    """The person's chosen language, or the site's (Danish) when it is none we offer."""
    supported = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in supported else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user: User) -> Iterator[None]:
    """Translations and date formats of the person's language for the block."""
    with translation.override(language_of(user)):
        yield


def mail_in_their_languages(
    users: Iterable[User], build: Callable[[], tuple[str | Promise, str | Promise]]
) -> int:
    """One mail per language to the people with an address: `build` gives subject and body."""
    addresses: dict[str, list[str]] = {}
    for user in users:
        if user.email:
            addresses.setdefault(language_of(user), []).append(user.email)
    messages = []
    for language, recipients in sorted(addresses.items()):
        with translation.override(language):
            subject, body = build()
            messages.append(
                (str(subject), str(body), settings.DEFAULT_FROM_EMAIL, sorted(recipients))
            )
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and the choice kept on the person when logged in."""
    response = django_set_language(request)
    chosen = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and isinstance(user, User)
        and chosen in {code for code, _name in settings.LANGUAGES}
        and user.language != chosen
    ):
        user.language = chosen
        user.save(update_fields=["language"])
    return response
