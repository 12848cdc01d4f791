from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.admin import municipality_admin_site
from accounts.language import set_language

urlpatterns = [
    # The landing page after log-in: "my work" (it sends users with no team on to their families).
    path("", RedirectView.as_view(pattern_name="my_work:index", permanent=False)),
    path("work/", include("families.my_work_urls")),
    path("accounts/", include("accounts.urls")),
    path("families/", include("families.urls")),
    path("assessment/", include("assessment.urls")),
    path("screening/", include("screening.urls")),
    path("plans/", include("actionplans.urls")),
    path("overview/", include("evaluation.urls")),
    path("measurements/", include("evaluation.measurement_urls")),
    path("administration/", municipality_admin_site.urls),
    # The language switch also keeps the choice on the person (their notifications and mails).
    path("i18n/setlang/", set_language, name="set_language"),
]
if settings.DEBUG:
    # The platform's own admin (every municipality's data) exists in development only.
    urlpatterns.append(path("django-admin/", admin.site.urls))
