"""PostgreSQL drops the app's connections while the app runs: the next request succeeds.

The app runs under gunicorn (one sync worker, the production WSGI entry point) against the test
database with persistent connections (CONN_MAX_AGE 600), as in production. After a first request
the worker keeps its database connection; the test ends that connection from PostgreSQL's side
with pg_terminate_backend — what a restart or a fail-over does to every connection — without
restarting the shared cluster. The very next request must be served (CONN_HEALTH_CHECKS: the kept
connection is tested at the start of the request and replaced).
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from families.models import Family
from tests.faults.conftest import ROOT, database_url, free_port, stop, wait_for

APP = "kt-faults-web"  # the app's application_name in pg_stat_activity


def _backend_pids(conn: psycopg.Connection[tuple[object, ...]]) -> list[int]:
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s ORDER BY pid", [APP]
    ).fetchall()
    return [int(str(row[0])) for row in rows]


def _status(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(application_name=APP),
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": "",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(
            lambda: "Booting worker" in log.read_text() or process.poll() is not None,
            timeout=60,
            what="gunicorn to start",
            log=log,
        )
        assert process.poll() is None, log.read_text()
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.mark.django_db(transaction=True)
def test_requests_after_database_connections_are_dropped_succeed(
    gunicorn: str, client: Client, family: Family, caseworker: User
) -> None:
    client.force_login(caseworker)  # a verified session in the (committed) database
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    url = gunicorn + reverse("families:detail", args=[family.pk])
    admin = psycopg.connect(database_url(application_name="kt-faults-test"), autocommit=True)
    try:
        wait_for(lambda: _status(url, cookie) == 200, timeout=60, what="the first page")
        kept = _backend_pids(admin)
        assert len(kept) == 1  # the worker kept its connection after the request

        for pid in kept:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        wait_for(lambda: not _backend_pids(admin), timeout=30, what="the connection to end")

        # The first request after the drop is served, on a new connection.
        assert _status(url, cookie) == 200
        renewed = _backend_pids(admin)
        assert len(renewed) == 1
        assert renewed != kept
        assert _status(url, cookie) == 200
    finally:
        admin.close()
