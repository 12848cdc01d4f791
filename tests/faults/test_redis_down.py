"""Redis down: pages serve; the reminders the daily task missed are made when Redis is back.

A redis-server of the test's own is the cache (the production settings' RedisCache with their
timeouts) and the Celery broker; a real Celery worker runs on it. The test stops that Redis, asks
for the pages that touch the cache (family page: the look-up counter; log-in: the global limit),
sees the scheduled task cannot be sent, starts Redis again on the same port, and checks the
worker (still the same process) makes the missed reminder once.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import redis
from celery.exceptions import OperationalError as CeleryOperationalError
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django.fixtures import Settings

from accounts.models import User
from actionplans.models import DueItem, Notification
from actionplans.services import plans
from actionplans.tasks import create_due_reminders
from families.models import Family
from tests.actionplans.conftest import active_plan_for, finished_assessment
from tests.conftest import Organisation, give_consent
from tests.faults.conftest import RedisServer, start_worker, stop

# A page may wait for the unreachable cache, but not long (socket timeouts in CACHES OPTIONS).
SLOW = 5.0


def _overdue_plan(family: Family, caseworker: User, nordby: Organisation) -> None:
    """An active plan started 100 days ago: its reassessment fell due while nobody looked."""
    give_consent(family, caseworker, nordby.children_family)
    family.refresh_from_db()
    plan = plans.start_plan(actor=caseworker, assessment=finished_assessment(family, caseworker))
    active_plan_for(
        plan,
        caseworker,
        nordby.children_family,
        started_on=timezone.localdate() - dt.timedelta(days=100),
    )


def _timed_get(client: Client, url: str) -> int:
    started = time.monotonic()
    status: int = client.get(url).status_code
    assert time.monotonic() - started < SLOW, f"{url} waited for Redis"
    return status


@pytest.mark.django_db(transaction=True)
def test_pages_serve_while_redis_is_down_and_reminders_catch_up(
    celery_on: RedisServer,
    settings: Settings,
    client: Client,
    family: Family,
    caseworker: User,
    nordby: Organisation,
    tmp_path: Path,
) -> None:
    redis_server = celery_on
    production_cache = django_settings.CACHES["default"]
    settings.CACHES = {
        "default": {
            **production_cache,
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
        }
    }
    caseworker.email = "sara@nordby.dk"
    caseworker.save()
    _overdue_plan(family, caseworker, nordby)
    queue = f"faults-redis-{redis_server.port}"
    worker = start_worker(redis_url=redis_server.url, queue=queue, log=tmp_path / "worker.log")
    try:
        client.force_login(caseworker)
        family_url = reverse("families:detail", args=[family.pk])
        # Redis up: the family page counts the look-up in this Redis (so it really is the cache).
        assert client.get(family_url).status_code == 200
        assert redis.Redis.from_url(redis_server.url).keys("*kt:reads*")

        redis_server.stop()

        # Pages serve: the family page (look-up counter), the plan, my work.
        assert _timed_get(client, family_url) == 200
        assert _timed_get(client, reverse("actionplans:plan", args=[family.pk])) == 200
        assert _timed_get(client, reverse("my_work:index")) == 200
        # Log-in works: a wrong password is refused on the form, the right one goes on to the
        # second factor (the global limit's counter is in the cache).
        anonymous = Client()
        login = reverse("accounts:login")
        wrong = anonymous.post(login, {"username": "caseworker", "password": "wrong"})
        assert wrong.status_code == 200
        assert wrong.context["form"].errors
        right = anonymous.post(login, {"username": "caseworker", "password": "demo"})
        assert right.status_code == 302
        assert right["Location"].startswith(reverse("accounts:two_factor"))

        # The scheduler cannot hand the daily task over: this morning's run is missed.
        with pytest.raises((OperationalError, CeleryOperationalError)):
            create_due_reminders.apply_async(queue=queue, retry=False, ignore_result=True)
        assert not DueItem.objects.filter(family=family).exists()

        redis_server.start()

        # The next run (the same worker, reconnected) makes the missed reminder, once.
        assert create_due_reminders.apply_async(queue=queue).get(timeout=120) == 1
        item = DueItem.objects.get(family=family)
        assert item.kind == DueItem.Kind.REASSESSMENT
        assert item.due_on < timezone.localdate()  # it fell due before Redis came back
        assert create_due_reminders.apply_async(queue=queue).get(timeout=60) == 0
        assert DueItem.objects.filter(family=family).count() == 1
        assert Notification.objects.filter(user=caseworker).count() == 1
        assert worker.output().count("To: sara@nordby.dk") == 1
        assert worker.process.poll() is None  # the worker lived through the outage
    finally:
        stop(worker.process)
