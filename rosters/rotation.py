"""Who is on duty next: a fair rotation among the people stationed at a workroom on the day,
passing over anyone already on duty elsewhere at that time.

Each shift takes the rule's number of representatives, fewest duties this month first, then
whoever served least recently, then a fixed order that starts after the last person who served,
so over a month everyone's share differs by at most one and the same person does not always
open the month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date, time

from representatives.models import Assignment

# Busy times of one person: (date, start, end) of each duty they already hold.
Busy = list[tuple[date, time, time]]


def overlaps(busy: Busy, day: date, start: time, end: time) -> bool:
    return any(d == day and s < end and start < e for d, s, e in busy)


class Rotation:
    """Picks who serves next among a pool, fairly, remembering what it has handed out."""

    def __init__(
        self,
        counts: Mapping[int, int],
        last_served: Mapping[int, date],
        busy: defaultdict[int, Busy],
    ) -> None:
        self.counts: defaultdict[int, int] = defaultdict(int, counts)
        self.last_served: dict[int, date] = dict(last_served)
        # Shared, not copied: the rotations of every workroom in a batch write into it, so a
        # person stationed at two of them is not put on two duties at the same time.
        self.busy = busy

    def order(self, pool: list[int]) -> list[int]:
        # A fixed cycle by id that starts after whoever served last, so ties do not always go
        # to the same person month after month.
        pool = sorted(pool)
        served = [p for p in pool if p in self.last_served]
        if served:
            last = max(served, key=lambda p: (self.last_served[p], p))
            start = pool.index(last) + 1
            pool = pool[start:] + pool[:start]
        position = {p: i for i, p in enumerate(pool)}
        return sorted(
            pool,
            key=lambda p: (self.counts[p], self.last_served.get(p, date.min), position[p]),
        )

    def pick(
        self,
        pool: list[int],
        n: int,
        day: date,
        start: time,
        end: time,
        exclude: Collection[int] = (),
    ) -> list[int]:
        chosen: list[int] = []
        for person in self.order(pool):
            if len(chosen) == n:
                break
            if person in exclude or overlaps(self.busy[person], day, start, end):
                continue  # On duty elsewhere at that time: passed over this once.
            chosen.append(person)
        for person in chosen:
            self.counts[person] += 1
            self.last_served[person] = day
            self.busy[person].append((day, start, end))
        return chosen


def pool_on(assignments: list[Assignment], day: date) -> list[int]:
    return sorted(
        {
            a.representative_id
            for a in assignments
            if a.start_date <= day and (a.end_date is None or a.end_date >= day)
        }
    )


def busy_by_person(rows: Iterable[tuple[int, date, time, time]]) -> defaultdict[int, Busy]:
    busy: defaultdict[int, Busy] = defaultdict(list)
    for person, day, start, end in rows:
        busy[person].append((day, start, end))
    return busy
