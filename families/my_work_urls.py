"""/work/: the user's "my work" page and a family's deadlines (started and met from the
family overview)."""

from django.urls import path

from families import my_work_views

app_name = "my_work"
urlpatterns = [
    path("", my_work_views.index, name="index"),
    path("read/", my_work_views.mark_read, name="mark_read"),
    path(
        "families/<int:family_id>/deadlines/start/",
        my_work_views.deadline_start,
        name="deadline_start",
    ),
    path(
        "families/<int:family_id>/deadlines/<int:deadline_id>/met/",
        my_work_views.deadline_met,
        name="deadline_met",
    ),
]
