from django.urls import path

from accounts import password_link, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("confirm-password/", views.reauth, name="reauth"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path(
        "set-password/<uidb64>/<token>/",
        password_link.SetPasswordFromLinkView.as_view(),
        name="set_password",
    ),
]
