"""Real parts for the fault tests: a throwaway redis-server, a Celery worker, a gunicorn server.

Nothing here touches the shared Redis (6379) or restarts the shared PostgreSQL: each test starts
its own redis-server on a free port and its own worker/server processes against the test database
(the tests use transaction=True, so their data is committed and the subprocesses see it).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def database_url(**query: str) -> str:
    """The test database's URL, for a subprocess (the worker, gunicorn)."""
    db = connection.settings_dict
    url = (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def wait_for(
    condition: Callable[[], object], *, timeout: float, what: str, log: Path | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            detail = f"\n{log.read_text()}" if log is not None and log.exists() else ""
            raise AssertionError(f"timed out waiting for {what}{detail}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], *, sig: int = signal.SIGTERM) -> None:
    """End a process this test started, by its id."""
    if process.poll() is None:
        os.kill(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class RedisServer:
    """A redis-server of this test's own; stop() and start() it again on the same port."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def is_up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.is_up, timeout=20, what="redis-server to answer")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None
        wait_for(lambda: not self.is_up(), timeout=10, what="redis-server to stop")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(directory=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text()

    def children(self) -> list[int]:
        """The pool's child processes (prefork)."""
        pid = self.process.pid
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in listed]


def start_worker(
    *,
    redis_url: str,
    queue: str,
    log: Path,
    extra_env: dict[str, str] | None = None,
    pool: str = "solo",
) -> Worker:
    """`celery -A config worker` (one task at a time) on a queue of this test's own.

    `pool="prefork"` is production's pool: a parent process and one child that runs the tasks.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url(application_name="kt-faults-worker"),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        **(extra_env or {}),
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                pool,
                "--concurrency",
                "1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    worker = Worker(process=process, log=log)
    wait_for(
        lambda: "ready." in worker.output() or process.poll() is not None,
        timeout=60,
        what="the Celery worker to start",
        log=log,
    )
    assert process.poll() is None, worker.output()
    return worker


def _fresh_connections(app: Celery) -> None:
    """Drop the app's cached broker pool and result backend: the next task uses app.conf as is."""
    app.__dict__.update(_pool=None, _backend_cache=None)
    local = app.__dict__.get("_local")  # a thread-safe-less backend is kept per thread
    if local is not None:
        local.__dict__.pop("backend", None)
    app.amqp.__dict__["_producer_pool"] = None


@pytest.fixture
def celery_on(redis_server: RedisServer) -> Iterator[RedisServer]:
    """This process sends tasks through the throwaway Redis (not eagerly, not the shared one)."""
    from config.celery import app

    keys = ("task_always_eager", "broker_url", "result_backend")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False, broker_url=redis_server.url, result_backend=redis_server.url
    )
    _fresh_connections(app)
    try:
        yield redis_server
    finally:
        app.conf.update(previous)
        _fresh_connections(app)
