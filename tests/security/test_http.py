"""HTTP-level hardening: methods, the platform admin, the proxy header, static files, SQLite."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.utils import ConnectionHandler
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, resolve, reverse
from django.urls.exceptions import Resolver404

from config.client_ip import client_ip
from config.database import database_settings

ROOT = Path(settings.BASE_DIR)


# --- Methods ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT"])
def test_methods_no_view_takes_answer_405(client, caseworker, family, method):
    client.force_login(caseworker)
    response = client.generic(method, reverse("families:detail", args=[family.pk]))
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert b"Jensen" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "OPTIONS"])
def test_methods_are_refused_before_login_too(client, method):
    assert client.generic(method, reverse("accounts:login")).status_code == 405


# --- The platform's admin ------------------------------------------------------------------------


def _reload_urls() -> object:
    import config.urls

    clear_url_caches()
    return importlib.reload(config.urls)


def test_django_admin_is_not_routed_when_debug_is_off():
    try:
        with override_settings(DEBUG=False):
            _reload_urls()
            with pytest.raises(Resolver404):
                resolve("/django-admin/")
            assert resolve("/administration/").url_name == "index"
    finally:
        _reload_urls()


def test_django_admin_is_routed_in_development():
    with override_settings(DEBUG=True):
        try:
            _reload_urls()
            assert resolve("/django-admin/").app_name == "admin"
        finally:
            _reload_urls()


# --- The proxy header ------------------------------------------------------------------------


@override_settings(BEHIND_PROXY=False, SECURE_PROXY_SSL_HEADER=None)
def test_forwarded_proto_and_for_are_ignored_without_a_proxy():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.1.1.1"
    )
    assert not request.is_secure()
    assert client_ip(request) == "10.1.1.1"


@override_settings(BEHIND_PROXY=True, PROXY_COUNT=1)
def test_behind_a_proxy_only_the_entry_the_proxy_appended_counts():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5", REMOTE_ADDR="10.1.1.1"
    )
    assert client_ip(request) == "203.0.113.5"
    garbage = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="10.1.1.1")
    assert client_ip(garbage) == "10.1.1.1"


def test_settings_trust_the_proxy_header_only_when_told():
    source = (ROOT / "config" / "settings.py").read_text()
    assert 'BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)' in source
    assert (
        'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None'
        in source
    )
    assert settings.AXES_CLIENT_IP_CALLABLE == "config.client_ip.client_ip"


# --- Static files ----------------------------------------------------------------------------


def test_no_test_library_is_served_as_a_static_file():
    assert finders.find("vendor/axe-core/axe.min.js") is None
    assert not (ROOT / "static" / "vendor" / "axe-core").exists()
    assert "cp node_modules/axe-core" not in (ROOT / "scripts" / "build_static.sh").read_text()


# --- SQLite for several people at once (development) -----------------------------------------


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(
    tmp_path, django_db_blocker
):
    config = database_settings(f"sqlite:///{tmp_path / 'dev.sqlite3'}", conn_max_age=0)
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    handler = ConnectionHandler({"default": config})
    connection = handler["default"]
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] >= 5000
        finally:
            connection.close()


def test_postgresql_settings_are_left_as_the_url_says():
    config = database_settings(
        "postgres://app:secret@db:5432/app?sslmode=verify-full", conn_max_age=60
    )
    assert config["OPTIONS"] == {"sslmode": "verify-full"}


# --- Compose: no default secrets -----------------------------------------------------------------


def test_compose_has_no_default_secrets_and_redis_needs_a_password():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert ":-kerneteam" not in compose
    assert "${POSTGRES_PASSWORD:?" in compose
    assert "${REDIS_PASSWORD:?" in compose
    assert "--requirepass" in compose
    assert "redis://:${REDIS_PASSWORD" in compose
