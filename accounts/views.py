"""Log-in, second factor, log-out, idle keep-alive, password change, re-authentication."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import ratelimit, twofactor
from accounts.forms import EnrolForm, LoginForm, OwnPasswordChangeForm, ReauthForm, TwoFactorForm
from accounts.http import AuthedRequest
from accounts.models import User
from config.reauth import has_recent_auth, mark_authenticated, reauth_url
from config.session_idle import seconds_left, touch

RECOVERY_CODES_SESSION_KEY = "kt_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    """The `next` parameter when it points into this site, else the start page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    """Password first (django-axes counts failures per username), then the second factor."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if ratelimit.is_paused():
            return render(request, "accounts/paused.html", status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["logged_out_idle"] = self.request.GET.get("reason") == "idle"
        return context

    def get_success_url(self) -> str:
        return _with_next("accounts:two_factor", super().get_success_url())


class LogoutView(auth_views.LogoutView):
    """Log out; the browser drops what it kept of the session (cache, cookies, storage)."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        if request.POST.get("reason") == "idle":
            response["Location"] = f"{resolve_url(settings.LOGOUT_REDIRECT_URL)}?reason=idle"
        return response


@never_cache
@sensitive_post_parameters("code")
def two_factor(request: AuthedRequest) -> HttpResponse:
    """The second step of every log-in: a code from the app (or a recovery code)."""
    user = request.user
    next_url = _next_url(request)
    if twofactor.is_verified(user):
        return HttpResponseRedirect(next_url)
    if not twofactor.is_enrolled(user):
        return HttpResponseRedirect(_with_next("accounts:two_factor_enrol", next_url))
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            mark_authenticated(request)
            if device.name == twofactor.RECOVERY_NAME:
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; it cannot be used again. "
                        "Make new codes under Two-factor log-in if few are left."
                    ),
                )
            return HttpResponseRedirect(next_url)
        form.add_error("code", _("The code is wrong or too old. Try the code the app shows now."))
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


@never_cache
@sensitive_post_parameters("code")
def two_factor_enrol(request: AuthedRequest) -> HttpResponse:
    """First log-in: connect an authenticator app (QR code or the key as text)."""
    user = request.user
    next_url = _next_url(request)
    if twofactor.is_enrolled(user):
        return HttpResponseRedirect(_with_next("accounts:two_factor", next_url))
    device = twofactor.pending_totp(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = twofactor.confirm_enrolment(user, form.cleaned_data["code"])
        if confirmed is not None:
            otp_login(request, confirmed)
            mark_authenticated(request)
            request.session[RECOVERY_CODES_SESSION_KEY] = twofactor.new_recovery_codes(user)
            return HttpResponseRedirect(_with_next("accounts:recovery_codes", next_url))
        form.add_error("code", _("The code does not match. Check the app's clock and try again."))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
        },
    )


@never_cache
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """Show new recovery codes once; POST makes a new set (after a recent password check)."""
    user = request.user
    if request.method == "POST":
        if not has_recent_auth(request):
            return HttpResponseRedirect(reauth_url(reverse("accounts:recovery_codes")))
        request.session[RECOVERY_CODES_SESSION_KEY] = twofactor.new_recovery_codes(user)
        return HttpResponseRedirect(reverse("accounts:recovery_codes"))
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@require_POST
def keepalive(request: AuthedRequest) -> JsonResponse:
    """The idle warning's "stay logged in": counts as activity."""
    touch(request, force=True)
    return JsonResponse({"seconds_left": seconds_left(request)})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form: OwnPasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        mark_authenticated(self.request)
        messages.success(self.request, _("Your password was changed."))
        return response

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["must_change"] = isinstance(user, User) and user.must_change_password
        return context


@never_cache
@sensitive_post_parameters("password")
def reauth(request: AuthedRequest) -> HttpResponse:
    """Type the password again before a sensitive action; failures count like log-in failures."""
    user = request.user
    next_url = _next_url(request)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.is_paused():
            return render(request, "accounts/paused.html", status=429)
        checked = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        if checked is not None and checked.pk == user.pk:
            mark_authenticated(request)
            return HttpResponseRedirect(next_url)
        if getattr(request, "axes_locked_out", False):
            return render(request, "accounts/locked.html", status=429)
        form.add_error("password", _("The password is wrong."))
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url})
