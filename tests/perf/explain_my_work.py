"""EXPLAIN ANALYZE of every "my work" source and the queue's measurement section at 10× (issue 12).

Not part of the suite (not a test_ file). It builds the benchmark's municipality
(tests/perf/bench_scale.py's generator, BENCH_FAMILIES × 10 families, default 10,000) and adds, per
family of the caseworker (who coordinates them all), what "my work" lists: a consent, an inclusion
(measurement waves owed), a step they own, a task, a deadline, a follow-up and a notification —
then prints, per source, the plan and time of the query for the rows shown (LIMIT) and of the
capped count, and the time of the whole page.

    KT_TEST_DB=kt_explain DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/pytest \\
        tests/perf/explain_my_work.py -p no:xdist -q -s --reuse-db
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan, DueItem, FollowUp, Goal, Notification, Step
from evaluation.measurement_due import refresh_measurement_due
from evaluation.measurement_selectors import queue_due_waves
from families import my_work
from families.models import (
    Consent,
    Deadline,
    DeadlineRule,
    Family,
    FamilyStatusChange,
    Member,
    Task,
)
from tests.perf.bench_scale import _site
from tests.security.twofactor import VerifiedClient

SIZE = int(os.environ.get("BENCH_FAMILIES", "1000")) * 10
BATCH = 5000


def _add_work(site) -> None:
    org, user = site.org, site.caseworker
    today = timezone.localdate()
    now = timezone.now()
    families = list(
        Family.objects.filter(team=org.team, status=Family.Status.ACTION_PLAN).order_by("pk")
    )
    consents = Consent.objects.bulk_create(
        (
            Consent(family=f, given_on=today - dt.timedelta(days=300), recorded_by=user)
            for f in families
        ),
        batch_size=BATCH,
    )
    through = Consent.departments.through
    through.objects.bulk_create(
        (through(consent_id=c.pk, department_id=org.children_family.pk) for c in consents),
        batch_size=BATCH,
    )
    FamilyStatusChange.objects.bulk_create(
        (
            FamilyStatusChange(
                family=f,
                from_status=Family.Status.AWAITING_CONSENT,
                to_status=Family.Status.INCLUDED,
                changed_by=user,
                changed_at=now - dt.timedelta(days=n % 400),
            )
            for n, f in enumerate(families)
        ),
        batch_size=BATCH,
    )
    plans = {
        p.family_id: p for p in ActionPlan.objects.filter(family__in=families, status="active")
    }
    children = {
        m.family_id: m
        for m in Member.objects.filter(family__in=families, role=Member.Role.TARGET_CHILD)
    }
    goals = Goal.objects.bulk_create(
        (
            Goal(
                plan=plans[f.pk],
                member=children[f.pk],
                department=org.children_family,
                family_wording="Gå i skole hver dag",
            )
            for f in families
            if f.pk in plans
        ),
        batch_size=BATCH,
    )
    Step.objects.bulk_create(
        (
            Step(
                goal=g,
                what=f"Ring til skolen {n}",
                due_on=today + dt.timedelta(days=n % 60 - 30),
                owner_user=user,
                owner_department=org.children_family,
            )
            for n, g in enumerate(goals)
        ),
        batch_size=BATCH,
    )
    FollowUp.objects.bulk_create(
        (
            FollowUp(
                plan=g.plan,
                goal=g,
                held_on=today - dt.timedelta(days=30),
                with_whom="Mor",
                progress="Godt på vej",
                motivation=FollowUp.Motivation.values[0],
                next_on=today + dt.timedelta(days=n % 60 - 30),
                recorded_by=user,
            )
            for n, g in enumerate(goals)
        ),
        batch_size=BATCH,
    )
    Task.objects.bulk_create(
        (
            Task(
                family=f,
                title=f"Opgave {n}",
                due_on=today + dt.timedelta(days=n % 60 - 30),
                created_by=user,
            )
            for n, f in enumerate(families)
        ),
        batch_size=BATCH,
    )
    Deadline.objects.bulk_create(
        (
            Deadline(
                family=f,
                kind=DeadlineRule.Kind.INVESTIGATION,
                unit=DeadlineRule.Unit.MONTHS,
                started_at=now - dt.timedelta(days=100 + n % 60),
                due_at=now + dt.timedelta(days=20 - n % 60),
                warn_at=now + dt.timedelta(days=6 - n % 60),
                owner_kind=DeadlineRule.Owner.COORDINATORS,
                started_by=user,
            )
            for n, f in enumerate(families)
        ),
        batch_size=BATCH,
    )
    items = DueItem.objects.bulk_create(
        (
            DueItem(family=f, plan=plans[f.pk], kind=DueItem.Kind.REASSESSMENT, due_on=today)
            for f in families
            if f.pk in plans
        ),
        batch_size=BATCH,
    )
    Notification.objects.bulk_create(
        (Notification(user=user, due_item=i, text="Revurdering") for i in items), batch_size=BATCH
    )
    start = time.perf_counter()
    refresh_measurement_due()
    print(f"refresh_measurement_due() over every family: {time.perf_counter() - start:.1f} s")


def _explain(label: str, queryset) -> None:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\n--- {label}")
    print("\n".join(plan))


@pytest.mark.django_db(transaction=False)
def test_explain_my_work() -> None:
    rng = random.Random(12)
    site = _site("Storeby", "912", SIZE, rng)
    _add_work(site)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user, today = site.caseworker, timezone.localdate()
    for work_source in my_work.sources():
        rows = work_source.rows(user, today)
        _explain(f"{work_source.key}: rows (LIMIT {my_work.ROWS})", rows[: my_work.ROWS])
        capped = rows.model.objects.filter(pk__in=rows.order_by().values("pk")[: my_work.TOTAL_CAP])
        _explain(f"{work_source.key}: count (capped at {my_work.TOTAL_CAP})", capped)
    from evaluation.measurement_selectors import team_due

    due = team_due([site.org.team.pk], today)
    _explain("queue measurements: rows", due.select_related("family")[:25])
    _explain("queue measurements: count", due)
    page = queue_due_waves([site.org.team.pk], today)
    print(f"\nqueue section: {len(page)} rows of {page.total}")
    work = my_work.my_work(user)
    print(f"my work: {len(work.due)} due, totals {work.totals}, more: {work.more_due}")
    client = VerifiedClient()
    client.force_login(user)
    url = reverse("my_work:index")
    client.get(url)
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    total = (time.perf_counter() - start) * 1000
    in_sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(f"\npage: {total:.0f} ms, {len(captured)} queries, {in_sql:.0f} ms in SQL; slowest:")
    for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:8]:
        print(f"  {float(q['time']) * 1000:.0f} ms  {q['sql'][:300]}")
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    timings = []
    for _ in range(20):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"my work page: p50 {statistics.median(timings):.0f} ms, p95 {timings[18]:.0f} ms")
