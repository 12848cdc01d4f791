"""Benchmark at national scale (issue 12): one municipality at 1× and one at 10×, in one run.

`make bench` runs it (pytest on this file; not part of the normal suite, which keeps its
query-count assertions; time is never asserted). A bulk generator fills PostgreSQL with
BENCH_FAMILIES families (default 1,000) in one municipality and ten times as many in another:
≈4 members per family, and per family 25 journal notes, 25 contacts, 10 status changes and
40 access-log rows (≈1 M rows at 10×), an active plan for 55 % of the families (5,500 at 10×)
with its next-due date, closed plans with aftercare checks, a referral per family (open,
screened, decided at a visitation meeting, wait-listed), measurement waves (the background and
waves 1–2 of each programme family's parents and target child as far as they have fallen due,
every seventh family-wave still owed, 12 % not answered; ≈75 k rows at 10×) with the stored
next-due waves and dashboard summaries, and six fidelity survey rounds. Then every page a user
reaches is measured for the same kind of user in each municipality: query count, p50 and p95,
and the 10×/1× ratios, printed as one table. The only assertion: the query count is the same at both
sizes.

    make bench                            # 1,000 and 10,000 families
    BENCH_FAMILIES=100 make bench         # a quick run
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, TeamMembership, User
from actionplans.models import ActionPlan
from evaluation import scoring
from evaluation.fidelity import ITEM_CODES
from evaluation.instruments import CHILD, PARENT, instruments_for_wave, spec_for
from evaluation.models import FidelityRound, Measurement
from evaluation.waves import owed_waves, wave_due_on
from families.cpr import age_on
from families.models import (
    AccessLogEntry,
    Contact,
    Family,
    FamilyCoordinator,
    FamilyStatusChange,
    JournalNote,
    Member,
)
from families.services import cases, members
from screening.models import Referral, VisitationDecision, VisitationMeeting, WaitListEntry
from tests.conftest import Organisation, _organisation, _team_user, give_consent
from tests.factories import UserFactory
from tests.security.twofactor import VerifiedClient

BASE = int(os.environ.get("BENCH_FAMILIES", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
NOTES, CONTACTS, CHANGES, READS = 25, 25, 10, 40
FIDELITY_ROUNDS = 6  # one every six months for three years
LAST_BENCH_WAVE = 2  # the background and progression waves 1 and 2
BATCH = 5000
SURNAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen"]
FIRST = ["Anna", "Mads", "Sofie", "Emil", "Ida", "Noah", "Freja", "Oskar", "Aisha", "Omar"]


@dataclass
class Site:
    org: Organisation
    caseworker: User
    coordinator: User
    steering: User  # the municipality's steering group: the dashboards
    family: Family  # a family of the caseworker's, with consent and an active plan


PROGRAMME = frozenset({Family.Status.ACTION_PLAN, Family.Status.INCLUDED, Family.Status.CLOSED})


def _statuses(n: int) -> list[str]:
    """55 % action plan, 10 % referred, 5 % screening, 5 % awaiting consent, 5 % included,
    20 % closed."""
    s = Family.Status
    pattern = [s.ACTION_PLAN] * 11 + [s.REFERRED] * 2 + [s.SCREENING, s.AWAITING_CONSENT]
    pattern += [s.INCLUDED] + [s.CLOSED] * 4
    return [pattern[i % len(pattern)] for i in range(n)]


def generate(org: Organisation, actor: User, count: int, rng: random.Random) -> None:
    """Bulk inserts (bulk_create, batches of 5,000): minutes for 10,000 families."""
    today = timezone.localdate()
    now = timezone.now()
    statuses = _statuses(count)
    families = Family.objects.bulk_create(
        (
            Family(
                municipality=org.municipality,
                team=org.team,
                reference=f"{org.municipality.name[:3].upper()}-2020-{n:05d}",
                name=f"Familien {rng.choice(SURNAMES)} {n}",
                status=statuses[n],
                created_by=actor,
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    people = []
    for family in families:
        surname = family.name.split()[1]
        for role, age in (
            (Member.Role.PARENT, 38),
            (Member.Role.PARENT, 40),
            (Member.Role.TARGET_CHILD, 12),
            (Member.Role.SIBLING, 8),
        ):
            people.append(
                Member(
                    family=family,
                    role=role,
                    first_name=rng.choice(FIRST),
                    last_name=surname,
                    birth_date=today.replace(year=today.year - age),
                    is_in_programme=role == Member.Role.TARGET_CHILD,
                    is_custody_holder=role == Member.Role.PARENT,
                )
            )
    Member.objects.bulk_create(people, batch_size=BATCH)
    FamilyCoordinator.objects.bulk_create(
        (
            FamilyCoordinator(family=f, user=actor, kind=FamilyCoordinator.Kind.PRIMARY)
            for f in families
        ),
        batch_size=BATCH,
    )
    department = org.children_family
    JournalNote.objects.bulk_create(
        (
            JournalNote(
                family=f,
                written_on=today - dt.timedelta(days=i * 7),
                author=actor,
                department=department,
                text=f"Notat {i}: samtale med familien om hverdagen.",
            )
            for f in families
            for i in range(NOTES)
        ),
        batch_size=BATCH,
    )
    Contact.objects.bulk_create(
        (
            Contact(
                family=f,
                kind=Contact.Kind.CALL,
                staff=actor,
                department=department,
                occurred_at=now - dt.timedelta(days=i * 5),
                summary=f"Opkald {i}",
            )
            for f in families
            for i in range(CONTACTS)
        ),
        batch_size=BATCH,
    )
    # Programme families were included 3 weeks to 2 years ago (their first change, to
    # "included"): the measurement waves fall due from that date.
    included = {
        f.pk: today - dt.timedelta(days=20 + (n * 37) % 700)
        for n, f in enumerate(families)
        if f.status in PROGRAMME
    }
    FamilyStatusChange.objects.bulk_create(
        (
            FamilyStatusChange(
                family=f,
                from_status=Family.Status.REFERRED,
                to_status=Family.Status.INCLUDED if i == 0 and f.pk in included else f.status,
                changed_by=actor,
                changed_at=_changed_at(now, included.get(f.pk), i),
            )
            for f in families
            for i in range(CHANGES)
        ),
        batch_size=BATCH,
    )
    AccessLogEntry.objects.bulk_create(
        (
            AccessLogEntry(
                user=actor,
                family=f,
                team=org.team,
                family_reference=f.reference,
                what="Overblik",
                path=f"/families/{f.pk}/",
                at=now - dt.timedelta(minutes=rng.randrange(60 * 24 * 365)),
            )
            for f in families
            for _ in range(READS)
        ),
        batch_size=BATCH,
    )
    plans = []
    for n, f in enumerate(families):
        if f.status == Family.Status.ACTION_PLAN:
            plans.append(
                ActionPlan(
                    family=f,
                    status=ActionPlan.Status.ACTIVE,
                    created_by=actor,
                    started_on=today - dt.timedelta(days=n % 200),
                )
            )
        elif f.status == Family.Status.CLOSED:
            plans.append(
                ActionPlan(
                    family=f,
                    status=ActionPlan.Status.CLOSED,
                    created_by=actor,
                    started_on=today - dt.timedelta(days=400),
                    closed_on=today - dt.timedelta(days=n % 90),
                    aftercare_on=today + dt.timedelta(days=90 - n % 90),
                    aftercare_done_on=today if n % 2 else None,
                )
            )
    for plan in plans:  # bulk_create skips save(), which keeps the queue's next-due date
        plan.queue_due_on = plan.compute_queue_due_on()
    ActionPlan.objects.bulk_create(plans, batch_size=BATCH)
    meeting = VisitationMeeting.objects.create(
        team=org.team, held_on=today - dt.timedelta(days=30), created_by=actor
    )
    referral_status: dict[str, str] = {
        Family.Status.REFERRED: Referral.Status.OPEN,
        Family.Status.SCREENING: Referral.Status.OPEN,
    }
    referrals = Referral.objects.bulk_create(
        (
            Referral(
                team=org.team,
                family=f,
                received_on=today - dt.timedelta(days=n % 500),
                source=Referral.Source.SCHOOL,
                concern="Bekymring om skolefravær.",
                status=referral_status.get(f.status, Referral.Status.INCLUDED),
                screened_at=now if n % 2 else None,
                created_by=actor,
            )
            for n, f in enumerate(families)
        ),
        batch_size=BATCH,
    )
    decided = [r for r in referrals if r.status == Referral.Status.INCLUDED]
    VisitationDecision.objects.bulk_create(
        (
            VisitationDecision(
                referral=r,
                meeting=meeting,
                outcome=VisitationDecision.Outcome.INCLUDE,
                criteria_met=True,
                decided_by=actor,
            )
            for r in decided
        ),
        batch_size=BATCH,
    )
    waiting = [r for r in referrals if r.status == Referral.Status.OPEN and r.screened_at][::2]
    Referral.objects.filter(pk__in=[r.pk for r in waiting]).update(
        status=Referral.Status.WAIT_LISTED
    )
    WaitListEntry.objects.bulk_create(
        (
            WaitListEntry(team=org.team, referral=r, position=i + 1, added_on=today)
            for i, r in enumerate(waiting)
        ),
        batch_size=BATCH,
    )
    by_family: dict[int, list[Member]] = {}
    for person in people:
        by_family.setdefault(person.family_id, []).append(person)
    Measurement.objects.bulk_create(
        _measurements(families, by_family, included, actor, rng), batch_size=BATCH
    )
    FidelityRound.objects.bulk_create(
        FidelityRound(
            municipality=org.municipality,
            answered_on=today - dt.timedelta(days=182 * k + 10),
            answers={code: rng.choice([1, 2, 3, 4, 5, 5, 4, None]) for code in ITEM_CODES},
            recorded_by=actor,
        )
        for k in range(FIDELITY_ROUNDS)
    )
    _refresh_stored_summaries([f.pk for f in families])


def _changed_at(now: dt.datetime, included_on: dt.date | None, i: int) -> dt.datetime:
    """The i-th of a family's status changes: from its inclusion (or 400 days ago) to now."""
    start = now - dt.timedelta(days=400)
    if included_on is not None:
        start = dt.datetime.combine(included_on, dt.time(10), tzinfo=now.tzinfo)
    return start + (now - start) * i / CHANGES


def _measurements(
    families: list[Family],
    by_family: dict[int, list[Member]],
    included: dict[int, dt.date],
    actor: User,
    rng: random.Random,
) -> Iterator[Measurement]:
    """The background and waves 1–2 of the programme families' parents and target child, as
    far as they have fallen due; every seventh family-wave not recorded yet (the due lists),
    12 % of the persons' instruments recorded as not answered (declined)."""
    today = timezone.localdate()
    for n, family in enumerate(families):
        included_on = included.get(family.pk)
        if included_on is None:
            continue
        for wave in owed_waves(included_on, today):
            due_on = wave_due_on(included_on, wave)
            if wave > LAST_BENCH_WAVE or due_on > today or (n + wave) % 7 == 0:
                continue
            answered_on = min(today, due_on + dt.timedelta(days=n % 20))
            for person in by_family[family.pk]:
                audience = _audience(person)
                if audience is None:
                    continue
                age = age_on(person.birth_date, answered_on) if person.birth_date else None
                for code in instruments_for_wave(audience=audience, wave=wave, age=age):
                    yield _measurement(
                        family, person, audience, wave, code, due_on, answered_on, actor, rng
                    )


def _audience(person: Member) -> str | None:
    if person.role == Member.Role.TARGET_CHILD:
        return CHILD
    return PARENT if person.role == Member.Role.PARENT else None


def _measurement(
    family: Family,
    person: Member,
    audience: str,
    wave: int,
    code: str,
    due_on: dt.date,
    answered_on: dt.date,
    actor: User,
    rng: random.Random,
) -> Measurement:
    spec = spec_for(code, audience)
    row = Measurement(
        family=family,
        member=person,
        audience=audience,
        wave=wave,
        instrument=code,
        due_on=due_on,
        answered_on=answered_on,
        age_at_answer=age_on(person.birth_date, answered_on) if person.birth_date else None,
        recorded_by=actor,
    )
    if rng.random() < 0.12:
        row.outcome = Measurement.Outcome.NOT_ANSWERED
        row.reason = Measurement.Reason.DECLINED
        row.no_score_reason = scoring.NO_SCORE_NOT_ANSWERED if spec.is_scored else ""
        return row
    row.answers = {
        item.code: rng.choice(
            [value for value, _label in item.options] or range(item.minimum, item.maximum + 1)
        )
        for item in spec.items
    }
    result = scoring.score(spec, row.answers)
    row.score, row.raw_score, row.no_score_reason = (
        result.value,
        result.raw,
        result.no_score_reason,
    )
    return row


def _refresh_stored_summaries(family_ids: list[int]) -> None:
    """What the services keep on every write and bulk inserts skip: each family's next owed
    wave (the queue and my work read it) and the dashboards' per-person summaries."""
    from evaluation import person_waves
    from evaluation.measurement_due import refresh_measurement_due

    refresh_measurement_due(family_ids)
    person_waves.rebuild()


def _site(name: str, code: str, count: int, rng: random.Random) -> Site:
    org = _organisation(name, code, name[:3].upper())
    caseworker = _team_user(org, org.children_family, TeamMembership.Role.CASEWORKER, f"cw-{name}")
    coordinator = _team_user(org, org.social, TeamMembership.Role.TEAM_COORDINATOR, f"co-{name}")
    start = time.perf_counter()
    generate(org, caseworker, count, rng)
    family = cases.create_family(actor=caseworker, team=org.team, name="Familien Bench")
    for first, role in (("Mor", Member.Role.PARENT), ("Far", Member.Role.PARENT)):
        members.add_member(
            actor=caseworker,
            family=family,
            role=role,
            first_name=first,
            last_name="Bench",
            birth_date=dt.date(1985, 1, 1),
            is_custody_holder=True,
        )
    members.add_member(
        actor=caseworker,
        family=family,
        role=Member.Role.TARGET_CHILD,
        first_name="Barn",
        last_name="Bench",
        birth_date=dt.date(2013, 1, 1),
    )
    give_consent(family, caseworker, org.children_family, _department(org))
    ActionPlan.objects.create(
        family=family,
        status=ActionPlan.Status.ACTIVE,
        created_by=caseworker,
        started_on=timezone.localdate() - dt.timedelta(days=30),
    )
    # Included 13 months ago: its measurement page shows three waves (the background not
    # recorded yet, waves 1 and 2 recorded).
    included_on = timezone.localdate() - dt.timedelta(days=395)
    FamilyStatusChange.objects.filter(family=family, to_status=Family.Status.INCLUDED).update(
        changed_at=dt.datetime.combine(included_on, dt.time(10), tzinfo=dt.UTC)
    )
    Measurement.objects.bulk_create(
        _measurements(
            [family],
            {family.pk: list(family.members.all())},
            {family.pk: included_on},
            caseworker,
            rng,
        )
    )
    _refresh_stored_summaries([family.pk])
    print(f"\n{name}: {count} families generated in {time.perf_counter() - start:.0f} s")
    steering = UserFactory(
        username=f"st-{name}", municipality=org.municipality, is_steering_group=True
    )
    return Site(
        org=org, caseworker=caseworker, coordinator=coordinator, steering=steering, family=family
    )


def _department(org: Organisation) -> Department:
    return org.social


def _pages(site: Site) -> dict[str, tuple[str, str]]:
    """Page name → (who, URL): every page a user reaches."""
    pk = site.family.pk
    return {
        "my families": ("cw", reverse("families:mine")),
        "team families": ("cw", reverse("families:team")),
        "search": ("cw", "search"),
        "family overview": ("cw", reverse("families:detail", args=[pk])),
        "journal": ("cw", reverse("families:notes", args=[pk])),
        "contacts": ("cw", reverse("families:contacts", args=[pk])),
        "history": ("co", reverse("families:history", args=[pk])),
        "family access log": ("co", reverse("families:access_log", args=[pk])),
        "team access log": ("co", reverse("families:team_access_log")),
        "plan": ("cw", reverse("actionplans:plan", args=[pk])),
        "plan PDF (working copy)": ("cw", reverse("actionplans:working_copy", args=[pk])),
        "queue": ("co", reverse("actionplans:queue")),
        "inbox": ("co", reverse("screening:inbox")),
        "visitation": ("co", reverse("screening:visitation")),
        "my work": ("cw", reverse("my_work:index")),
        "measurements (family)": ("cw", reverse("measurements:family", args=[pk])),
        "measurements (person)": (
            "cw",
            reverse(
                "measurements:member", args=[pk, site.family.members.get(first_name="Barn").pk]
            ),
        ),
        "fidelity rounds": ("co", reverse("evaluation:fidelity")),
        "dashboard (steering)": ("st", reverse("evaluation:overview")),
    }


def _measure(
    get: Callable[[], object], capture: Callable[..., Any]
) -> tuple[int, int, float, float]:
    get()  # warm up
    # The query log is a deque of 9,000: once full (the generator fills it) its length stays the
    # same, and a capture that slices it by length would see nothing.
    connection.queries_log.clear()
    with capture(100_000) as captured:
        response = get()
    status = getattr(response, "status_code", 0)
    # Counted now: every request empties the query log (request_started → reset_queries).
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        get()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return status, queries, statistics.median(timings), p95


def _results(site: Site, capture: Callable[..., Any]) -> dict[str, tuple[int, int, float, float]]:
    clients = {"cw": VerifiedClient(), "co": VerifiedClient(), "st": VerifiedClient()}
    clients["cw"].force_login(site.caseworker)
    clients["co"].force_login(site.coordinator)
    clients["st"].force_login(site.steering)
    results = {}
    for name, (who, url) in _pages(site).items():
        client = clients[who]
        if url == "search":
            response = client.post(reverse("families:team"), {"q": "Jensen"})
            url = response["Location"]
        results[name] = _measure(functools.partial(client.get, url), capture)
    return results


@pytest.mark.django_db(transaction=False)
def test_scale_benchmark(
    capsys: pytest.CaptureFixture[str], django_assert_max_num_queries: Callable[..., Any]
) -> None:
    rng = random.Random(12)
    small = _site("Lilleby", "911", BASE, rng)
    large = _site("Storeby", "912", BASE * 10, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    one = _results(small, django_assert_max_num_queries)
    ten = _results(large, django_assert_max_num_queries)
    lines = [
        f"| page | queries 1× | queries 10× | ratio | p50 1× | p95 1× | p50 10× | p95 10× "
        f"| p50 10×/1× |  ({BASE} / {BASE * 10} families, {ROUNDS} rounds, ms)",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in one:
        s1, q1, p50a, p95a = one[name]
        s2, q2, p50b, p95b = ten[name]
        status = "" if s1 == s2 == 200 else f" (HTTP {s1}/{s2})"
        lines.append(
            f"| {name}{status} | {q1} | {q2} | {q2 / q1 if q1 else 0:.2f} | {p50a:.0f} | {p95a:.0f}"
            f" | {p50b:.0f} | {p95b:.0f} | {p50b / p50a if p50a else 0:.2f} |"
        )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert {name: one[name][1] for name in one} == {name: ten[name][1] for name in ten}
