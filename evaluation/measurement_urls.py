from django.urls import path

from evaluation import measurement_views as views
from evaluation import ssp_views

app_name = "measurements"

urlpatterns = [
    path("families/<int:pk>/", views.family_measurements, name="family"),
    path("families/<int:pk>/ssp/", ssp_views.family_ssp, name="ssp"),
    path(
        "families/<int:pk>/members/<int:member_id>/",
        views.member_progression,
        name="member",
    ),
    path(
        "families/<int:pk>/members/<int:member_id>/waves/<int:wave>/<slug:instrument>/",
        views.measurement_entry,
        name="entry",
    ),
]
