"""The daily reminder task through a REAL Redis broker and a REAL Celery worker process.

The worker runs `celery -A config worker --pool solo` against the test database (the test's
transaction=True data is committed, so the worker sees it) on a queue of its own, so no other
worker on the same Redis picks the task up.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from actionplans.models import DueItem, Notification
from actionplans.tasks import create_due_reminders
from config.celery import app
from tests.actionplans.conftest import active_plan_for, finished_assessment
from tests.conftest import give_consent

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def celery_worker_process(tmp_path):
    redis_url = os.environ["REDIS_URL"]
    queue = f"actionplans-test-{os.getpid()}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
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
                "-c",
                "1",
                "--pool",
                "solo",
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
    previous = (app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend)
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "worker did not start:\n" + log.read_text()
            time.sleep(0.2)
        yield queue, log
    finally:
        eager, broker_url, result_backend = previous
        app.conf.update(
            task_always_eager=eager, broker_url=broker_url, result_backend=result_backend
        )
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_reminders_through_real_worker_are_idempotent(
    celery_worker_process, family, caseworker, nordby
):
    queue, log = celery_worker_process
    caseworker.email = "sara@nordby.dk"
    caseworker.save()
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    from actionplans.services import plans

    plan = plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))
    active_plan_for(
        plan,
        caseworker,
        nordby.children_family,
        started_on=timezone.localdate() - dt.timedelta(days=100),
    )

    first = create_due_reminders.apply_async(queue=queue).get(timeout=60)
    second = create_due_reminders.apply_async(queue=queue).get(timeout=60)

    assert (first, second) == (1, 0)
    assert DueItem.objects.filter(family=family, kind=DueItem.Kind.REASSESSMENT).count() == 1
    assert Notification.objects.filter(user=caseworker).count() == 1
    output = log.read_text()
    assert "succeeded" in output
    assert output.count("To: sara@nordby.dk") == 1  # the console mail backend, in the worker
