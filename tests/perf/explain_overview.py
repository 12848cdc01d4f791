"""Every query of the family overview, the plan page and the measurements page, and who issues it
(issue 12 follow-up).

Not part of the suite (not a test_ file). It seeds the demo, opens family Amedi (Nordby: active
plan, deadlines, measurements, an outside grant) as the team coordinator and as the caseworker
(its primary coordinator), then grows the family tenfold (members, journal notes, contacts,
handovers, tasks, deadlines) and does it again. Per page it prints the query count at both sizes
and each query with the first project frame that issued it.

    KT_TEST_DB=kt_explain DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/pytest \\
        tests/perf/explain_overview.py -p no:xdist -q -s --reuse-db
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families import deadlines
from families.models import Contact, Family, JournalNote, Member, Task
from families.services import contacts, handovers, journal, members
from tests.security.twofactor import VerifiedClient

ROOT = Path(settings.BASE_DIR).resolve()
SKIP = ("/.venv/", "/tests/", "/config/middleware", "/config/request_context")


def _issuer(stack: list[traceback.FrameSummary]) -> str:
    """The innermost frame of project code (not the venv, not this script)."""
    for frame in reversed(stack):
        path = str(Path(frame.filename).resolve())
        if path.startswith(str(ROOT)) and not any(part in path for part in SKIP):
            return f"{Path(path).relative_to(ROOT)}:{frame.lineno} {frame.name}"
    for frame in reversed(stack):
        if frame.filename.endswith(".html") or "template" in frame.filename:
            return f"{frame.filename}:{frame.lineno}"
    return "?"


@contextmanager
def _recording() -> Iterator[list[tuple[str, str, float]]]:
    seen: list[tuple[str, str, float]] = []

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        issuer = _issuer(traceback.extract_stack()[:-1])
        start = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            seen.append((issuer, sql, (time.perf_counter() - start) * 1000))

    with connection.execute_wrapper(wrapper):
        yield seen


def _grow(family: Family, actor: User, factor: int) -> None:
    """`factor` times the family's members, notes, contacts, handovers, tasks and deadlines."""
    membership = actor.memberships.filter(is_active=True).first()
    assert membership is not None and membership.department is not None
    department = membership.department
    today = timezone.localdate()
    existing = Member.objects.filter(family=family).count()
    people = [
        members.add_member(
            actor=actor,
            family=family,
            role=Member.Role.SIBLING,
            first_name=f"Barn{number}",
            last_name="Tifold",
            birth_date=dt.date(2012, 1, 1) + dt.timedelta(days=number),
        )
        for number in range(existing * (factor - 1))
    ]
    for number, person in enumerate(people):
        journal.write_journal_note(
            actor=actor,
            family=family,
            department_id=department.pk,
            written_on=today,
            category=JournalNote.Category.GENERAL,
            text=f"Notat {number}",
            members=[person],
        )
        contacts.log_contact(
            actor=actor,
            family=family,
            department_id=department.pk,
            kind=Contact.Kind.CALL,
            occurred_at=timezone.now() - dt.timedelta(minutes=number),
            summary=f"Opkald {number}",
            members=[person],
        )
        handovers.record_handover(
            actor=actor,
            family=family,
            department=department,
            handed_over_on=today,
            member=person,
            case_reference=f"BF-{number}",
        )
        Task.objects.create(
            family=family, member=person, title=f"Opgave {number}", due_on=today, created_by=actor
        )
    for trigger, _label in deadlines.trigger_choices()[:factor]:
        try:
            deadlines.start_deadlines(
                actor=actor,
                family=family,
                trigger=trigger,
                started_at=timezone.now(),
                member=people[0],
            )
        except ValidationError as error:  # a trigger that needs something else
            print(f"deadline {trigger}: {error}")


def _pages(family: Family) -> dict[str, str]:
    return {
        "overview": reverse("families:detail", args=[family.pk]),
        "plan": reverse("actionplans:plan", args=[family.pk]),
        "measurements": reverse("measurements:family", args=[family.pk]),
    }


def _report(label: str, users: dict[str, User], family: Family) -> dict[tuple[str, str], int]:
    counts = {}
    for who, user in users.items():
        client = VerifiedClient()
        client.force_login(user)
        for page, url in _pages(family).items():
            client.get(url)  # warm the process' caches (content types, permissions)
            with _recording() as seen:
                response = client.get(url)
            assert response.status_code == 200, (page, who, response.status_code)
            counts[(page, who)] = len(seen)
            print(f"\n=== {label}: {page} as {who}: {len(seen)} queries")
            for number, (issuer, sql, ms) in enumerate(seen, 1):
                print(f"{number:>3} {ms:6.2f} ms {issuer:<60} {' '.join(sql.split())[:120]}")
    return counts


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_explain_overview() -> None:
    call_command("seed_demo", "--no-logins")
    family = Family.objects.get(municipality__name="Nordby", name__contains="Amedi")
    users = {
        "coordinator": User.objects.get(username="coordinator"),
        "caseworker": User.objects.get(username="caseworker"),
    }
    one = _report("demo", users, family)
    _grow(family, users["caseworker"], 10)
    print(
        f"\ngrown: {Member.objects.filter(family=family).count()} members, "
        f"{JournalNote.objects.filter(family=family).count()} notes"
    )
    ten = _report("10x", users, family)
    print("\npage / user: demo, 10x")
    for key in one:
        print(f"  {key[0]:<13} {key[1]:<12} {one[key]:>3} {ten[key]:>3}")
