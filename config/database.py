"""The database settings from DATABASE_URL, with SQLite set up for several users at once."""

from __future__ import annotations

from typing import Any

import dj_database_url

# Development on SQLite with 3–4 people clicking at once: write-ahead logging (readers do not block
# the writer), a busy timeout (wait for the lock instead of "database is locked"), and transactions
# that take the write lock when they begin (IMMEDIATE), so two transactions never deadlock when
# both upgrade from reading to writing.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_settings(url: str, *, conn_max_age: int) -> dict[str, Any]:
    # Health checks: a kept connection the database has dropped (PostgreSQL restarted, a fail-over,
    # an idle connection killed) is tested at the start of a request and replaced, not used to 500.
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config
