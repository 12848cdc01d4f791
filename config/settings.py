"""Kerneteam settings, read from environment variables.

Development defaults are embedded (SQLite under var/, eager Celery) but only when DJANGO_DEBUG=1;
with DEBUG off a SECRET_KEY and ALLOWED_HOSTS must be given.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.database import database_settings
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
_DEV_SECRET_KEY = "dev-only-insecure-key-never-used-in-production-kerneteam"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "simple_history",
    "django_htmx",
    "template_partials",
    "axes",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "families",
    "screening",
    "assessment",
    "actionplans",
    "evaluation",
]
if DEBUG:
    # Demo data (`manage.py seed_demo`): development only. Production never imports it, and the
    # Docker image leaves the directory out (.dockerignore).
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # request.id / X-Request-ID and the client address, for the access log.
    "config.request_context.RequestContextMiddleware",
    "config.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.NoStoreForAuthenticatedMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "families.middleware.RefusedLookupMiddleware",
    "families.middleware.PdfFailedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    # TLS to PostgreSQL: add `?sslmode=verify-full` (and `&sslrootcert=/path/ca.pem`) to the URL.
    "default": database_settings(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'kerneteam.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "my_work:index"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language (Danish "1. dec. 2026" / "01.12.2026", English "1 Dec 2026").
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    # Uploaded consent documents are personal data: they are served only through an
    # access-checked view, never from MEDIA_URL.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Celery: Redis as broker in production; eager (in-process) when no broker is configured.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# A worker killed mid-task loses nothing: a task is acknowledged only when it has finished, a task
# whose worker died goes back on the queue, and a worker holds one task at a time. Every periodic
# task is idempotent (it creates what is missing), so a task run again sends nothing twice. Redis
# hands an unacknowledged task out again after the visibility timeout (longer than any task runs).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "expire-family-grants": {"task": "families.tasks.expire_family_grants", "schedule": 3600.0},
    # Every night: records past their retention period listed for the administrator's
    # confirmation; access-log rows past their own period removed (families/retention.py).
    "families-retention": {
        "task": "families.tasks.list_families_due_for_erasure",
        "schedule": crontab(hour=2, minute=15),
    },
    # Every morning before the working day: due reassessments, follow-ups and aftercare checks.
    "actionplans-due-reminders": {
        "task": "actionplans.tasks.create_due_reminders",
        "schedule": crontab(hour=5, minute=30),
    },
    # Every hour: deadlines turning soon or overdue → their owners reminded once each (some run
    # only 24 or 48 hours, so a daily run would come too late).
    "families-deadline-reminders": {
        "task": "families.deadline_tasks.remind_near_deadlines",
        "schedule": crontab(minute=35),
    },
    # Every morning: measurement waves falling due or overdue → one reminder per family and wave.
    "evaluation-measurement-reminders": {
        "task": "evaluation.measurement_tasks.remind_due_measurements",
        "schedule": crontab(hour=5, minute=40),
    },
    # Daily; on the first day of a quarter it makes the steering groups' reports (idempotent).
    "evaluation-quarterly-reports": {
        "task": "evaluation.tasks.make_quarterly_reports",
        "schedule": crontab(hour=5, minute=45),
    },
}
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis unreachable: a page waits at most this long for the cache, then goes on.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587 if not DEBUG else 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
# STARTTLS by default outside development; DJANGO_EMAIL_USE_SSL=1 for implicit TLS (port 465).
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", not DEBUG and not EMAIL_USE_SSL)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "kerneteam@localhost")
# A user who reads more families than this within a clock hour raises a look-up alert to the
# municipality's administrators (accounts/alerts.py).
LOOKUP_ALERT_FAMILIES_PER_HOUR = env_int("DJANGO_LOOKUP_ALERT_FAMILIES_PER_HOUR", 200)
# The address people open the app at: links in e-mails (reminders) start with it.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Security: secure by default outside development.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # the longest a session lasts, however active
# A session with no request for this long ends; the page warns SESSION_IDLE_WARNING seconds before.
SESSION_IDLE_TIMEOUT = env_int("DJANGO_SESSION_IDLE_MINUTES", 30) * 60
SESSION_IDLE_WARNING = env_int("DJANGO_SESSION_IDLE_WARNING_SECONDS", 120)
# Sensitive actions (outside access, exports) need the password typed within this many seconds.
REAUTH_MAX_AGE = env_int("DJANGO_REAUTH_MINUTES", 10) * 60
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Behind a TLS-terminating proxy (load balancer) only: then, and only then, X-Forwarded-Proto says
# whether the request was HTTPS, and X-Forwarded-For (the last DJANGO_PROXY_COUNT entries, which
# the proxies appended) gives the client's address (config/client_ip.py). Without a proxy, any
# client could send these headers, so they are ignored.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Lock a username for a while after repeated failed log-ins, from whichever addresses they came
# (password guessing spread over many addresses is slowed too). Spraying one password over many
# usernames is met by the global limit (accounts/ratelimit.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among the parameters, against attackers who rotate user agents or
# cookies; a username cannot be rotated against one account. An address lock would lock a whole
# town hall behind one NAT address; spraying is met by the global limit instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The client's address as config/client_ip.py sees it (the proxy's header only when trusted).
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
LOGIN_GLOBAL_FAILURE_LIMIT = env_int("DJANGO_LOGIN_GLOBAL_FAILURE_LIMIT", 100)
LOGIN_GLOBAL_WINDOW_SECONDS = env_int("DJANGO_LOGIN_GLOBAL_WINDOW_SECONDS", 300)

# Two-factor log-in (django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Kerneteam"

# django-guardian: no anonymous user object; we never grant anything to anonymous users.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# django-simple-history: keep who made each change via HistoryRequestMiddleware.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

FORM_RENDERER = "config.forms.DkfdsRenderer"
