"""The Celery worker killed mid-task: the reminder is neither lost nor sent twice.

A real worker (`celery -A config worker`, production's prefork pool, one child) on a throwaway
Redis runs the daily reminder task. The test holds a lock on the notifications table from its own
database connection, so the task stops in the middle of its transaction (its due item written,
its notifications waiting); then the pool's child running it is killed with SIGKILL (as the
kernel's OOM killer would). PostgreSQL rolls the half-done transaction back; the task was not
acknowledged (acks_late) and goes back on the queue because its worker was lost
(reject_on_worker_lost); the parent's new child runs it and makes the reminder once; the task run
again makes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import psycopg
import pytest
from django.utils import timezone

from accounts.models import User
from actionplans.models import DueItem, Notification
from actionplans.services import plans
from actionplans.tasks import create_due_reminders
from families.models import Family
from tests.actionplans.conftest import active_plan_for, finished_assessment
from tests.conftest import Organisation, give_consent
from tests.faults.conftest import RedisServer, database_url, start_worker, stop, wait_for

WORKER = "kt-faults-worker"  # the worker's application_name in pg_stat_activity


def _worker_backends(conn: psycopg.Connection[tuple[object, ...]], *, waiting: bool) -> int:
    query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
    if waiting:
        query += " AND wait_event_type = 'Lock'"
    row = conn.execute(query, [WORKER]).fetchone()
    assert row is not None
    return int(str(row[0]))


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_loses_no_reminder_and_sends_none_twice(
    celery_on: RedisServer,
    family: Family,
    caseworker: User,
    nordby: Organisation,
    tmp_path: Path,
) -> None:
    redis_server = celery_on
    caseworker.email = "sara@nordby.dk"
    caseworker.save()
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    plan = plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))
    active_plan_for(
        plan,
        caseworker,
        nordby.children_family,
        started_on=timezone.localdate() - dt.timedelta(days=100),
    )
    queue = f"faults-kill-{redis_server.port}"
    worker = start_worker(
        redis_url=redis_server.url, queue=queue, log=tmp_path / "worker.log", pool="prefork"
    )
    watcher = psycopg.connect(database_url(application_name="kt-faults-test"), autocommit=True)
    blocker = psycopg.connect(database_url(application_name="kt-faults-lock"))
    try:
        blocker.execute("LOCK TABLE actionplans_notification IN EXCLUSIVE MODE")
        result = create_due_reminders.apply_async(queue=queue)
        # The child is inside the task's transaction, waiting to write the notifications.
        wait_for(
            lambda: _worker_backends(watcher, waiting=True) == 1,
            timeout=60,
            what="the task to stop at the notifications",
            log=worker.log,
        )
        [child] = worker.children()

        os.kill(child, signal.SIGKILL)
        blocker.rollback()
        # The task comes back and the parent's new child finishes it.
        assert result.get(timeout=90) == 1
        assert child not in worker.children()
        assert "WorkerLostError" in worker.output()
        assert create_due_reminders.apply_async(queue=queue).get(timeout=60) == 0

        assert DueItem.objects.filter(family=family, kind=DueItem.Kind.REASSESSMENT).count() == 1
        assert Notification.objects.filter(user=caseworker).count() == 1
        assert Notification.objects.count() == 1
        assert worker.output().count("To: sara@nordby.dk") == 1  # the console mail backend
    finally:
        blocker.close()
        watcher.close()
        stop(worker.process)
