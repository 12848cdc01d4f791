from django.urls import path

from assessment import views

app_name = "assessment"

A = "families/<int:pk>/<int:assessment_pk>/"

urlpatterns = [
    path("families/<int:pk>/", views.family_assessment, name="family"),
    path("families/<int:pk>/start/", views.assessment_start, name="start"),
    path(A, views.assessment_detail, name="detail"),
    path(f"{A}finish/", views.assessment_finish, name="finish"),
    path(f"{A}new-version/", views.assessment_new_version, name="new_version"),
    path(f"{A}pdf/", views.assessment_pdf, name="pdf"),
    path(f"{A}parts/<int:part>/done/", views.part_done, name="part_done"),
    path(f"{A}parts/<int:part>/not-done/", views.part_not_done, name="part_not_done"),
    path(f"{A}basic-data/", views.basic_data, name="basic_data"),
    path(f"{A}basic-data/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path(f"{A}journal/", views.journal, name="journal"),
    path(f"{A}journal/<int:entry_pk>/edit/", views.journal_edit, name="journal_edit"),
    path(f"{A}journal/<int:entry_pk>/delete/", views.journal_delete, name="journal_delete"),
    path(f"{A}timeline/", views.timeline, name="timeline"),
    path(f"{A}timeline/add/", views.timeline_add, name="timeline_add"),
    path(f"{A}timeline/<int:entry_pk>/edit/", views.timeline_edit, name="timeline_edit"),
    path(f"{A}timeline/<int:entry_pk>/delete/", views.timeline_delete, name="timeline_delete"),
    path(f"{A}risk/", views.risk, name="risk"),
    path(f"{A}risk/<int:member_pk>/", views.risk_member, name="risk_member"),
    path(f"{A}overall/", views.overall, name="overall"),
    path(f"{A}meeting/", views.meeting, name="meeting"),
]
