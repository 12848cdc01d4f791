"""Test settings: the real settings, sped up. PostgreSQL and Redis come from the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Lockout is tested on its own (tests/accounts/test_login.py turns it on).
AXES_ENABLED = False
# No persistent connections: live-server threads would keep test databases open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
