"""Data and sessions for `make bench-load` (issue 12): run by scripts/bench_load.sh.

Fills the (migrated) database DATABASE_URL points at with one municipality of 10 × BENCH_FAMILIES
families (tests/perf/bench_scale.py's generator), then writes verified (two-factor) sessions for
40 caseworkers and 10 coordinators, with the URLs each may open, to the JSON file named by the
first argument, for tests/perf/locustfile.py.
"""

from __future__ import annotations

import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from accounts.models import TeamMembership, User  # noqa: E402
from families.models import Family, FamilyCoordinator  # noqa: E402
from tests.conftest import _organisation, _team_user  # noqa: E402
from tests.perf.bench_scale import BASE, generate  # noqa: E402
from tests.security.twofactor import totp_device  # noqa: E402


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that loads users (django-axes' comes first and only guards log-ins).
    store[BACKEND_SESSION_KEY] = next(
        name for name in settings.AUTHENTICATION_BACKENDS if "axes" not in name.lower()
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    store.create()
    return str(store.session_key)


def main(path: str) -> None:
    rng = random.Random(12)
    org = _organisation("Lastby", "913", "LAS")
    caseworkers = [
        _team_user(org, org.children_family, TeamMembership.Role.CASEWORKER, f"load-cw{n}")
        for n in range(40)
    ]
    coordinators = [
        _team_user(org, org.social, TeamMembership.Role.TEAM_COORDINATOR, f"load-co{n}")
        for n in range(10)
    ]
    generate(org, caseworkers[0], BASE * 10, rng)
    families = list(Family.objects.filter(team=org.team).values_list("pk", flat=True))
    # Spread the families over the caseworkers, as a team would.
    for n, family_id in enumerate(families):
        FamilyCoordinator.objects.filter(family_id=family_id).update(
            user=caseworkers[n % len(caseworkers)]
        )
    users = []
    for user in caseworkers:
        own = list(
            FamilyCoordinator.objects.filter(user=user).values_list("family_id", flat=True)[:20]
        )
        users.append(
            {
                "role": "caseworker",
                "session": _session(user),
                "urls": [
                    reverse("families:mine"),
                    reverse("families:team"),
                    reverse("my_work:index"),
                ]
                # The generated families have no consent: the journal and contact log would be
                # refused (403), so the load run opens the overview of each.
                + [reverse("families:detail", args=[pk]) for pk in own],
            }
        )
    for user in coordinators:
        users.append(
            {
                "role": "coordinator",
                "session": _session(user),
                "urls": [
                    reverse("actionplans:queue"),
                    reverse("screening:inbox"),
                    reverse("screening:visitation"),
                    reverse("families:team_access_log"),
                    reverse("families:team"),
                ],
            }
        )
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"cookie": settings.SESSION_COOKIE_NAME, "users": users}, handle)


if __name__ == "__main__":
    main(sys.argv[1])
