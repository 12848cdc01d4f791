"""Small-cell suppression for everything a page (and its CSVs) shows together. Pure: no database.

The rules (issue 10, seed 001 p. 653/735):
* a cell that describes 1–3 persons or families is shown as "≤3" (primary suppression);
* nothing shown beside it may give it away: no exact total, difference, share or mean over a
  group of three or fewer — so further cells are hidden ("·") until no small group can be worked
  out from what is shown (complementary suppression);
* this is decided over **all** tables of a page at once: two tables that count the same population
  (e.g. referrals by status and by source) share their row and grand totals, so a total shown in one
  table is known when checking the other;
* means (and medians) are shown only over n ≥ 4 persons whose count is itself shown.

How it decides. Every number is a *cell* with a key. Additive relations between cells are *groups*
(`total = part_1 + … + part_n`). The engine plays the attacker: it starts from what a reader knows
about each cell (a shown cell is exact; "≤3" means 1–3; "·" means 4 or more; a group that is never
shown, e.g. "the other teams", means 0 or more), narrows these intervals through every group until
nothing changes, and calls a *disclosure* any group of 1–3 whose exact size can be worked out.
While there is a disclosure, it hides one more shown cell — the one near the disclosure that
leaves the fewest disclosures, then the fewest groups of 1–3 narrowed below "1–3" at all, then
the smallest — and checks again. Zeros are always shown.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

SMALL_MAX = 3
MIN_GROUP_FOR_MEAN = SMALL_MAX + 1
SMALL_LABEL = f"≤{SMALL_MAX}"
HIDDEN_LABEL = "·"
_UNBOUNDED = 10**12
_MAX_STEPS = 200_000

Key = Hashable


def is_small(value: int) -> bool:
    return 0 < value <= SMALL_MAX


@dataclass
class Problem:
    """The cells and additive relations of one page, before suppression."""

    values: dict[Key, int] = field(default_factory=dict)
    shown: set[Key] = field(default_factory=set)  # cells the page displays (others are implied)
    groups: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)

    def add(self, key: Key, value: int, *, displayed: bool = True) -> Key:
        """Add a count; the same key added twice must carry the same value (one population)."""
        if value < 0:
            raise ValueError(f"negative count for {key!r}")
        previous = self.values.get(key)
        if previous is not None and previous != value:
            raise ValueError(f"{key!r} counted twice with different values: {previous}, {value}")
        self.values[key] = value
        if displayed:
            self.shown.add(key)
        return key

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        """`total` is the sum of `parts` (and a reader knows it)."""
        parts = tuple(parts)
        for key in (total, *parts):
            if key not in self.values:
                raise KeyError(key)
        if sum(self.values[part] for part in parts) != self.values[total]:
            raise ValueError(f"parts of {total!r} do not add up")
        self.groups.append((total, parts))

    def solve(self) -> Solution:
        """Suppress each independent part (cells linked by groups) on its own: the same result,
        and a page of many populations costs the sum of small problems, not one large one."""
        hidden: set[Key] = set()
        for part in self._components():
            if any(is_small(part.values[key]) for key in part.shown):
                hidden |= _Solver(part).run().hidden
        return Solution(values=dict(self.values), hidden=frozenset(hidden))

    def _components(self) -> list[Problem]:
        parent: dict[Key, Key] = {key: key for key in self.values}

        def root(key: Key) -> Key:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for total, parts in self.groups:
            for part in parts:
                parent[root(part)] = root(total)
        components: dict[Key, Problem] = {}
        for key, value in self.values.items():
            component = components.setdefault(root(key), Problem())
            component.values[key] = value
            if key in self.shown:
                component.shown.add(key)
        for total, parts in self.groups:
            components[root(total)].groups.append((total, parts))
        return list(components.values())


@dataclass(frozen=True)
class Solution:
    values: dict[Key, int]
    hidden: frozenset[Key]

    def is_shown(self, key: Key) -> bool:
        return key not in self.hidden

    def value(self, key: Key) -> int | None:
        """The number when it may be shown, else None."""
        return None if key in self.hidden else self.values[key]

    def label(self, key: Key) -> str:
        value = self.values[key]
        if key not in self.hidden:
            return str(value)
        return SMALL_LABEL if is_small(value) else HIDDEN_LABEL

    def share(self, numerator: Key, denominator: Key) -> float | None:
        """A share only when both counts are shown and the denominator is at least 4."""
        top, bottom = self.value(numerator), self.value(denominator)
        if top is None or bottom is None or bottom < MIN_GROUP_FOR_MEAN:
            return None
        return top / bottom

    def allows_mean(self, count: Key) -> bool:
        """A mean (or median) over a group: only when its count is shown and at least 4."""
        n = self.value(count)
        return n is not None and n >= MIN_GROUP_FOR_MEAN


class _Solver:
    def __init__(self, problem: Problem) -> None:
        self.values = problem.values
        self.shown = problem.shown
        self.groups = problem.groups
        self.groups_of: dict[Key, list[int]] = {}
        for index, (total, parts) in enumerate(self.groups):
            for key in (total, *parts):
                self.groups_of.setdefault(key, []).append(index)
        self.unavoidable: set[Key] = set()
        self.hidden: set[Key] = {key for key in problem.shown if is_small(problem.values[key])}

    def prior(self, key: Key) -> tuple[int, int]:
        """What a reader knows of a cell before combining anything."""
        if key not in self.shown:
            return (0, _UNBOUNDED)
        if key not in self.hidden:
            value = self.values[key]
            return (value, value)
        return (1, SMALL_MAX) if is_small(self.values[key]) else (SMALL_MAX + 1, _UNBOUNDED)

    def bounds(self, hidden: set[Key]) -> dict[Key, tuple[int, int]]:
        """What a reader can narrow every cell to, combining every group (to a fixed point)."""
        saved, self.hidden = self.hidden, hidden
        try:
            interval = {key: self.prior(key) for key in self.values}
        finally:
            self.hidden = saved
        # A work list of groups: a group is looked at again only when one of its cells changed.
        queue = deque(range(len(self.groups)))
        queued = set(queue)
        steps = 0
        while queue and steps < _MAX_STEPS:
            steps += 1
            index = queue.popleft()
            queued.discard(index)
            total, parts = self.groups[index]
            changed: list[Key] = []
            lows = [interval[part][0] for part in parts]
            highs = [interval[part][1] for part in parts]
            sum_low, raw_sum_high = sum(lows), sum(highs)
            low, high = interval[total]
            new_total = (max(low, sum_low), min(high, raw_sum_high, _UNBOUNDED))
            if new_total != (low, high):
                interval[total] = new_total
                changed.append(total)
            low, high = interval[total]
            for position, part in enumerate(parts):
                others_low = sum_low - lows[position]
                others_high = min(raw_sum_high - highs[position], _UNBOUNDED)
                part_low, part_high = interval[part]
                new_part = (max(part_low, low - others_high), min(part_high, high - others_low))
                if new_part != (part_low, part_high):
                    interval[part] = new_part
                    changed.append(part)
            for key in changed:
                for other in self.groups_of[key]:
                    if other not in queued:
                        queue.append(other)
                        queued.add(other)
        return interval

    def disclosures(self, hidden: set[Key]) -> tuple[list[Key], int]:
        """Groups of 1–3 whose exact size a reader can work out, and how many groups of 1–3 a
        reader can narrow below "1–3" at all (the smaller, the better)."""
        interval = self.bounds(hidden)
        found = []
        narrowed = 0
        for key, value in self.values.items():
            if not is_small(value):
                continue
            low, high = interval[key]
            if low == high and key not in self.unavoidable:
                found.append(key)
            if low > 1 or high < SMALL_MAX:
                narrowed += 1
        return found, narrowed

    def candidates(self, key: Key, hidden: set[Key]) -> list[Key]:
        """Shown cells whose hiding could protect `key`: in its groups, and in the groups of any
        hidden or implied cell reached from there (a hidden total known from another table)."""
        seen_cells, seen_groups = {key}, set()
        queue, found = [key], []
        while queue:
            cell = queue.pop()
            for index in self.groups_of.get(cell, []):
                if index in seen_groups:
                    continue
                seen_groups.add(index)
                total, parts = self.groups[index]
                for other in (total, *parts):
                    if other in seen_cells:
                        continue
                    seen_cells.add(other)
                    if other in self.shown and other not in hidden:
                        if self.values[other] > 0:
                            found.append(other)
                    else:
                        queue.append(other)
        return found

    def run(self) -> Solution:
        hidden = set(self.hidden)
        disclosed, narrowed = self.disclosures(hidden)
        while disclosed:
            options = self.candidates(disclosed[0], hidden)
            if not options:
                # The labels alone give it away (e.g. three "≤3" parts of a "≤3" total are 1
                # each): no shown number is involved, so hiding more would not help.
                self.unavoidable.add(disclosed[0])
                disclosed, narrowed = self.disclosures(hidden)
                continue
            best: tuple[int, int, int, str] | None = None
            best_key: Key = None
            best_disclosed, best_narrowed = disclosed, narrowed
            # Smallest first; a choice that both protects and narrows less is taken at once.
            for option in sorted(options, key=lambda key: (self.values[key], repr(key))):
                trial_disclosed, trial_narrowed = self.disclosures(hidden | {option})
                score = (len(trial_disclosed), trial_narrowed, self.values[option], repr(option))
                if best is None or score < best:
                    best, best_key = score, option
                    best_disclosed, best_narrowed = trial_disclosed, trial_narrowed
                if len(trial_disclosed) < len(disclosed) and trial_narrowed < narrowed:
                    break
            hidden.add(best_key)
            disclosed, narrowed = best_disclosed, best_narrowed
        # Greedy choices can overshoot: show again every extra cell that is not needed.
        primary = set(self.hidden)
        extra = sorted(hidden - primary, key=lambda key: (-self.values[key], repr(key)))
        for key in extra:
            trial = hidden - {key}
            trial_disclosed, trial_narrowed = self.disclosures(trial)
            if not trial_disclosed and trial_narrowed <= narrowed:
                hidden, narrowed = trial, trial_narrowed
        return Solution(values=dict(self.values), hidden=frozenset(hidden))


def solve_groups(values: dict[Key, int], groups: Sequence[tuple[Key, Sequence[Key]]]) -> Solution:
    """Convenience for tests and small tables: every cell displayed."""
    problem = Problem()
    for key, value in values.items():
        problem.add(key, value)
    for total, parts in groups:
        problem.relate(total, parts)
    return problem.solve()
