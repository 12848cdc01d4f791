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
# Several checkouts (or people) may share one PostgreSQL: KT_TEST_DB names this run's test database.
if os.environ.get("KT_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["KT_TEST_DB"]}  # noqa: F405
# Test processes share one Redis but not their databases (ids repeat across them): each process
# keeps its cache keys apart (e.g. the look-up counts of accounts/alerts.py).
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
