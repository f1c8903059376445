"""A whole province of data for the benchmarks (issue 13 §1), on PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/province \\
        .venv/bin/python bench/province.py --scale 1.0 [--seed 13] [--database-url URL]

creates the database when it is missing, migrates it, empties every table the app fills and
builds, at ``--scale`` 1.0: 100 districts (under 10 cities and a province), 1,000
subdistricts and towns, 8,900 communities and villages, 10,000 workrooms (one per district,
subdistrict and community), 100,000 representatives (each with an account, a role and an
assignment), 1,000,000 duty shifts from weekly rotation rules with their duties, 2,000,000
requests over the last three years with their step history in the audit log (the entries the
workflow writes, so a request's page shows its real history), 500,000 activities and 200,000
micro-wishes (with their history). A few workrooms are busy and most are quiet (Pareto
weights); old requests are archived, recent ones spread over the six steps, some overdue.

Four sign-ins for the benchmark runner, password ``bench-pass-2026``, language zh-hans:
``bench-office`` (liaison office of the busiest district), ``bench-clerk`` (clerk of the
busiest subdistrict of that district: requests in every step, some due today, some overdue),
``bench-rep`` (a representative stationed there, on duty this month and next, handling
requests) and ``bench-admin`` (superuser).

Staff sign-ins need the app started with ``TWO_FACTOR_REQUIRED=0`` (on by default with
PostgreSQL, it sends them to set up an authenticator first). Run the generator with the app's
``REDIS_URL``: it makes the cached public pages of the previous data stale.

Rows are streamed with COPY, the big tables by ``--writers`` connections at once (3 by default;
0 writes everything in one transaction on one connection); every constraint, index and trigger
stays in place and checks every row. Running it again replaces everything (TRUNCATE ...
RESTART IDENTITY CASCADE of the app's tables; the rows the migrations ship, activity types,
deadline rules and building standards, are kept); a run that fails half-way leaves a part,
which the next run replaces. The same seed and scale give the same data, dated relative to
today (Asia/Shanghai). Prints the rows per table and the seconds per phase. About 9 to 12
minutes at 1.0 on two busy cores, 75 seconds at 0.1; the database takes 6.6 GB at 1.0.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import queue
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if __name__ == "__main__":
    # Only when run as a command: the test imports this module inside a configured Django.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench import province_text as text  # noqa: E402

PASSWORD = "bench-pass-2026"
SIGN_INS = ("bench-office", "bench-clerk", "bench-rep", "bench-admin")
FULL = {
    "districts": 100,
    "subdistricts": 1_000,
    "workrooms": 10_000,
    "representatives": 100_000,
    "shifts": 1_000_000,
    "petitions": 2_000_000,
    "activities": 500_000,
    "wishes": 200_000,
}
YEARS = 3
BATCH = 20_000
# Not a usable hash: these accounts exist (they act in the histories) but cannot sign in.
UNUSABLE = "!benchprovincenopasswordxxxxxxxxxxxxxxxxx"
NULL = "\\N"


def sizes(scale: float) -> dict[str, int]:
    """The counts at ``scale``. The tree keeps a minimum shape at tiny scales (two districts of
    two subdistricts, a community under each) so that scopes still have siblings to hide."""
    n = {key: max(1, round(full * scale)) for key, full in FULL.items()}
    n["districts"] = max(2, n["districts"])
    n["subdistricts"] = max(2 * n["districts"], n["subdistricts"])
    n["workrooms"] = max(n["districts"] + 2 * n["subdistricts"], n["workrooms"])
    n["representatives"] = max(3 * n["workrooms"], n["representatives"])
    return n


def allocate(total: int, weights: list[float], *, cap: int | None = None) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), none above ``cap``."""
    counts = [0] * len(weights)
    free = list(range(len(weights)))
    left = total
    while left > 0 and free:
        mass = sum(weights[i] for i in free)
        raw = {i: left * weights[i] / mass for i in free}
        share = {i: int(raw[i]) for i in free}
        rest = left - sum(share.values())
        for i in sorted(free, key=lambda i: raw[i] - share[i], reverse=True)[:rest]:
            share[i] += 1
        left = 0
        for i in free:
            room = (cap - counts[i]) if cap is not None else share[i]
            take = min(share[i], room)
            counts[i] += take
            left += share[i] - take
        if cap is not None:
            free = [i for i in free if counts[i] < cap]
    return counts


# --- COPY ----------------------------------------------------------------------------------


def _copy_value(value: object) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


class Writers:
    """Connections of their own that COPY batches in threads, so that PostgreSQL loads on
    both cores while Python keeps generating. Each connection has its own transaction,
    committed at ``commit`` (a phase's end): rows of one phase may refer only to rows committed
    by an earlier one."""

    def __init__(self, url: str, size: int) -> None:
        self.url = url
        self.queue: queue.Queue[tuple[str, str] | None] = queue.Queue(maxsize=2 * size)
        self.barrier = threading.Barrier(size + 1)
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(size)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url) as conn:
                conn.execute("SET synchronous_commit = off")
                conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                while True:
                    item = self.queue.get()
                    if item is None:
                        conn.commit()
                        self.barrier.wait()
                        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                        continue
                    statement, data = item
                    if not statement:
                        conn.commit()
                        return
                    with conn.cursor().copy(statement) as copy:
                        copy.write(data)
        except BaseException as error:  # handed to the main thread, which raises it
            self.errors.append(error)
            self.barrier.abort()

    def put(self, item: tuple[str, str] | None) -> None:
        while True:
            self.check()
            try:
                self.queue.put(item, timeout=1)
                return
            except queue.Full:
                continue

    def commit(self) -> None:
        for _ in self.threads:
            self.put(None)
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            self.check()
            raise

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]

    def close(self) -> None:
        for _ in self.threads:
            self.put(("", ""))
        for thread in self.threads:
            thread.join()


class Loader:
    """Rows for several tables, each written with COPY ... FROM STDIN every ``BATCH`` rows:
    on the caller's connection, or for ``pooled`` tables by the ``Writers`` when there are.

    A table is declared with every concrete column of its model (checked), so a row that misses
    a NOT NULL column fails here rather than in the middle of a COPY. Values are written in
    COPY's text format as they are: the generator never produces a tab, newline or backslash.
    """

    def __init__(self, cursor: Any, writers: Writers | None) -> None:
        self.cursor = cursor
        self.writers = writers
        self.columns: dict[str, tuple[str, ...]] = {}
        self.pooled: set[str] = set()
        self.buffers: dict[str, list[str]] = {}
        self.counts: Counter[str] = Counter()

    def table(self, model: Any, columns: Iterable[str], *, pooled: bool = False) -> str:
        meta = model._meta
        wanted = tuple(columns)
        declared = {f.column for f in meta.concrete_fields}
        if set(wanted) != declared:
            raise RuntimeError(f"{meta.db_table}: columns {sorted(declared ^ set(wanted))}")
        self.columns[meta.db_table] = wanted
        self.buffers.setdefault(meta.db_table, [])
        if pooled and self.writers is not None:
            self.pooled.add(meta.db_table)
        return meta.db_table

    def add(self, table: str, *values: object) -> None:
        self.line(table, "\t".join(map(_copy_value, values)))

    def line(self, table: str, line: str) -> None:
        buffer = self.buffers[table]
        buffer.append(line)
        if len(buffer) >= BATCH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        """Write ``table``'s rows, and before them those of every table declared earlier:
        tables are declared in the order their foreign keys need them."""
        names = list(self.buffers)
        for name in names[: names.index(table) + 1] if table else names:
            buffer = self.buffers[name]
            if not buffer:
                continue
            columns = ", ".join(f'"{c}"' for c in self.columns[name])
            statement = f'COPY "{name}" ({columns}) FROM STDIN'
            data = "\n".join(buffer) + "\n"
            if name in self.pooled:
                assert self.writers is not None
                self.writers.put((statement, data))
            else:
                with self.cursor.copy(statement) as copy:
                    copy.write(data)
            self.counts[name] += len(buffer)
            buffer.clear()

    def commit(self) -> None:
        """The end of a phase: every row written and, with writers, committed."""
        self.flush()
        if self.writers is not None:
            self.writers.commit()


# --- time ----------------------------------------------------------------------------------


class Clock:
    """Local (Asia/Shanghai, UTC+8, no summer time) moments as seconds from the first day's
    midnight, written as text once per day and second rather than once per row."""

    def __init__(self, first: date, last: date, now: datetime) -> None:
        self.first = first
        self.days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        self.day_text = [d.isoformat() for d in self.days]
        self._hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
        self.now = (now.date() - first).days * 86400 + now.hour * 3600 + now.minute * 60
        self.today = (now.date() - first).days

    def ts(self, t: float) -> str:
        s = int(t)
        return f"{self.day_text[s // 86400]} {self._hms[s % 86400]}+08"

    def day(self, t: float) -> int:
        return int(t) // 86400


@dataclass
class Place:
    """A workroom as the generator plans it."""

    index: int
    pk: int
    area: int  # area pk
    district: int  # district position
    subdistrict: int | None  # subdistrict position, None for a district workroom
    level: str
    name: str
    weight: float
    clerk: int = 0  # user pk: the liaison officer, registers and archives
    reps: list[int] = field(default_factory=list)  # representative pks
    rep_users: list[int] = field(default_factory=list)


@dataclass
class Summary:
    scale: float
    rows: dict[str, int]
    seconds: dict[str, float]
    sign_ins: dict[str, str]

    def __str__(self) -> str:
        lines = [f"province at scale {self.scale}"]
        lines += [f"  {name:<48} {count:>12,}" for name, count in sorted(self.rows.items())]
        lines.append("seconds per phase")
        lines += [f"  {name:<48} {secs:>12.1f}" for name, secs in self.seconds.items()]
        lines.append(f"  {'total':<48} {sum(self.seconds.values()):>12.1f}")
        lines.append(f"sign-ins (password {PASSWORD})")
        lines += [f"  {user:<14} {where}" for user, where in self.sign_ins.items()]
        return "\n".join(lines)


class Province:
    """Builds the province on the default connection, inside the caller's transaction."""

    def __init__(self, scale: float, seed: int, now: datetime | None = None) -> None:
        from django.utils import timezone

        self.scale = scale
        self.seed = seed
        self.n = sizes(scale)
        now = timezone.localtime(now or timezone.now())
        first = now.date() - timedelta(days=365 * YEARS)
        # The published schedule reaches to the end of next month.
        nxt = (now.date().replace(day=1) + timedelta(days=32)).replace(day=1)
        horizon = (nxt + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        self.clock = Clock(first, horizon, now)
        self.seconds: dict[str, float] = {}
        self.sign_ins: dict[str, str] = {}

    def rng(self, phase: str) -> random.Random:
        # One generator per phase: changing one phase leaves the others' data as it was.
        return random.Random(f"{self.seed}:{phase}")

    def phase(self, name: str, work: Callable[[], None], *, commit: bool = False) -> None:
        started = time.perf_counter()
        work()
        if commit:
            self.loader.commit()
        else:
            self.loader.flush()
        self.seconds[name] = time.perf_counter() - started

    def build(self, writers: Writers | None = None) -> Summary:
        from django.db import connection

        with connection.cursor() as cursor:
            self.sql = cursor
            self.loader = Loader(cursor.cursor, writers)
            if writers is None:
                # Checked row by row, not queued to the commit: millions of queued checks would
                # hold gigabytes until then. (The writers do the same on their connections.)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.phase("empty the app's tables", self.truncate)
            self.phase("plan the tree and the weights", self.plan)
            self.phase("areas, users, roles, workrooms", self.structure)
            self.phase("representatives and assignments", self.representatives)
            self.phase("rotation rules, duty shifts", self.rosters, commit=True)
            # These refer to the shifts and to each other not at all: written side by side.
            self.phase("duties", self.duties)
            self.phase("requests and their history", self.petitions)
            self.phase("activities", self.activities)
            self.phase("micro-wishes and their history", self.wishes, commit=True)
            self.phase("activities' representatives", self.activity_links, commit=True)
            self.phase("sequences", self.finish)
            if writers is None:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        rows = {table: count for table, count in self.loader.counts.items()}
        return Summary(self.scale, rows, self.seconds, self.sign_ins)

    # --- emptying ---------------------------------------------------------------------------

    def truncate(self) -> None:
        from django.apps import apps

        from activities.models import ActivityType
        from petitions.models import DeadlinePolicy
        from workrooms.models import ChecklistItem, ChecklistStandard

        # What the migrations ship: the app needs it and the generator refers to it.
        keep = {ActivityType, DeadlinePolicy, ChecklistItem, ChecklistStandard}
        ours = {"core", "accounts", "workrooms", "notices", "representatives", "rosters"}
        ours |= {"petitions", "activities", "reports", "records", "public", "portal", "sessions"}
        tables = sorted(
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in ours
            and model not in keep
            and not model._meta.proxy
            and model._meta.managed
        )
        self.sql.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    # --- planning ---------------------------------------------------------------------------

    def plan(self) -> None:
        """The tree's shape, the workrooms' weights and the counts per workroom: decided before
        writing, so the busiest district and subdistrict are known when the sign-ins are."""
        rng = self.rng("plan")
        n = self.n
        self.cities = max(1, round(n["districts"] / 10))
        self.district_city = [i * self.cities // n["districts"] for i in range(n["districts"])]
        self.sub_district = sorted(
            i % n["districts"] if i < 2 * n["districts"] else rng.randrange(n["districts"])
            for i in range(n["subdistricts"])
        )
        communities = n["workrooms"] - n["districts"] - n["subdistricts"]
        self.community_sub = sorted(
            i % n["subdistricts"] if i < n["subdistricts"] else rng.randrange(n["subdistricts"])
            for i in range(communities)
        )
        self.sub_is_town = [rng.random() < 0.35 for _ in range(n["subdistricts"])]
        places: list[Place] = []
        # Pareto: most workrooms quiet, a few very busy; a district workroom sees less than the
        # subdistrict ones, where the residents come.
        level_factor = {"district": 0.8, "subdistrict": 1.6, "community": 1.0}

        def weight(level: str) -> float:
            return min(rng.paretovariate(1.3), 60.0) * level_factor[level]

        for d in range(n["districts"]):
            places.append(Place(len(places), 0, 0, d, None, "district", "", weight("district")))
        for s, d in enumerate(self.sub_district):
            places.append(Place(len(places), 0, 0, d, s, "subdistrict", "", weight("subdistrict")))
        for s in self.community_sub:
            d = self.sub_district[s]
            places.append(Place(len(places), 0, 0, d, s, "community", "", weight("community")))
        for place in places:
            place.pk = place.index + 1
        self.places = places
        weights = [p.weight for p in places]
        self.petition_counts = allocate(n["petitions"], weights)
        self.rep_counts = [
            3 + extra
            for extra in allocate(
                n["representatives"] - 3 * len(places), [math.sqrt(w) for w in weights]
            )
        ]
        self.shift_counts = allocate(n["shifts"], [w**0.7 for w in weights], cap=700)
        self.activity_counts = allocate(n["activities"], [w**0.7 for w in weights])
        self.wish_counts = allocate(n["wishes"], weights)
        by_district = Counter()
        by_sub = Counter()
        for place, count in zip(places, self.petition_counts, strict=True):
            by_district[place.district] += count
            if place.subdistrict is not None:
                by_sub[place.subdistrict] += count
        self.busy_district = max(by_district, key=lambda d: (by_district[d], -d))
        subs = [s for s, d in enumerate(self.sub_district) if d == self.busy_district]
        self.busy_sub = max(subs, key=lambda s: (by_sub[s], -s))
        # The clerk's own workroom: the subdistrict's workroom (its liaison office desk).
        self.bench_place = next(
            p for p in places if p.level == "subdistrict" and p.subdistrict == self.busy_sub
        )

    # --- the tree, users, workrooms -------------------------------------------------------------

    def structure(self) -> None:
        from django.contrib.auth.hashers import make_password

        from accounts.models import Role, RoleKind, User
        from workrooms.models import Area, ChecklistItem, ChecklistStandard, Workroom

        rng = self.rng("structure")
        load = self.loader
        n = self.n
        areas = load.table(Area, ("id", "path", "depth", "numchild", "name", "kind", "code"))
        steplen, alphabet = Area.steplen, Area.alphabet

        def step(position: int) -> str:
            digits = ""
            while True:
                position, r = divmod(position, len(alphabet))
                digits = alphabet[r] + digits
                if not position:
                    return digits.rjust(steplen, alphabet[0])

        stems = text.PLACE_STEMS
        pk = 0

        def area(path: str, numchild: int, name: str, kind: str, code: str) -> int:
            nonlocal pk
            pk += 1
            load.add(areas, pk, path, len(path) // steplen, numchild, name, kind, code)
            return pk

        cities_of = Counter(self.district_city)
        subs_of = Counter(self.sub_district)
        comms_of = Counter(self.community_sub)
        root = area(step(1), self.cities, "湘江省", "province", "43")
        self.root_area = root
        city_paths = []
        self.city_areas = []
        for c in range(self.cities):
            path = step(1) + step(c + 1)
            city_paths.append(path)
            name = stems[(c * 7) % len(stems)] + "市"
            self.city_areas.append(area(path, cities_of[c], name, "city", f"43{c + 1:02d}"))
        self.district_areas: list[int] = []
        self.district_names: list[str] = []
        self.district_paths: list[str] = []
        child = Counter()
        for d, c in enumerate(self.district_city):
            child[("c", c)] += 1
            path = city_paths[c] + step(child[("c", c)])
            # Past the list's length the names repeat with another suffix: 雁塔区, 雁塔新区.
            name = stems[d % len(stems)] + text.DISTRICT_SUFFIX[d // len(stems) % 4]
            code = f"43{c + 1:02d}{child[('c', c)]:02d}"
            self.district_areas.append(area(path, subs_of[d], name, "district", code))
            self.district_names.append(name)
            self.district_paths.append(path)
        self.sub_areas: list[int] = []
        self.sub_names: list[str] = []
        self.sub_paths: list[str] = []
        self.sub_codes: list[str] = []
        district_codes = {}
        for s, d in enumerate(self.sub_district):
            child[("d", d)] += 1
            path = self.district_paths[d] + step(child[("d", d)])
            stem = stems[(s * 11 + 3) % len(stems)]
            if self.sub_is_town[s]:
                name, kind = stem + "镇", "town"
            else:
                name = stem + text.ROAD_SUFFIX[s % len(text.ROAD_SUFFIX)]
                kind = "subdistrict"
            district_codes.setdefault(d, f"{d:04d}")
            code = f"43{d + 1:04d}{child[('d', d)]:03d}"
            self.sub_codes.append(code)
            self.sub_areas.append(area(path, comms_of[s], name, kind, code))
            self.sub_names.append(name)
            self.sub_paths.append(path)
        community_areas = []
        community_names = []
        for s in self.community_sub:
            child[("s", s)] += 1
            path = self.sub_paths[s] + step(child[("s", s)])
            # Consecutive stems: no two communities of one subdistrict share a name.
            k = child[("s", s)]
            stem = text.COMMUNITY_STEMS[(s * 7 + k) % len(text.COMMUNITY_STEMS)]
            if self.sub_is_town[s]:
                name, kind = stems[(s * 5 + k) % len(stems)] + "村", "village"
            else:
                name, kind = stem + "社区", "community"
            code = f"{self.sub_codes[s]}{child[('s', s)]:03d}"
            community_areas.append(area(path, 0, name, kind, code))
            community_names.append(name)

        # Users: the administrator, an office per district, a clerk per subdistrict, then one
        # account per representative (planned here, written with the representatives).
        users = load.table(
            User,
            (
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "full_name",
                "phone",
                "language",
            ),
        )
        self.users_table = users
        roles = load.table(Role, ("id", "user_id", "kind", "area_id", "created_at"))
        self.roles_table = roles
        joined = self.clock.ts(0)
        self.joined = joined
        self.bench_password = make_password(PASSWORD)
        self.user_pk = 0
        self.role_pk = 0
        self.names: dict[int, str] = {}

        def user(username: str, *, superuser: bool = False, password: str = UNUSABLE) -> int:
            self.user_pk += 1
            name = person(rng)
            self.names[self.user_pk] = name
            load.add(
                users,
                self.user_pk,
                password,
                None,
                superuser,
                username,
                "",
                "",
                "",
                superuser,
                True,
                joined,
                name,
                phone(rng),
                "zh-hans",
            )
            return self.user_pk

        def role(user_pk: int, kind: str, area_pk: int) -> None:
            self.role_pk += 1
            load.add(roles, self.role_pk, user_pk, kind, area_pk, joined)

        admin = user("bench-admin", superuser=True, password=self.bench_password)
        role(admin, RoleKind.ADMIN, root)
        self.sign_ins["bench-admin"] = "superuser, administrator of the whole province"
        self.office_users = []
        for d in range(n["districts"]):
            busy = d == self.busy_district
            username = "bench-office" if busy else f"office-{d + 1:03d}"
            u = user(username, password=self.bench_password if busy else UNUSABLE)
            role(u, RoleKind.LIAISON_OFFICE, self.district_areas[d])
            self.office_users.append(u)
        self.sign_ins["bench-office"] = (
            f"party liaison office of {self.district_names[self.busy_district]} (busiest)"
        )
        self.clerk_users = []
        for s in range(n["subdistricts"]):
            busy = s == self.busy_sub
            username = "bench-clerk" if busy else f"clerk-{s + 1:04d}"
            u = user(username, password=self.bench_password if busy else UNUSABLE)
            role(u, RoleKind.CLERK, self.sub_areas[s])
            self.clerk_users.append(u)
        self.sign_ins["bench-clerk"] = (
            f"clerk of {self.sub_names[self.busy_sub]} (busiest subdistrict there)"
        )

        workrooms = load.table(
            Workroom,
            (
                "id",
                "name",
                "area_id",
                "level",
                "address",
                "reception_hours",
                "service_theme",
                "phone",
                "standard_id",
                "opened_on",
                "is_active",
                "created_at",
                "updated_at",
            ),
        )
        officers = load.table(Workroom.liaison_officers.through, ("id", "workroom_id", "user_id"))
        standards = dict(ChecklistStandard.objects.values_list("name", "pk"))
        items = list(ChecklistItem.objects.values_list("standard_id", "pk"))
        from workrooms.models import ChecklistEntry

        entries = load.table(
            ChecklistEntry,
            (
                "id",
                "workroom_id",
                "item_id",
                "status",
                "note",
                "photo",
                "checked_on",
                "checked_by_id",
                "updated_at",
            ),
        )
        standard_ids = sorted(standards.values())
        entry_pk = 0
        for place in self.places:
            if place.level == "district":
                place.area = self.district_areas[place.district]
                area_name = self.district_names[place.district]
                place.clerk = self.office_users[place.district]
            elif place.level == "subdistrict":
                assert place.subdistrict is not None
                place.area = self.sub_areas[place.subdistrict]
                area_name = self.sub_names[place.subdistrict]
                place.clerk = self.clerk_users[place.subdistrict]
            else:
                assert place.subdistrict is not None
                k = place.index - n["districts"] - n["subdistricts"]
                place.area = community_areas[k]
                area_name = community_names[k]
                place.clerk = self.clerk_users[place.subdistrict]
            place.name = f"{area_name}党代表工作室"
            opened = self.clock.day_text[rng.randrange(0, 60)]
            standard = standard_ids[place.index % len(standard_ids)] if standard_ids else None
            load.add(
                workrooms,
                place.pk,
                place.name,
                place.area,
                place.level,
                f"{area_name}党群服务中心{rng.randint(1, 3)}楼",
                rng.choice(text.RECEPTION_HOURS),
                rng.choice(text.THEMES),
                f"0731-{rng.randint(5000000, 8999999)}",
                standard if standard is not None else None,
                opened,
                True,
                joined,
                joined,
            )
            load.add(officers, place.pk, place.pk, place.clerk)
            for standard_id, item_pk in items:
                if standard_id != standard:
                    continue
                entry_pk += 1
                status = "met" if rng.random() < 0.85 else rng.choice(("partly", "not_met"))
                load.add(
                    entries,
                    entry_pk,
                    place.pk,
                    item_pk,
                    status,
                    "现场核查，资料齐全。" if status == "met" else "需进一步完善。",
                    "",
                    self.clock.day_text[rng.randrange(60, self.clock.today)],
                    place.clerk,
                    joined,
                )

    # --- representatives ----------------------------------------------------------------------

    def representatives(self) -> None:
        from accounts.models import RoleKind
        from representatives.models import Assignment, Representative

        rng = self.rng("representatives")
        load = self.loader
        reps = load.table(
            Representative,
            (
                "id",
                "name",
                "gender",
                "levels",
                "highest_level",
                "area_id",
                "electoral_unit",
                "work_unit",
                "post",
                "work_field",
                "strengths",
                "contact_point",
                "residence",
                "is_leading_cadre",
                "term",
                "phone",
                "photo",
                "user_id",
                "is_active",
                "created_at",
                "updated_at",
            ),
        )
        assignments = load.table(
            Assignment,
            ("id", "representative_id", "workroom_id", "role", "start_date", "end_date", "note"),
        )
        fields = ("government", "enterprise", "education", "health", "agriculture", "community")
        start = (self.clock.first - timedelta(days=200)).isoformat()
        rep_pk = 0
        self.rep_names: dict[int, str] = {}
        for place, count in zip(self.places, self.rep_counts, strict=True):
            for k in range(count):
                rep_pk += 1
                # A representative signs in on a phone: every one has an account and a role.
                self.user_pk += 1
                user_pk = self.user_pk
                name = person(rng)
                self.names[user_pk] = name
                self.rep_names[rep_pk] = name
                levels = 1 << 2  # district
                r = rng.random()
                if r < 0.003:
                    levels |= (1 << 5) | (1 << 4)
                elif r < 0.02:
                    levels |= 1 << 4
                elif r < 0.2:
                    levels |= 1 << 3
                if place.level == "community" and rng.random() < 0.3:
                    levels = 1 << 1 | (levels & ~(1 << 2))
                highest = max(b for b in range(1, 6) if levels & (1 << b))
                unit = rng.choice(text.UNITS)
                bench = place is self.bench_place and k == 1
                load.add(
                    self.users_table,
                    user_pk,
                    self.bench_password if bench else UNUSABLE,
                    None,
                    False,
                    "bench-rep" if bench else f"rep-{rep_pk:06d}",
                    "",
                    "",
                    "",
                    False,
                    True,
                    self.joined,
                    name,
                    rep_phone(rep_pk),
                    "zh-hans",
                )
                self.role_pk += 1
                load.add(
                    self.roles_table,
                    self.role_pk,
                    user_pk,
                    RoleKind.REPRESENTATIVE,
                    place.area,
                    self.joined,
                )
                load.add(
                    reps,
                    rep_pk,
                    name,
                    rng.choice("MMF"),
                    levels,
                    highest,
                    self.district_areas[place.district],
                    f"{self.district_names[place.district]}{rng.choice(('机关', '教育', '卫生', '企业'))}选举单位",
                    unit,
                    rng.choice(text.POSTS),
                    rng.choice(fields),
                    rng.choice(text.STRENGTHS),
                    place.name.removesuffix("党代表工作室"),
                    self.district_names[place.district],
                    rng.random() < 0.25,
                    text.TERMS[0],
                    rep_phone(rep_pk),
                    "",
                    user_pk,
                    True,
                    self.joined,
                    self.joined,
                )
                load.add(
                    assignments,
                    rep_pk,
                    rep_pk,
                    place.pk,
                    "leader" if k == 0 else "member",
                    start,
                    None,
                    "",
                )
                place.reps.append(rep_pk)
                place.rep_users.append(user_pk)
        # bench-rep: a member (not the leader) of the clerk's own workroom.
        place = self.bench_place
        self.bench_rep = place.reps[1]
        self.bench_rep_user = place.rep_users[1]
        self.sign_ins["bench-rep"] = f"representative at {place.name}"

    # --- rosters ------------------------------------------------------------------------------

    def rosters(self) -> None:
        from core.workdays import is_workday
        from rosters.models import DutyShift, RotationRule

        rng = self.rng("rosters")
        load = self.loader
        clock = self.clock
        rules = load.table(
            RotationRule,
            (
                "id",
                "workroom_id",
                "name",
                "kind",
                "weekdays",
                "month_days",
                "nth",
                "start_time",
                "end_time",
                "representatives_per_shift",
                "with_liaison",
                "on_holiday",
                "valid_from",
                "valid_until",
                "is_active",
            ),
        )
        shifts = load.table(
            DutyShift,
            (
                "id",
                "workroom_id",
                "rule_id",
                "rule_date",
                "date",
                "start_time",
                "end_time",
                "liaison_officer_id",
                "note",
                "edited_by_hand",
                "version",
                "created_at",
                "updated_at",
            ),
            pooled=True,
        )
        by_weekday: dict[int, list[int]] = {wd: [] for wd in range(1, 6)}
        for i, day in enumerate(clock.days):
            if day.isoweekday() <= 5 and is_workday(day):
                by_weekday[day.isoweekday()].append(i)
        weeks = len(clock.days) / 7
        short = "一二三四五"
        shift_pk = 0
        # What the duties need once the shifts are written (a later phase refers to them).
        self.rotations: list[tuple[Place, list[tuple[int, int]], int, set[int], str]] = []
        # Per workroom, the day → shift: a visit is registered against that day's shift.
        self.shift_on: dict[int, dict[int, int]] = {}
        this_month = clock.days[clock.today].replace(day=1)
        for place, count in zip(self.places, self.shift_counts, strict=True):
            if count == 0:
                continue
            per_week = min(5, max(1, math.ceil(count / (weeks * 0.9))))
            while True:
                weekdays = sorted(rng.sample(range(1, 6), per_week))
                candidates = sorted(d for wd in weekdays for d in by_weekday[wd])
                if len(candidates) >= count or per_week == 5:
                    break
                per_week += 1
            days = candidates[-count:]
            morning = rng.random() < 0.7
            start, end = ("09:00:00", "11:30:00") if morning else ("14:30:00", "17:00:00")
            per_shift = 2 if place.weight > 4 and len(place.reps) >= 4 else 1
            load.add(
                rules,
                place.pk,
                place.pk,
                "每周" + "、".join("周" + short[wd - 1] for wd in weekdays) + "接待日",
                "weekly",
                ",".join(map(str, weekdays)),
                "",
                None,
                start,
                end,
                per_shift,
                True,
                "skip",
                clock.day_text[days[0]],
                None,
                True,
            )
            own: list[tuple[int, int]] = []
            forced: set[int] = set()
            if place is self.bench_place:
                # The bench representative is on duty this month and next.
                months = {}
                for d in days:
                    month = clock.days[d].replace(day=1)
                    if month >= this_month and (d >= clock.today or month > this_month):
                        months.setdefault(month, d)
                if not any(m == this_month for m in months):
                    past = [d for d in days if clock.days[d].replace(day=1) == this_month]
                    if past:
                        months[this_month] = past[-1]
                forced = set(months.values())
            for d in days:
                shift_pk += 1
                day_text = clock.day_text[d]
                load.add(
                    shifts,
                    shift_pk,
                    place.pk,
                    place.pk,
                    day_text,
                    day_text,
                    start,
                    end,
                    place.clerk,
                    "",
                    False,
                    1,
                    self.joined,
                    self.joined,
                )
                own.append((d, shift_pk))
            self.rotations.append((place, own, per_shift, forced, end))
            self.shift_on[place.index] = dict(own)

    def duties(self) -> None:
        """The rotation: the workroom's representatives take turns in a fixed order; past
        duties are marked worked or missed by the liaison officer."""
        from rosters.models import Duty

        rng = self.rng("duties")
        load = self.loader
        today = self.clock.today
        day_text = self.clock.day_text
        duties = load.table(
            Duty,
            ("id", "shift_id", "representative_id", "attendance", "marked_by_id", "marked_at"),
            pooled=True,
        )
        duty_pk = 0
        for place, shifts, per_shift, forced, end in self.rotations:
            order = place.reps
            for j, (d, shift_pk) in enumerate(shifts):
                on_duty = [order[(j * per_shift + i) % len(order)] for i in range(per_shift)]
                if d in forced and self.bench_rep not in on_duty:
                    on_duty[0] = self.bench_rep
                for rep in on_duty:
                    duty_pk += 1
                    if d < today:
                        attendance = "worked" if rng.random() < 0.93 else "missed"
                        marked_by, marked_at = place.clerk, f"{day_text[d]} {end}+08"
                    else:
                        attendance, marked_by, marked_at = "scheduled", None, None
                    load.add(duties, duty_pk, shift_pk, rep, attendance, marked_by, marked_at)

    # --- requests -----------------------------------------------------------------------------

    def petitions(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.utils import translation

        from core.models import AuditEntry
        from core.workdays import add_workdays
        from petitions.models import DeadlinePolicy, Petition
        from petitions.moves import DEFAULT_DEADLINE_DAYS

        rng = self.rng("petitions")
        load = self.loader
        clock = self.clock
        petitions = load.table(Petition, PETITION_COLUMNS, pooled=True)
        audit = load.table(AuditEntry, AUDIT_COLUMNS, pooled=True)
        self.audit_table = audit
        self.audit_pk = 0
        policy = {str(t): int(d) for t, d in DEFAULT_DEADLINE_DAYS.items()}
        policy.update(DeadlinePolicy.objects.values_list("triage", "working_days"))
        # The deadline of every (day, triage), computed once with the app's own calendar.
        deadline_of: dict[tuple[int, str], int] = {}

        def deadline(day: int, triage: str) -> int:
            key = (day, triage)
            if key not in deadline_of:
                due = add_workdays(clock.days[day], policy[triage])
                deadline_of[key] = (due - clock.first).days
            return deadline_of[key]

        self.deadline = deadline
        with translation.override("zh-hans"):
            closed_note = str(translation.gettext("Closed on the spot."))
        content_type = ContentType.objects.get_for_model(Petition).pk

        # Registration moments: more on working days, slowly growing over the years; ids in
        # the order residents came.
        total = self.n["petitions"]
        today = clock.today
        day_weights = [
            (1.0 if clock.days[d].isoweekday() <= 5 else 0.3) * (0.8 + 0.4 * d / today)
            for d in range(today + 1)
        ]
        per_day = allocate(total, day_weights)
        sequence = [
            p.index
            for p, c in zip(self.places, self.petition_counts, strict=True)
            for _ in range(c)
        ]
        rng.shuffle(sequence)
        # Showcase rows for the bench clerk: the last requests of their workroom are put in
        # chosen states (every step, due today, overdue), whatever the dice said.
        forced = self._showcase(sequence)
        sim = Simulation(self, rng, content_type, closed_note)
        pk = 0
        for d, count in enumerate(per_day):
            seconds = sorted(rng.random() for _ in range(count))
            for s in seconds:
                place = self.places[sequence[pk]]
                pk += 1
                t0 = d * 86400 + 8 * 3600 + 1800 + s * 9 * 3600
                if d == today:
                    t0 = d * 86400 + s * max(60, clock.now - d * 86400 - 60)
                spec = forced.get(pk)
                if spec is not None:
                    t0 = spec.registered
                sim.run(pk, place, t0, spec)
                load.line(petitions, sim.row)
                for line in sim.entries:
                    load.line(audit, line)

    def _showcase(self, sequence: list[int]) -> dict[int, Showcase]:
        clock = self.clock
        bench = self.bench_place.index
        positions = [i + 1 for i in range(len(sequence) - 1, -1, -1) if sequence[i] == bench][:8]
        today = clock.today

        def day_due_today() -> int | None:
            for back in range(1, 20):
                if self.deadline(today - back, "time_limited") == today:
                    return today - back
            return None

        due_day = day_due_today()
        noon = 10 * 3600
        wanted = [
            Showcase("registered", min(clock.now - 1800, today * 86400 + noon)),
            Showcase(
                "received",
                (due_day if due_day is not None else today - 2) * 86400 + noon,
                handler_rep=True,
            ),
            Showcase("received", (today - 12) * 86400 + noon, handler_rep=True),
            Showcase("handled", (today - 15) * 86400 + noon),
            Showcase("replied", (today - 8) * 86400 + noon),
            Showcase("feedback", (today - 10) * 86400 + noon),
            Showcase("received", (today - 3) * 86400 + noon, handler_rep=True),
            Showcase("archived", (today - 20) * 86400 + noon),
        ]
        return dict(zip(sorted(positions), wanted, strict=False))

    # --- activities ---------------------------------------------------------------------------

    def activities(self) -> None:
        from activities.models import Activity, ActivityType

        rng = self.rng("activities")
        load = self.loader
        clock = self.clock
        activities = load.table(
            Activity,
            (
                "id",
                "workroom_id",
                "type_id",
                "title",
                "date",
                "start_time",
                "end_time",
                "place",
                "summary",
                "other_participants",
                "attendees",
                "deliberation_kind",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
            pooled=True,
        )
        types = dict(ActivityType.objects.values_list("code", "pk"))
        mix = {
            "lecture": 12,
            "micro_lecture": 20,
            "micro_party_lesson": 10,
            "course_delivery": 5,
            "study_visit": 3,
            "household_visit": 20,
            "forum": 8,
            "deliberation": 8,
            "volunteering": 8,
            "inspection": 3,
            "talk": 1,
            "meet_and_greet": 2,
        }
        codes = [c for c in mix if c in types]
        cum = list(_cumulative([mix[c] for c in codes]))
        kinds = ("pavilion", "four_party", "round_table")
        today = clock.today
        pk = link = 0
        # Written once the activities are committed (``activity_links``).
        self.links: list[str] = []
        for place, count in zip(self.places, self.activity_counts, strict=True):
            for day in sorted(rng.randrange(0, today + 1) for _ in range(count)):
                pk += 1
                code = codes[bisect.bisect(cum, rng.random() * cum[-1])]
                title = rng.choice(text.ACTIVITY_TITLES.get(code, ("活动",)))
                day_text = clock.day_text[day]
                load.add(
                    activities,
                    pk,
                    place.pk,
                    types[code],
                    title,
                    day_text,
                    "09:30:00",
                    "11:00:00",
                    place.name.removesuffix("党代表工作室") + "党群服务中心",
                    f"{title}，党代表与群众面对面交流，收集意见建议。",
                    "社区干部、居民代表",
                    rng.randint(8, 80),
                    rng.choice(kinds) if code == "deliberation" else "",
                    place.clerk,
                    f"{day_text} 18:00:00+08",
                    f"{day_text} 18:00:00+08",
                )
                for rep in rng.sample(place.reps, min(len(place.reps), rng.randint(1, 3))):
                    link += 1
                    self.links.append(f"{link}\t{pk}\t{rep}")

    def activity_links(self) -> None:
        from activities.models import Activity

        m2m = self.loader.table(
            Activity.representatives.through,
            ("id", "activity_id", "representative_id"),
            pooled=True,
        )
        for line in self.links:
            self.loader.line(m2m, line)
        self.links = []

    # --- micro-wishes -------------------------------------------------------------------------

    def wishes(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from activities.models import Wish

        rng = self.rng("wishes")
        load = self.loader
        clock = self.clock
        wishes = load.table(
            Wish,
            (
                "id",
                "workroom_id",
                "resident_name",
                "resident_phone",
                "content",
                "place",
                "recorded_by_id",
                "recorded_at",
                "status",
                "claimed_by_id",
                "claimed_at",
                "fulfilled_how",
                "fulfilled_at",
                "fulfilled_photo",
                "confirmed_by_id",
                "confirmed_at",
                "version",
                "spam_at",
                "spam_reason",
                "deidentified_at",
            ),
            pooled=True,
        )
        audit = self.audit_table
        content_type = ContentType.objects.get_for_model(Wish).pk
        now = clock.now
        ts = clock.ts
        pk = 0
        for place, count in zip(self.places, self.wish_counts, strict=True):
            for _ in range(count):
                pk += 1
                t = min(at_work(0, rng.random() * (now - 3600)), now - 60)
                version = 1
                entries = [(t, place.clerk, "record", "", "open", "", {})]
                status, claimer, claimed, how, fulfilled, confirmer, confirmed = (
                    "open",
                    None,
                    None,
                    "",
                    None,
                    None,
                    None,
                )
                t1 = at_work(t, t + rng.uniform(0.5, 10) * DAY)
                if t1 < now and rng.random() < 0.93:
                    i = rng.randrange(len(place.reps))
                    claimer, claimed, status = place.reps[i], t1, "claimed"
                    entries.append((t1, place.rep_users[i], "claim", "open", "claimed", "", {}))
                    t2 = at_work(t1, t1 + rng.uniform(2, 30) * DAY)
                    if t2 < now:
                        how, status = rng.choice(text.FULFILLED), "fulfilled"
                        # An earlier day is dated at noon: the page asks for the day only.
                        fulfilled = clock.day(t2) * 86400 + 12 * 3600
                        entries.append(
                            (t2, place.rep_users[i], "fulfil", "claimed", "fulfilled", how, {})
                        )
                        t3 = at_work(t2, t2 + rng.uniform(1, 10) * DAY)
                        if t3 < now:
                            confirmer, confirmed, status = place.clerk, t3, "confirmed"
                            entries.append(
                                (t3, place.clerk, "confirm", "fulfilled", "confirmed", "", {})
                            )
                version = len(entries)
                load.add(
                    wishes,
                    pk,
                    place.pk,
                    person(rng),
                    phone(rng),
                    rng.choice(text.WISHES),
                    f"{place.name.removesuffix('党代表工作室')}{rng.randint(1, 30)}号楼",
                    place.clerk,
                    ts(t),
                    status,
                    claimer,
                    ts(claimed) if claimed is not None else None,
                    how,
                    ts(fulfilled) if fulfilled is not None else None,
                    "",
                    confirmer,
                    ts(confirmed) if confirmed is not None else None,
                    version,
                    None,
                    "",
                    None,
                )
                for at, actor, action, before, after, note, data in entries:
                    self.audit_pk += 1
                    load.add(
                        audit,
                        self.audit_pk,
                        ts(at),
                        actor,
                        content_type,
                        pk,
                        action,
                        before,
                        after,
                        note,
                        json.dumps(data, ensure_ascii=False),
                    )

    # --- the end ------------------------------------------------------------------------------

    def finish(self) -> None:
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection

        from public import freshness

        models = [
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.db_table in self.loader.columns
        ]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            self.sql.execute(statement)
        # The public pages are cached whole: pages of the previous province must not be served.
        freshness.bump(freshness.SITE, freshness.DIRECTORY)


AUDIT_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "content_type_id",
    "object_id",
    "action",
    "from_state",
    "to_state",
    "note",
    "data",
)
PETITION_COLUMNS = (
    "id",
    "workroom_id",
    "state",
    "version",
    "resident_name",
    "resident_phone",
    "resident_address",
    "resident_is_party_member",
    "anonymous_publicly",
    "channel",
    "category",
    "title",
    "content",
    "place",
    "duty_shift_id",
    "activity_id",
    "registered_by_id",
    "registered_at",
    "receiving_representative_id",
    "triage",
    "handler_id",
    "received_at",
    "deadline",
    "handling_result",
    "handled_at",
    "reply_content",
    "reply_method",
    "replied_at",
    "satisfaction",
    "resolution",
    "feedback_at",
    "returns",
    "needs_liaison_office",
    "archived_at",
    "updated_at",
    "updated_by_id",
    "spam_at",
    "spam_reason",
    "deidentified_at",
)
STEPS = ("registered", "received", "handled", "replied", "feedback", "archived")
CATEGORIES = {
    "property": 22,
    "environment": 14,
    "traffic": 13,
    "elderly": 11,
    "medical": 8,
    "education": 8,
    "safety": 8,
    "policy": 7,
    "employment": 5,
    "other": 4,
}
CHANNELS = {
    "visit": 40,
    "phone": 18,
    "wechat": 14,
    "household": 12,
    "meeting": 6,
    "sms": 3,
    "box": 3,
    "video": 2,
    "online": 2,
}
TRIAGES = {"on_the_spot": 45, "time_limited": 40, "refer_up": 15}
REPLY_METHODS = {"phone": 45, "in_person": 30, "wechat": 20, "sms": 5}
DAY = 86400
OPENS, CLOSES = 8.5 * 3600, 18 * 3600


@dataclass
class Showcase:
    """A request of the bench clerk's workroom put in a chosen step, registered at a chosen
    moment (so that its deadline falls today, or has passed)."""

    state: str
    registered: float
    handler_rep: bool = False


def _cumulative(weights: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


class Picker:
    """A weighted choice from a small table, by bisection: ``random.choices`` per row costs
    more than the rest of the row."""

    def __init__(self, table: dict[str, int]) -> None:
        self.values = list(table)
        self.cum = list(_cumulative(table.values()))

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


class Simulation:
    """One request's life, step by step as ``petitions.workflow`` makes it: the row it leaves
    and the audit entries each move writes (``register``; ``receive``; on the spot
    ``receive``+``handle``+``reply`` in one move; ``note``; ``handle``; ``reply``;
    ``feedback`` and, when the resident is dissatisfied, ``return``; ``archive``), cut off at
    the present moment."""

    def __init__(
        self, province: Province, rng: random.Random, content_type: int, closed_note: str
    ) -> None:
        self.p = province
        self.rng = rng
        self.ct = content_type
        self.closed_note = closed_note
        self.category = Picker(CATEGORIES)
        self.channel = Picker(CHANNELS)
        self.triage = Picker(TRIAGES)
        self.method = Picker(REPLY_METHODS)
        self.row = ""
        self.entries: list[str] = []

    def run(self, pk: int, place: Place, t0: float, spec: Showcase | None) -> None:
        p, rng = self.p, self.rng
        clock = p.clock
        ts = clock.ts
        now = clock.now
        names = p.names
        stop = STEPS.index(spec.state) if spec else 5
        entries: list[tuple[float, int, str, str, str, str, str]] = []
        category = self.category(rng)
        channel = self.channel(rng)
        triage = self.triage(rng)
        if spec and spec.state in ("received", "handled"):
            triage = "time_limited"
        clerk = place.clerk
        if spec and spec.handler_rep:
            rep, handler = p.bench_rep, p.bench_rep_user
        else:
            i = rng.randrange(len(place.reps))
            rep = place.reps[i] if rng.random() < 0.8 else None
            handler = place.rep_users[i] if rng.random() < 0.25 else clerk
        entries.append((t0, clerk, "register", "", "registered", "", "{}"))
        state = "registered"
        version = 1
        received = handled = replied = feedback_at = archived = None
        deadline = None
        result = reply = method = satisfaction = resolution = ""
        returns = 0
        fast = spec is not None

        def reception(day: int) -> str:
            return (
                f'{{"triage": "{triage}", "handler": {handler}, "handler_name": '
                f'"{names[handler]}", "deadline": "{clock.day_text[day]}", '
                f'"representative": "{p.rep_names[rep] if rep else ""}"}}'
            )

        if triage == "on_the_spot":
            handler = clerk if handler != clerk and rng.random() < 0.5 else handler
            t1 = t0 + rng.uniform(600, 2400)
            if t1 <= now and stop >= 3:
                deadline = p.deadline(clock.day(t1), triage)
                result = rng.choice(text.RESULTS)
                reply = rng.choice(text.REPLIES)
                method = self.method(rng)
                entries.append(
                    (t1, handler, "receive", "registered", "received", "", reception(deadline))
                )
                entries.append((t1, handler, "handle", "received", "handled", result, "{}"))
                entries.append(
                    (t1, handler, "reply", "handled", "replied", reply, f'{{"method": "{method}"}}')
                )
                received = handled = replied = t1
                state, version = "replied", version + 1
        else:
            t1 = t0 + (rng.uniform(0.02, 0.3) if fast else rng.uniform(0.05, 1.5)) * DAY
            t1 = at_work(t0, t1)
            if t1 <= now and stop >= 1:
                deadline = p.deadline(clock.day(t1), triage)
                entries.append(
                    (t1, clerk, "receive", "registered", "received", "", reception(deadline))
                )
                received, state, version = t1, "received", version + 1
                allowed = max(1, deadline - clock.day(t1)) * DAY
                if fast:
                    t2 = t1 + 0.5 * DAY
                elif rng.random() < 0.06:
                    t2 = t1 + allowed * rng.uniform(1.1, 3.0)  # late
                else:
                    t2 = t1 + allowed * rng.uniform(0.2, 0.9)
                if not fast and rng.random() < 0.01:
                    t2 += rng.uniform(30, 200) * DAY  # stalled: waits on a department
                t2 = at_work(t1, t2)
                if not fast and rng.random() < 0.15:
                    tn = at_work(t1, (t1 + t2) / 2)
                    if tn <= now and tn < t2:
                        entries.append(
                            (
                                tn,
                                handler,
                                "note",
                                "received",
                                "",
                                "已联系相关部门，等待答复。",
                                "{}",
                            )
                        )
                        version += 1
                if t2 <= now and stop >= 2:
                    result = rng.choice(text.RESULTS)
                    entries.append((t2, handler, "handle", "received", "handled", result, "{}"))
                    handled, state, version = t2, "handled", version + 1
                    t3 = at_work(t2, t2 + rng.uniform(0.05, 1.0) * DAY)
                    if t3 <= now and stop >= 3:
                        reply = rng.choice(text.REPLIES)
                        method = self.method(rng)
                        at = ts(t3)
                        iso = at[:10] + "T" + at[11:19] + "+08:00"
                        entries.append(
                            (
                                t3,
                                handler,
                                "reply",
                                "handled",
                                "replied",
                                reply,
                                f'{{"method": "{method}", "replied_at": "{iso}"}}',
                            )
                        )
                        replied, state, version = t3, "replied", version + 1
        if state == "replied" and stop >= 4:
            assert replied is not None
            same_sitting = triage == "on_the_spot" and rng.random() < 0.6
            t4 = replied if same_sitting else replied + rng.uniform(0.5, 7) * DAY
            if fast:
                t4 = replied + 0.5 * DAY
            if not same_sitting:
                t4 = at_work(replied, t4)
            unhappy = not fast and not same_sitting and rng.random() < 0.04
            if t4 <= now:
                if unhappy:
                    sat, res = "dissatisfied", rng.choice(("partly", "not_solved"))
                else:
                    sat = "satisfied" if rng.random() < 0.85 else "basically"
                    res = "solved" if rng.random() < 0.9 else "partly"
                entries.append(
                    (
                        t4,
                        clerk,
                        "feedback",
                        "replied",
                        "feedback",
                        "",
                        f'{{"satisfaction": "{sat}", "resolution": "{res}"}}',
                    )
                )
                satisfaction, resolution, feedback_at = sat, res, t4
                state, version = "feedback", version + 1
                if unhappy:
                    # Back to handling, with a new deadline from the day of the visit.
                    returns = 1
                    again = "time_limited" if triage == "on_the_spot" else triage
                    deadline = p.deadline(clock.day(t4), again)
                    entries.append(
                        (
                            t4,
                            clerk,
                            "return",
                            "feedback",
                            "received",
                            "",
                            f'{{"returns": 1, "deadline": "{clock.day_text[deadline]}"}}',
                        )
                    )
                    state, version = "received", version + 1
                    handled = replied = None
                    t5 = at_work(t4, t4 + rng.uniform(1, 8) * DAY)
                    if t5 <= now:
                        result = rng.choice(text.RESULTS)
                        entries.append((t5, handler, "handle", "received", "handled", result, "{}"))
                        handled, state, version = t5, "handled", version + 1
                        t6 = at_work(t5, t5 + rng.uniform(0.1, 1) * DAY)
                        if t6 <= now:
                            reply = rng.choice(text.REPLIES)
                            at = ts(t6)
                            iso = at[:10] + "T" + at[11:19] + "+08:00"
                            entries.append(
                                (
                                    t6,
                                    handler,
                                    "reply",
                                    "handled",
                                    "replied",
                                    reply,
                                    f'{{"method": "{method}", "replied_at": "{iso}"}}',
                                )
                            )
                            replied, state, version = t6, "replied", version + 1
                            t7 = at_work(t6, t6 + rng.uniform(1, 7) * DAY)
                            if t7 <= now:
                                sat, res = "basically", "solved"
                                entries.append(
                                    (
                                        t7,
                                        clerk,
                                        "feedback",
                                        "replied",
                                        "feedback",
                                        "",
                                        f'{{"satisfaction": "{sat}", "resolution": "{res}"}}',
                                    )
                                )
                                satisfaction, resolution, feedback_at = sat, res, t7
                                state, version = "feedback", version + 1
        if state == "feedback" and stop >= 5:
            assert feedback_at is not None
            on_spot = triage == "on_the_spot" and feedback_at == replied
            t8 = feedback_at if on_spot else feedback_at + rng.uniform(0.2, 4) * DAY
            if fast:
                t8 = feedback_at + 0.2 * DAY
            if not on_spot:
                t8 = at_work(feedback_at, t8)
            if t8 <= now:
                note = self.closed_note if on_spot else ""
                entries.append((t8, clerk, "archive", "feedback", "archived", note, "{}"))
                archived, state, version = t8, "archived", version + 1
        last = entries[-1]
        shift = p.shift_on.get(place.index, {}).get(clock.day(t0)) if channel == "visit" else None
        area = place.name.removesuffix("党代表工作室")
        subject = rng.choice(text.SUBJECTS[category])
        received_any = received is not None
        self.row = "\t".join(
            map(
                _copy_value,
                (
                    pk,
                    place.pk,
                    state,
                    version,
                    person(rng),
                    phone(rng),
                    f"{area}{rng.randint(1, 40)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室",
                    rng.random() < 0.3,
                    rng.random() < 0.1,
                    channel,
                    category,
                    subject,
                    f"居民反映{subject}，{rng.choice(text.ASKS)}",
                    "",
                    shift,
                    None,
                    clerk,
                    ts(t0),
                    rep if received_any else None,
                    triage if received_any else "",
                    handler if received_any else None,
                    ts(received) if received_any else None,
                    clock.day_text[deadline] if deadline is not None else None,
                    # Like the workflow: a return clears the dates, not the texts.
                    result,
                    ts(handled) if handled is not None else None,
                    reply,
                    method,
                    ts(replied) if replied is not None else None,
                    satisfaction,
                    resolution,
                    ts(feedback_at) if feedback_at is not None else None,
                    returns,
                    False,
                    ts(archived) if archived is not None else None,
                    ts(last[0]),
                    last[1],
                    None,
                    "",
                    None,
                ),
            )
        )
        ct = self.ct
        lines = []
        for at, actor, action, before, after, note, data in entries:
            p.audit_pk += 1
            lines.append(
                f"{p.audit_pk}\t{ts(at)}\t{actor}\t{ct}\t{pk}\t{action}\t{before}\t{after}\t{note}\t{data}"
            )
        self.entries = lines


def at_work(after: float, t: float) -> float:
    """``t`` moved into office hours (a night's moment to the next morning), and at least a
    minute after ``after``: steps are recorded at a desk, in order."""
    hour = t % DAY
    # Spread over the working day rather than piled up at opening time.
    if hour < OPENS:
        t += OPENS - hour + hour / OPENS * (CLOSES - OPENS)
    elif hour > CLOSES:
        t += DAY - hour + OPENS + (hour - CLOSES) / (DAY - CLOSES) * (CLOSES - OPENS)
    return max(t, after + 60)


def person(rng: random.Random) -> str:
    given = text.GIVEN
    if rng.random() < 0.5:
        return rng.choice(text.SURNAMES) + given[rng.randrange(len(given))]
    i = rng.randrange(len(given) - 1)
    return rng.choice(text.SURNAMES) + given[i : i + 2]


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def rep_phone(pk: int) -> str:
    # Unique per representative (the registry finds people by phone): a bijection of the pk.
    return f"139{(pk * 387_420_489) % 10**8:08d}"


# --- the command ---------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it is missing (connecting to ``postgres``)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')


def generate(
    scale: float,
    seed: int = 13,
    now: datetime | None = None,
    *,
    database_url: str = "",
    writers: int = 0,
) -> Summary:
    """Build the province on the default database (already migrated). Without ``writers``:
    in one transaction on Django's connection (the test's, which rolls it back). With
    ``writers`` connections to ``database_url``: the big tables are written by them in
    parallel, phase by phase, each phase committed; a failure leaves a part, which the next
    run replaces."""
    from django.db import transaction

    if not writers:
        with transaction.atomic():
            return Province(scale, seed, now).build()
    pool = Writers(database_url, writers)
    try:
        return Province(scale, seed, now).build(pool)
    finally:
        pool.close()


def analyze() -> float:
    """VACUUM ANALYZE: statistics for the planner, and the visibility map that lets the lists
    read a district's requests from an index alone, as autovacuum keeps it in production."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1.0 is a whole province")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--writers", type=int, default=3, help="connections writing the big tables in parallel"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("give a PostgreSQL --database-url (or DATABASE_URL)")
    if args.scale <= 0:
        parser.error("--scale must be positive")
    os.environ["DATABASE_URL"] = args.database_url
    # One connection of our own: the pool would only add a second one.
    os.environ.setdefault("DATABASE_POOL", "0")
    # The real settings insist on a key with a database server; nothing here signs anything.
    os.environ.setdefault("SECRET_KEY", "bench-province-not-a-secret")
    started = time.perf_counter()
    ensure_database(args.database_url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter() - started
    summary = generate(args.scale, args.seed, database_url=args.database_url, writers=args.writers)
    summary.seconds = {
        "create and migrate": migrated,
        **summary.seconds,
        "VACUUM ANALYZE": analyze(),
    }
    print(summary)


if __name__ == "__main__":
    main()
