"""Benchmark of the national dashboard over 100,000 persons' waves (issue 10, "speed").

Not part of the normal suite (pytest collects test_*.py only). Run it on its own:
    pytest tests/evaluation/bench_dashboard.py -p no:xdist -s
It bulk-writes 4 municipalities × 5,000 families × 5 persons (100,000 persons, each with a
background measurement and most with wave 1 and 2 scores), then prints the time and query count
of `build_dashboard` (national and one municipality, whole period and split at a cut-off) and of
the evaluator export's first rows. The only assertion: queries are the same for 1 % of the data.
"""

import datetime as dt
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Municipality, Team
from evaluation.dashboard import Choice, build_dashboard
from evaluation.export import ExportFilters, stream_csv
from evaluation.models import Measurement
from families.models import Family, Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FAMILIES_PER_MUNICIPALITY = 5_000
PERSONS_PER_FAMILY = 5  # 3 children in the programme, 2 parents
DAY = dt.date(2025, 1, 15)


def _populate(scale: float) -> None:
    user = UserFactory(username=f"bench{scale}", municipality=None, is_national_evaluator=True)
    for number in range(4):
        municipality = Municipality.objects.create(
            name=f"Bench {scale} {number}",
            code=f"{700 + number + int(scale * 10):03d}",
            reference_prefix=f"B{'ABCDEFGH'[number]}{'XY'[scale == 1]}",
        )
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
                Measurement(
                    family_id=member.family_id,
                    member=member,
                    audience=audience,
                    wave=0,
                    instrument="background",
                    answered_on=DAY,
                    recorded_by=user,
                )
            )
            for wave in (1, 2)[: 1 + (index % 3 != 0)]:
                rows.append(
                    Measurement(
                        family_id=member.family_id,
                        member=member,
                        audience=audience,
                        wave=wave,
                        instrument=instrument,
                        answered_on=DAY + dt.timedelta(days=182 * wave),
                        due_on=DAY + dt.timedelta(days=180 * wave),
                        score=20 + (index * 7 + wave) % 25,
                        recorded_by=user,
                    )
                )
        Measurement.objects.bulk_create(rows, batch_size=10_000)
    with connection.cursor() as cursor:
        # Fresh tables have no planner statistics inside the test's transaction.
        cursor.execute("ANALYZE")


def _time(choice: Choice, municipality_ids) -> tuple[float, int]:
    samples = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            build_dashboard(municipality_ids=municipality_ids, choice=choice)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(queries)


def test_dashboard_over_100000_persons():
    _populate(0.01)
    small = _time(Choice(), None)
    _populate(1)
    persons = Member.objects.count()
    waves = Measurement.objects.count()
    print(f"\n{persons} persons, {waves} measurement rows")
    some = list(Municipality.objects.values_list("pk", flat=True)[:1])
    for label, choice, scope in (
        ("national, whole period", Choice(), None),
        ("national, split 2025-06-01", Choice(cut_off=dt.date(2025, 6, 1)), None),
        ("one municipality", Choice(), some),
    ):
        seconds, queries = _time(choice, scope)
        print(f"{label:30} {seconds * 1000:8.0f} ms  {queries} queries")
    start = time.perf_counter()
    stream = stream_csv(ExportFilters(), b"k" * 32)
    first = [next(stream) for _ in range(1000)]
    print(
        f"export: first 1,000 rows in {1000 * (time.perf_counter() - start):.0f} ms ({len(first)})"
    )
    assert _time(Choice(), None)[1] == small[1]
