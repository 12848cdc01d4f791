"""One-time set-password links (issue 9, item 3): an administrator never sets anyone's password.

On /administration/ an administrator creates a user or, for a person who lost their password,
issues a link: the person's old password stops working at once, the link goes to their own
e-mail address only (the administrator never sees it), works once (Django's token is bound to
the password and the last log-in) and for PASSWORD_RESET_TIMEOUT seconds. Setting the password
through it also resets the person's two-factor app and recovery codes, so whoever set the account
up cannot keep a second factor for it: the person enrols their own app at the next log-in.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import twofactor
from accounts.forms import LinkSetPasswordForm
from accounts.language import in_language_of, mail_in_their_languages
from accounts.models import User
from config.dates import date_text


def link_for(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:set_password", args=[uid, token])


# How long the administrator who changed a person's e-mail address may not send a link to it.
EMAIL_CHANGE_HOLD = dt.timedelta(hours=24)


def link_refused_because(*, actor: User, user: User) -> str | None:
    """Why `actor` may not send `user` a link now (None: they may).

    The administrator who changed the address less than a day ago may not send a link to it: the
    person was told at their former address (`record_email_change`), and another administrator
    of the municipality, or the same one a day later, can send it."""
    if not user.email:
        return _("%(user)s has no e-mail address.") % {"user": user.username}
    if (
        user.email_changed_at is not None
        and user.email_changed_by_id == actor.pk
        and timezone.now() - user.email_changed_at < EMAIL_CHANGE_HOLD
    ):
        return _(
            "You changed the e-mail address of %(user)s less than 24 hours ago: another "
            "administrator must send the link, or you can send it after %(when)s."
        ) % {
            "user": user.username,
            "when": date_text(user.email_changed_at + EMAIL_CHANGE_HOLD),
        }
    return None


@transaction.atomic
def record_email_change(*, actor: User, user: User, former_email: str) -> None:
    """Note who changed the address and tell the person at the former one (if there was one)."""
    user.email_changed_at = timezone.now()
    user.email_changed_by = actor
    user.save(update_fields=["email_changed_at", "email_changed_by"])
    if not former_email:
        return

    def tell_former_address() -> None:
        with in_language_of(user):
            send_mail(
                _("Kerneteam: your e-mail address was changed"),
                _(
                    "An administrator of your municipality (%(actor)s) changed the e-mail address "
                    "of your Kerneteam account. Mails from Kerneteam now go to the new address. If "
                    "you did not expect this, tell your administrator or data protection officer."
                )
                % {"actor": actor.get_full_name() or actor.username},
                settings.DEFAULT_FROM_EMAIL,
                [former_email],
            )

    transaction.on_commit(tell_former_address)


@transaction.atomic
def issue_set_password_link(*, actor: User, user: User) -> None:
    """Disable the person's password and e-mail them a one-time link to choose a new one."""
    refused = link_refused_because(actor=actor, user=user)
    if refused is not None:
        raise ValidationError(refused)
    user.set_unusable_password()
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    link = link_for(user)
    transaction.on_commit(
        lambda: mail_in_their_languages(
            [user],
            lambda: (
                _("Kerneteam: choose your password"),
                _(
                    "An administrator of your municipality (%(actor)s) has asked Kerneteam to let "
                    "you choose a new password. Open this link, which works once:\n\n%(link)s"
                    "\n\nYou will then set up your authenticator app again. If you did not expect "
                    "this, tell your administrator or data protection officer."
                )
                % {"actor": actor.get_full_name() or actor.username, "link": link},
            ),
        )
    )


@method_decorator(login_not_required, name="dispatch")
class SetPasswordFromLinkView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    form_class = LinkSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    @transaction.atomic
    def form_valid(self, form: LinkSetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        twofactor.reset(form.user)
        return response
