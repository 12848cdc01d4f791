from django.urls import path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("notifications/", views.notifications, name="notifications"),
    path("family/<int:pk>/", views.plan, name="plan"),
    path("family/<int:pk>/start/", views.start, name="start"),
    path("family/<int:pk>/family-goals/", views.family_goals, name="family_goals"),
    path("family/<int:pk>/activate/", views.activate, name="activate"),
    path("family/<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("family/<int:pk>/goals/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("family/<int:pk>/goals/<int:goal_pk>/steps/add/", views.step_add, name="step_add"),
    path("family/<int:pk>/steps/<int:step_pk>/toggle/", views.step_toggle, name="step_toggle"),
    path("family/<int:pk>/offers/add/", views.offer_add, name="offer_add"),
    path("family/<int:pk>/offers/<int:offer_pk>/end/", views.offer_end, name="offer_end"),
    path("family/<int:pk>/exemptions/add/", views.exemption_add, name="exemption_add"),
    path("family/<int:pk>/statutory/add/", views.statutory_add, name="statutory_add"),
    path("family/<int:pk>/follow-ups/add/", views.follow_up_add, name="follow_up_add"),
    path("family/<int:pk>/reassessments/start/", views.reassessment_start, name="reassess"),
    path(
        "family/<int:pk>/reassessments/<int:reassessment_pk>/",
        views.reassessment,
        name="reassessment",
    ),
    path(
        "family/<int:pk>/reassessments/<int:reassessment_pk>/confirm/",
        views.reassessment_confirm,
        name="reassessment_confirm",
    ),
    path(
        "family/<int:pk>/reassessments/<int:reassessment_pk>/complete/",
        views.reassessment_complete,
        name="reassessment_complete",
    ),
    path(
        "family/<int:pk>/reassessments/<int:reassessment_pk>/new-assessment/",
        views.reassessment_new_assessment,
        name="reassessment_new_assessment",
    ),
    path("family/<int:pk>/history/", views.history, name="history"),
    path("family/<int:pk>/phase-out/", views.phase_out, name="phase_out"),
    path("family/<int:pk>/close/", views.close, name="close"),
    path("family/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("family/<int:pk>/aftercare/", views.aftercare, name="aftercare"),
    path("family/<int:pk>/pdf/<str:language>/", views.family_pdf, name="family_pdf"),
    path("family/<int:pk>/working-copy/", views.working_copy_pdf, name="working_copy"),
]
