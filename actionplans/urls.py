from django.urls import path, re_path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("notifications/", views.notifications, name="notifications"),
    path("families/<int:pk>/", views.plan, name="plan"),
    path("families/<int:pk>/start/", views.start, name="start"),
    path("families/<int:pk>/family-goals/", views.family_goals, name="family_goals"),
    path("families/<int:pk>/activate/", views.activate, name="activate"),
    path("families/<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("families/<int:pk>/goals/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("families/<int:pk>/goals/<int:goal_pk>/steps/add/", views.step_add, name="step_add"),
    path("families/<int:pk>/steps/<int:step_pk>/toggle/", views.step_toggle, name="step_toggle"),
    path("families/<int:pk>/translation/", views.translation, name="translation"),
    path("families/<int:pk>/offers/add/", views.offer_add, name="offer_add"),
    path("families/<int:pk>/offers/<int:offer_pk>/end/", views.offer_end, name="offer_end"),
    path("families/<int:pk>/exemptions/add/", views.exemption_add, name="exemption_add"),
    path("families/<int:pk>/statutory/add/", views.statutory_add, name="statutory_add"),
    path("families/<int:pk>/follow-ups/add/", views.follow_up_add, name="follow_up_add"),
    path("families/<int:pk>/reassessments/start/", views.reassessment_start, name="reassess"),
    path(
        "families/<int:pk>/reassessments/<int:reassessment_pk>/",
        views.reassessment,
        name="reassessment",
    ),
    path(
        "families/<int:pk>/reassessments/<int:reassessment_pk>/confirm/",
        views.reassessment_confirm,
        name="reassessment_confirm",
    ),
    path(
        "families/<int:pk>/reassessments/<int:reassessment_pk>/confirm/<int:department_pk>/",
        views.reassessment_confirm_on_behalf,
        name="reassessment_confirm_on_behalf",
    ),
    path(
        "families/<int:pk>/reassessments/<int:reassessment_pk>/complete/",
        views.reassessment_complete,
        name="reassessment_complete",
    ),
    path(
        "families/<int:pk>/reassessments/<int:reassessment_pk>/new-assessment/",
        views.reassessment_new_assessment,
        name="reassessment_new_assessment",
    ),
    path("families/<int:pk>/history/", views.history, name="history"),
    path("families/<int:pk>/phase-out/", views.phase_out, name="phase_out"),
    path("families/<int:pk>/close/", views.close, name="close"),
    path("families/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("families/<int:pk>/aftercare/", views.aftercare, name="aftercare"),
    path("families/<int:pk>/pdf/<str:language>/", views.family_pdf, name="family_pdf"),
    path("families/<int:pk>/working-copy/", views.working_copy_pdf, name="working_copy"),
    # The old prefix: a permanent redirect that keeps the rest of the path and the query.
    re_path(r"^family/(?P<rest>.*)$", views.moved, name="moved"),
]
