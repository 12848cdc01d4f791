from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("csv/<slug:slug>/", views.overview_csv, name="overview_csv"),
    path("cut-off/", views.cut_off_edit, name="cut_off"),
    path("targets/", views.targets_edit, name="targets"),
    path("fidelity/", views.fidelity_rounds, name="fidelity"),
    path("fidelity/create/", views.fidelity_create, name="fidelity_create"),
    path("fidelity/<int:pk>/edit/", views.fidelity_edit, name="fidelity_edit"),
    path("reports/", views.reports, name="reports"),
    path("reports/create/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_download, name="report_download"),
    path("export/", views.export, name="export"),
]
