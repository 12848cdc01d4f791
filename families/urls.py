from django.urls import path

from families import gdpr_views, views

app_name = "families"

urlpatterns = [
    path("", views.family_list_mine, name="mine"),
    path("team/", views.family_list_team, name="team"),
    path("create/", views.family_create, name="create"),
    path("register-included/", views.family_register_included, name="register_included"),
    path("access-log/", views.team_access_log, name="team_access_log"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:pk>/edit/", views.family_edit, name="edit"),
    path("<int:pk>/status/", views.family_status, name="status"),
    path("<int:pk>/reopen/", views.family_reopen, name="reopen"),
    path("<int:pk>/tasks/<int:task_pk>/complete/", views.task_complete, name="task_complete"),
    path("<int:pk>/members/create/", views.member_create, name="member_create"),
    path("<int:pk>/members/<int:member_pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path(
        "<int:pk>/members/<int:member_pk>/access-log.csv",
        views.member_access_log_export,
        name="member_access_log_export",
    ),
    path("<int:pk>/consents/create/", views.consent_create, name="consent_create"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "<int:pk>/consents/<int:consent_pk>/document/",
        views.consent_document,
        name="consent_document",
    ),
    path("<int:pk>/handovers/create/", views.handover_create, name="handover_create"),
    path("<int:pk>/notes/", views.note_list, name="notes"),
    path("<int:pk>/notes/<int:note_pk>/edit/", views.note_edit, name="note_edit"),
    path("<int:pk>/contacts/", views.contact_list, name="contacts"),
    path("<int:pk>/contacts/create/", views.contact_create, name="contact_create"),
    path("<int:pk>/coordinators/", views.coordinators, name="coordinators"),
    path(
        "<int:pk>/coordinators/<int:coordinator_pk>/remove/",
        views.coordinator_remove,
        name="coordinator_remove",
    ),
    path("<int:pk>/grants/", views.grants, name="grants"),
    path("<int:pk>/grants/<int:grant_pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("<int:pk>/history/", views.family_history, name="history"),
    path("<int:pk>/access-log/", views.family_access_log, name="access_log"),
    # Data protection (families/gdpr_views.py)
    path(
        "<int:pk>/information-exchange/",
        gdpr_views.information_exchanges,
        name="information_exchanges",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/subject-access/",
        gdpr_views.subject_access,
        name="subject_access",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/subject-access.pdf",
        gdpr_views.subject_access_pdf,
        name="subject_access_pdf",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/subject-access.json",
        gdpr_views.subject_access_json,
        name="subject_access_json",
    ),
    path("<int:pk>/archive/", gdpr_views.family_archive, name="archive"),
    path("erasure/", gdpr_views.erasure_list, name="erasure_list"),
    path("erasure/<int:due_pk>/erase/", gdpr_views.erasure_confirm, name="erasure_confirm"),
]
