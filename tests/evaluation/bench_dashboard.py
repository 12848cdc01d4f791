"""Benchmark of the steering and evaluator dashboards over 100,000 persons' waves (issue 10).

`make bench` runs it (not part of the normal suite: pytest collects test_*.py only; time is never
asserted). It bulk-writes 4 municipalities × 5,000 families × 5 persons (100,000 persons, each
with a background measurement, most with wave 1 and 2 scores, the children with the status
questions), rebuilds the dashboards' per-person summary (`manage.py rebuild_person_waves`, timed)
and measures `build_dashboard` national and for one municipality, whole period and split at a
cut-off, at 1 % and at 100 % of that data: query count, p50 and p95 in one table with the
100 %/1 % ratio. The only assertion: the query count is the same at both sizes. Then the evaluator
export's first 1,000 rows of the 100 % data (it streams: the first rows come before all are read).

    make bench                              # with the family pages' benchmark
    pytest tests/evaluation/bench_dashboard.py -p no:xdist -s
    BENCH_DASHBOARD_ROUNDS=5 ...             # fewer samples per figure (default 15)
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Municipality, Team, User
from evaluation import person_waves
from evaluation.dashboard import Choice, build_dashboard
from evaluation.export import ExportFilters, stream_csv
from evaluation.models import Measurement
from families.models import Family, Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FAMILIES_PER_MUNICIPALITY = 5_000
PERSONS_PER_FAMILY = 5  # 3 children in the programme, 2 parents
ROUNDS = int(os.environ.get("BENCH_DASHBOARD_ROUNDS", "15"))
DAY = dt.date(2025, 1, 15)
CUT_OFF = dt.date(2025, 6, 1)


def _measurement(user: User, member: Member, audience: str, **fields: object) -> Measurement:
    return Measurement(
        family_id=member.family_id, member=member, audience=audience, recorded_by=user, **fields
    )


def _populate(scale: float) -> list[int]:
    """Bulk-write the data at this scale; returns the municipalities' ids."""
    user = UserFactory(username=f"bench{scale}", municipality=None, is_national_evaluator=True)
    ids = []
    for number in range(4):
        municipality = Municipality.objects.create(
            name=f"Bench {scale} {number}",
            code=f"{700 + number + int(scale * 10):03d}",
            reference_prefix=f"B{'ABCDEFGH'[number]}{'XY'[scale == 1]}",
        )
        ids.append(municipality.pk)
        team = Team.objects.create(municipality=municipality, name="Kerneteam", capacity=30)
        count = int(FAMILIES_PER_MUNICIPALITY * scale)
        families = Family.objects.bulk_create(
            Family(
                municipality=municipality,
                team=team,
                reference=f"B-{number}-{index}",
                name=f"Bench {index}",
                status=("action_plan", "closed", "assessment")[index % 3],
                created_by=user,
            )
            for index in range(count)
        )
        members = Member.objects.bulk_create(
            Member(
                family=family,
                role=Member.Role.TARGET_CHILD if person < 3 else Member.Role.PARENT,
                first_name="B",
                last_name="B",
                birth_date=dt.date(2010 - 20 * (person >= 3), 1, 1),
            )
            for family in families
            for person in range(PERSONS_PER_FAMILY)
        )
        rows = []
        for index, member in enumerate(members):
            audience = "child" if member.role == Member.Role.TARGET_CHILD else "parent"
            instrument = "kidscreen10" if audience == "child" else "pss"
            rows.append(
                _measurement(
                    user, member, audience, wave=0, instrument="background", answered_on=DAY
                )
            )
            for wave in (1, 2)[: 1 + (index % 3 != 0)]:
                answered_on = DAY + dt.timedelta(days=182 * wave)
                due_on = DAY + dt.timedelta(days=180 * wave)
                rows.append(
                    _measurement(
                        user,
                        member,
                        audience,
                        wave=wave,
                        instrument=instrument,
                        answered_on=answered_on,
                        due_on=due_on,
                        score=20 + (index * 7 + wave) % 25,
                    )
                )
                if audience == "child" and index % 2 == 0:
                    rows.append(
                        _measurement(
                            user,
                            member,
                            audience,
                            wave=wave,
                            instrument="child_status",
                            answered_on=answered_on,
                            due_on=due_on,
                            answers={
                                "education": 1 + (index + wave) % 5,
                                "leisure_activity": 1 + index % 5,
                                "leisure_job": index % 2,
                            },
                        )
                    )
        Measurement.objects.bulk_create(rows, batch_size=10_000)
    with connection.cursor() as cursor:
        # Fresh tables have no planner statistics inside the test's transaction.
        cursor.execute("ANALYZE")
    return ids


def _measure(choice: Choice, municipality_ids: list[int] | None) -> tuple[int, float, float]:
    """Query count, p50 and p95 in ms of `ROUNDS` dashboard builds (after one warm-up)."""
    build_dashboard(municipality_ids=municipality_ids, choice=choice)
    samples, queries = [], 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            build_dashboard(municipality_ids=municipality_ids, choice=choice)
            samples.append(1000 * (time.perf_counter() - start))
        queries = len(captured)
    p95 = statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]
    return queries, statistics.median(samples), p95


def _figures(ids: list[int]) -> dict[str, tuple[int, float, float]]:
    split = Choice(cut_off=CUT_OFF)
    return {
        "national, whole period": _measure(Choice(), None),
        "national, split at cut-off": _measure(split, None),
        "one municipality, whole period": _measure(Choice(), ids[:1]),
        "one municipality, split": _measure(split, ids[:1]),
    }


def test_dashboard_over_100000_persons(capsys: pytest.CaptureFixture[str]) -> None:
    small = _figures(_populate(0.01))
    ids = _populate(1)
    start = time.perf_counter()
    persons = person_waves.rebuild()
    rebuild_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the summary's statistics, as autovacuum would after a rebuild
    large = _figures(ids)
    lines = [
        f"Dashboards: {Member.objects.count():,} persons, {Measurement.objects.count():,} "
        f"measurement rows; summary rebuilt for {persons:,} persons in {rebuild_seconds:.1f} s; "
        f"{ROUNDS} rounds each; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]
    header = (
        f"{'dashboard':32} {'queries 1%/100%':>16} {'p50 1%':>8} {'p95 1%':>8} "
        f"{'p50 100%':>9} {'p95 100%':>9} {'p50 ratio':>10}"
    )
    lines += [header, "-" * len(header)]
    for label, (queries, p50, p95) in large.items():
        small_queries, small_p50, small_p95 = small[label]
        lines.append(
            f"{label:32} {f'{small_queries}/{queries}':>16} {small_p50:>8.0f} {small_p95:>8.0f} "
            f"{p50:>9.0f} {p95:>9.0f} {p50 / small_p50:>10.1f}"
        )
    start = time.perf_counter()
    stream = stream_csv(ExportFilters(), b"k" * 32)
    first = [next(stream) for _ in range(1000)]
    lines.append(
        f"Evaluator export: the first {len(first):,} rows in "
        f"{1000 * (time.perf_counter() - start):.0f} ms (streamed, of "
        f"{Measurement.objects.count():,} measurement rows)"
    )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    for label, (queries, _p50, _p95) in large.items():
        assert queries == small[label][0], label
