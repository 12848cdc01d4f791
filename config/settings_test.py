"""Test settings: the real settings, sped up. PostgreSQL and Redis come from the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Axes needs a request on authenticate(); tests log in with force_login or through the browser.
AXES_ENABLED = False
MIDDLEWARE = [m for m in MIDDLEWARE if m != "axes.middleware.AxesMiddleware"]
# No persistent connections: live-server threads would keep test databases open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
