from django.urls import path

from screening import intake_views, receipt_views, views

app_name = "screening"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("referrals/create/", intake_views.referral_create, name="referral_create"),
    path("referrals/person/", intake_views.referral_person, name="referral_person"),
    path("visitation/", views.visitation, name="visitation"),
    path("families/<int:pk>/", views.family_referrals, name="family_referrals"),
    path(
        "families/<int:pk>/referrals/create/",
        intake_views.family_referral_create,
        name="family_referral_create",
    ),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/screening/", views.referral_screen, name="referral_screen"),
    path("referrals/<int:pk>/decide/", intake_views.referral_decide, name="referral_decide"),
    path(
        "referrals/<int:pk>/decide/meeting/",
        intake_views.referral_meeting,
        name="referral_meeting",
    ),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/receipt/", receipt_views.referral_receipt, name="referral_receipt"),
    path("referrals/<int:pk>/handover/", views.referral_handover, name="referral_handover"),
    path(
        "referrals/<int:pk>/investigations/",
        views.referral_investigations,
        name="referral_investigations",
    ),
]
