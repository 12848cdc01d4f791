"""The load run at national scale (issue 12): `make bench-load` (scripts/bench_load.sh).

50 users, 40 caseworkers and 10 coordinators (the realistic mix of a large municipality), each on
a verified session tests/perf/load_data.py wrote to BENCH_LOAD_USERS; each opens the pages of
their role with a think time of 1-3 s.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

with open(os.environ["BENCH_LOAD_USERS"], encoding="utf-8") as _handle:
    _DATA: dict[str, Any] = json.load(_handle)
_NEXT = itertools.count()


class TeamUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        users = _DATA["users"]
        self.profile = users[next(_NEXT) % len(users)]
        self.client.cookies.set(_DATA["cookie"], self.profile["session"])

    @task
    def open_a_page(self) -> None:
        url = random.choice(self.profile["urls"])
        # One row per page kind: the family's id becomes <id>.
        name = "/".join("<id>" if part.isdigit() else part for part in url.split("/"))
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
