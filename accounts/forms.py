from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.forms import DkfdsFormMixin


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is wrong. Both are case-sensitive."),
        "inactive": _("This account is not active."),
    }


class TwoFactorForm(DkfdsFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolForm(DkfdsFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        min_length=6,
        help_text=_("Six digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ReauthForm(DkfdsFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class OwnPasswordChangeForm(DkfdsFormMixin, PasswordChangeForm):
    """Django's password change, in the design system; clears the must-change flag."""

    def save(self, commit: bool = True) -> User:
        self.user.must_change_password = False
        user: User = super().save(commit=commit)
        return user


if TYPE_CHECKING:
    # Generic in django-stubs only (django_stubs_ext does not patch it for run time).
    _SetPasswordBase = SetPasswordForm[User]
else:
    _SetPasswordBase = SetPasswordForm


class LinkSetPasswordForm(DkfdsFormMixin, _SetPasswordBase):
    """The person's own new password, chosen through a one-time link (accounts/password_link.py)."""

    def save(self, commit: bool = True) -> User:
        self.user.must_change_password = False
        user: User = super().save(commit=commit)
        return user


class AdminUserCreationForm(forms.ModelForm[User]):
    """A new user on /administration/: no password; they get a one-time link by e-mail."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The link to choose a password is sent here.")
