"""Benchmark of the family pages: query counts and p50/p95 response times, as figures.

Run with `make bench` (pytest on this file; it is not part of the normal suite). It prints a
table; the only assertion is that the query count does not grow with the family's size.
"""

import statistics
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Member
from families.services import contacts, journal, members
from tests.conftest import give_consent

ROUNDS = 30


def _grow(family, actor, department, size: int) -> None:
    for index in range(size):
        members.add_member(
            actor=actor,
            family=family,
            role=Member.Role.SIBLING,
            first_name=f"Søskende{index}",
            last_name="Bench",
            birth_date=timezone.localdate().replace(year=2012),
        )
        journal.write_journal_note(
            actor=actor,
            family=family,
            department_id=department.pk,
            written_on=timezone.localdate(),
            category="general",
            text=f"Notat {index}",
        )
        contacts.log_contact(
            actor=actor,
            family=family,
            department_id=department.pk,
            kind="call",
            occurred_at=timezone.now(),
            summary=f"Opkald {index}",
        )


def _measure(client, url: str, capture) -> tuple[int, float, float]:
    client.get(url)  # warm up: the first request of a session fills caches (content types…)
    with capture(10_000) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)
    assert response.status_code == 200
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return queries, statistics.median(timings), p95


@pytest.mark.django_db
def test_family_pages_benchmark(
    client, caseworker, nordby, family, capsys, django_assert_max_num_queries
):
    give_consent(family, caseworker, nordby.children_family)
    client.force_login(caseworker)
    pages = {
        "team list": reverse("families:team"),
        "overview": reverse("families:detail", args=[family.pk]),
        "journal": reverse("families:notes", args=[family.pk]),
        "history": reverse("families:history", args=[family.pk]),
    }
    rows = []
    counts: dict[str, list[int]] = {name: [] for name in pages}
    grown = 0
    for size in (2, 40, 200):
        _grow(family, caseworker, nordby.children_family, size - grown)
        grown = size
        for name, url in pages.items():
            queries, p50, p95 = _measure(client, url, django_assert_max_num_queries)
            counts[name].append(queries)
            rows.append(
                f"{name:<10} size {size:>4}: {queries:>3} queries, "
                f"p50 {p50:6.1f} ms, p95 {p95:6.1f} ms"
            )
    with capsys.disabled():
        print("\n" + "\n".join(rows))
    for name in ("team list", "overview", "journal"):
        assert len(set(counts[name])) == 1, (name, counts[name])
    # The history's newest page reads the kinds of record on it (one query each): as the family
    # grows, older kinds drop off the page, so its count may fall but never grows.
    assert max(counts["history"]) <= counts["history"][0], counts["history"]
