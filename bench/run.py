"""The benchmark runner (issue 13 §1): the pages each role uses, under the production server, and
the batch jobs, against a PostgreSQL database already filled (``bench/province.py``, or the demo).

    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/province \\
        [--duration 60] [--clients 20] [--out bench/RESULTS.md --label "10%"]
    # on the demo data (python manage.py demo), its sign-ins:
    .venv/bin/python bench/run.py --database-url postgres://.../benchdemo --demo-users
    # CI: a minute or two on a tiny dataset; fails only on an error status or a broken run
    .venv/bin/python bench/run.py --database-url ... --demo-users --quick

It starts gunicorn (config/gunicorn.py, production settings, ``--workers`` sync workers) on a
free loopback port with Redis (``--redis-url``) as cache and broker, signs in over HTTP as the
liaison office, a clerk and a representative, and asks for each role's pages, found in the
database through the app's selectors. For each page: p50/p95 of sequential requests by one
user, the SQL queries of one request (counted in this process with Django's test client on the
same database and settings), and requests/s with ``--clients`` concurrent clients for
``--duration`` seconds (``wrk``, Debian package ``wrk``), compared with the trivial signed-in
page of the same run. Then the batch figures: the monthly flags for every workroom, a month of
duty shifts (rolled back), the roll-up and ``--pdfs`` workroom PDFs through two Celery workers,
and peak memory. Results go to stdout and, with ``--out``, into the section of ``--label``.

A full run takes about (pages × (duration + a few seconds)) + the batches: 40 pages at 60 s is
about 45 minutes. The run writes what the pages write (audit entries of the lists' reads, the
sessions of its sign-ins) and re-renders the month's reports (files under MEDIA_ROOT); the
shifts it generates are rolled back. Helpers: ``bench/pages.py`` (which pages, queries),
``bench/load.py`` (sign-in, timing, wrk), ``bench/procs.py`` (gunicorn, Celery, memory),
``bench/batches.py`` and ``bench/pdf_peak.py`` (the batch figures). Exit status 1 when a page answered anything but 200, a report failed or a sign-in
failed; never because of a timing.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_USERS = ("bench-office", "bench-clerk", "bench-rep", "bench-pass-2026")
DEMO_USERS = ("dlb_yuetang", "clerk_shuyuan", "rep_shuyuan", "Demo-2026")

# Targets of issue 13.
P95_MS = 150
MAX_QUERIES = 15
MIN_RATIO = 0.40
FLAGS_S = 5
PDFS_S = 120
PDFS_FOR = 200
SHIFTS_S = 60
WEB_RSS_MIB = 200
PDF_PEAK_MIB = 400
TRIVIAL = "account"
ROLES = ("office", "clerk", "representative", "anonymous")
# A broker or cache named apart from REDIS_URL would send the run elsewhere.
NOT_INHERITED = ("CELERY_BROKER_URL", "REDIS_CACHE_URL")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", required=True, help="postgres://… (already filled)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--duration", type=float, help="seconds of wrk per page (60; quick 2)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 for 2 cores)")
    parser.add_argument("--requests", type=int, help="sequential timed requests (30; quick 5)")
    parser.add_argument("--warmups", type=int, help="untimed requests first (3; quick 1)")
    parser.add_argument("--pdfs", type=int, help="workroom PDFs besides the roll-up (200; quick 5)")
    parser.add_argument("--celery-workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="Markdown file to write the section into")
    parser.add_argument("--label", help="scale label, the section's name (default: database)")
    parser.add_argument("--quick", action="store_true", help="CI: few requests, small batches")
    parser.add_argument("--office-user", default=BENCH_USERS[0])
    parser.add_argument("--clerk-user", default=BENCH_USERS[1])
    parser.add_argument("--rep-user", default=BENCH_USERS[2])
    parser.add_argument("--password", default=BENCH_USERS[3])
    parser.add_argument(
        "--demo-users",
        action="store_true",
        help=f"sign in as the demo's {', '.join(DEMO_USERS[:3])} (password {DEMO_USERS[3]})",
    )
    parser.add_argument(
        "--only",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        default=[],
        help=f"only these roles' pages: {','.join(ROLES)}",
    )
    parser.add_argument("--no-load", action="store_true", help="skip the pages")
    parser.add_argument("--no-flags", action="store_true", help="skip the monthly flags")
    parser.add_argument("--no-pdfs", action="store_true", help="skip the PDFs through Celery")
    parser.add_argument("--no-shifts", action="store_true", help="skip the month of shifts")
    parser.add_argument("--no-memory", action="store_true", help="skip the PDF peak memory")
    args = parser.parse_args(argv)
    quick = args.quick
    for name, full, small in (
        ("duration", 60.0, 2.0),
        ("requests", 30, 5),
        ("warmups", 3, 1),
        ("pdfs", 200, 5),
    ):
        if getattr(args, name) is None:
            setattr(args, name, small if quick else full)
    unknown = set(args.only) - set(ROLES)
    if unknown:
        parser.error(f"--only: unknown roles {', '.join(sorted(unknown))}")
    if args.demo_users:
        args.office_user, args.clerk_user, args.rep_user, args.password = DEMO_USERS
    return args


def server_environment(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    """Production settings (config/settings.py) as a deployment sets them, for the server, the
    workers and this process alike."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "TWO_FACTOR_REQUIRED": "false",
            "WEB_CONCURRENCY": str(args.workers),
            # Collected as the image does, so pages name hashed, compressed files.
            "STATIC_ROOT": str(workdir / "static"),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )
    return env


# --- results ------------------------------------------------------------------------------------


@dataclass
class PageResult:
    role: str
    label: str
    url_name: str
    path: str
    note: str = ""
    status: int | None = None  # in-process answer
    queries: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    rps: float | None = None
    ratio: float | None = None
    errors: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.problems or (self.status not in (None, 200)))


@dataclass
class Run:
    args: argparse.Namespace
    started: datetime
    machine: dict = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    pages: list[PageResult] = field(default_factory=list)
    not_for_role: dict[str, list[str]] = field(default_factory=dict)
    sign_ins: dict[str, str] = field(default_factory=dict)
    web_memory: list[dict[str, int]] = field(default_factory=list)
    flags: dict | None = None
    shifts: dict | None = None
    pdfs: dict | None = None
    pdf_peak: dict | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems or any(p.failed for p in self.pages))


# --- the steps ----------------------------------------------------------------------------------


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def describe_machine() -> dict:
    from django.db import connection

    memory_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kib = int(line.split()[1])
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "load": os.getloadavg()[0],
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory_kib / 1024 / 1024,
        "postgres": postgres.split()[0],
        "commit": commit,
        "database": connection.settings_dict.get("NAME", ""),
    }


def count_rows() -> dict[str, int]:
    """Rows of the main tables, spam and de-identified rows included (no manager's filter)."""
    from django.apps import apps
    from django.db import connection

    tables = [
        ("areas", "workrooms.Area"),
        ("workrooms", "workrooms.Workroom"),
        ("users", "accounts.User"),
        ("representatives", "representatives.Representative"),
        ("assignments", "representatives.Assignment"),
        ("duty shifts", "rosters.DutyShift"),
        ("duties", "rosters.Duty"),
        ("requests", "petitions.Petition"),
        ("activities", "activities.Activity"),
        ("wishes", "activities.Wish"),
        ("reports", "reports.Report"),
        ("notifications", "notices.Notification"),
        ("audit entries", "core.AuditEntry"),
    ]
    counts = {}
    with connection.cursor() as cursor:
        for name, label in tables:
            table = connection.ops.quote_name(apps.get_model(label)._meta.db_table)
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[name] = cursor.fetchone()[0]
    return counts


def discover(run: Run) -> dict[str, Any]:
    """Each role's user and pages; every page's status and queries in this process."""
    from accounts.models import User
    from bench import pages

    args = run.args
    usernames = {
        pages.OFFICE: args.office_user,
        pages.CLERK: args.clerk_user,
        pages.REPRESENTATIVE: args.rep_user,
    }
    users: dict[str, Any] = {}
    for role, username in usernames.items():
        try:
            users[role] = User.objects.get(username=username)
        except User.DoesNotExist:
            raise SystemExit(
                f"No user {username!r} for the {role} role: the generator's sign-ins are "
                f"bench-office, bench-clerk, bench-rep; the demo's take --demo-users."
            ) from None
    users[pages.ANONYMOUS] = None
    run.sign_ins = {
        pages.ROLE_TITLES[role]: user.username for role, user in users.items() if user is not None
    }
    found = [pages.trivial_page(pages.OFFICE)]
    for role, user in users.items():
        if args.only and role not in args.only:
            continue
        found += pages.role_pages(role, user)
        if user is not None:
            run.not_for_role[role] = pages.not_for_role(role, user)
    found.append(pages.trivial_page(pages.OFFICE, again=True))
    clients = {role: pages.query_client(user) for role, user in users.items()}
    for page in found:
        result = PageResult(page.role, page.label, page.url_name, page.path, page.note)
        result.status, result.queries = pages.count_queries(clients[page.role], page.path)
        if result.status != 200:
            result.problems.append(f"in-process GET answered {result.status}")
        run.pages.append(result)
    return users


def measure_pages(run: Run, users: dict, env: dict[str, str], workdir: Path) -> None:
    from django.urls import reverse

    from bench import load, procs

    args = run.args
    if not load.wrk_path():
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    port = procs.free_port()
    with procs.gunicorn(
        port=port, workers=args.workers, env=env, log=workdir / "gunicorn.log"
    ) as server:
        procs.wait_healthy(server, port=port)
        browsers = {}
        login = reverse("account_login")
        for role, user in users.items():
            browser = load.Browser(port)
            if user is not None:
                try:
                    load.sign_in(
                        browser, login_path=login, username=user.username, password=args.password
                    )
                except load.SignInFailed as exc:
                    raise SystemExit(f"Sign-in failed: {exc}") from None
            browsers[role] = browser
        # Untimed load first: the workers' first requests (imports, templates, the pool's
        # connections) would otherwise count against whichever page comes first.
        first = run.pages[0]
        load.run_wrk(
            f"http://127.0.0.1:{port}{first.path}",
            cookie=browsers[first.role].cookie_header(),
            clients=args.clients,
            duration=min(args.duration, 3),
            threads=args.wrk_threads,
        )
        load.drain(browsers[first.role])
        for result in run.pages:
            _load_page(result, browsers[result.role], port=port, args=args)
            print(f"  {_page_line(result)}", flush=True)
        # The trivial page is the first and the last row: compared with the mean of both.
        trivial = [r.rps for r in run.pages if r.url_name == TRIVIAL and r.rps]
        baseline = sum(trivial) / len(trivial) if trivial else None
        for result in run.pages:
            result.ratio = result.rps / baseline if baseline and result.rps is not None else None
        # Resident memory of each web worker after the load, and its peak.
        run.web_memory = [procs.memory_kib(pid) for pid in procs.children(server.pid)]


def _load_page(result: PageResult, browser, *, port: int, args: argparse.Namespace) -> None:
    from bench import load

    latency = load.time_sequential(browser, result.path, n=args.requests, warmup=args.warmups)
    result.p50_ms, result.p95_ms = latency.p50_ms, latency.p95_ms
    result.errors += latency.errors
    if latency.errors:
        result.problems.append(f"sequential answers {latency.statuses}")
    throughput = load.run_wrk(
        f"http://127.0.0.1:{port}{result.path}",
        cookie=browser.cookie_header(),
        clients=args.clients,
        duration=args.duration,
        threads=args.wrk_threads,
    )
    load.drain(browser)
    result.rps = throughput.requests_per_s
    result.errors += throughput.errors
    if throughput.errors:
        result.problems.append(
            f"wrk: {throughput.errors} of {throughput.requests} not 200 {throughput.detail}".strip()
        )


def run_batches(run: Run, env: dict[str, str], workdir: Path) -> None:
    from bench import batches

    args = run.args
    if not args.no_flags:
        print("batch: monthly flags …", flush=True)
        run.flags = batches.monthly_flags()
    if not args.no_shifts:
        print("batch: a month of duty shifts …", flush=True)
        run.shifts = batches.month_of_shifts()
    if not args.no_pdfs:
        print(f"batch: roll-up + {args.pdfs} PDFs on {args.celery_workers} workers …", flush=True)
        run.pdfs = batches.pdfs_through_workers(
            count=args.pdfs,
            workers=args.celery_workers,
            env=env,
            logs=workdir,
            timeout=300 if args.quick else 1800,
        )
        p = run.pdfs
        if not p["workroom_pdfs"]:
            run.problems.append("no workroom to render a PDF for")
        if p["failed"] or p["unfinished"]:
            run.problems.append(
                f"PDFs: {p['failed']} failed, {p['unfinished']} unfinished "
                f"(the workers' logs: {workdir}/celery*.log)"
            )
    if not args.no_memory:
        print("batch: one PDF's peak memory …", flush=True)
        run.pdf_peak = batches.pdf_peak(env=env)


# --- writing the results -----------------------------------------------------------------------


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("✓" if ok else "✗")


def _num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _page_line(r: PageResult) -> str:
    return (
        f"{r.role:<14} {r.label:<34} p50 {_num(r.p50_ms)} ms, p95 {_num(r.p95_ms)} ms, "
        f"{r.queries} queries, {_num(r.rps, 1)} req/s, errors {r.errors}"
    )


def page_table(run: Run) -> list[str]:
    lines = [
        "| role | page | URL name | p50 ms | p95 ms | queries | req/s | vs trivial | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in run.pages:
        p95_ok = None if r.p95_ms is None else r.p95_ms <= P95_MS
        q_ok = None if r.queries is None else r.queries <= MAX_QUERIES
        ratio_ok = None if r.ratio is None else r.ratio >= MIN_RATIO
        ratio = "–" if r.ratio is None else f"{r.ratio:.0%}"
        errors = f"**{r.errors}** ✗" if r.failed else "0"
        lines.append(
            f"| {r.role} | {r.label} | `{r.url_name}` | {_num(r.p50_ms)} | "
            f"{_num(r.p95_ms)} {_mark(p95_ok)} | {r.queries} {_mark(q_ok)} | {_num(r.rps, 1)} | "
            f"{ratio} {_mark(ratio_ok)} | {errors} |"
        )
    return lines


def batch_table(run: Run) -> list[str]:
    lines = ["| figure | result | target | |", "| --- | --- | --- | --- |"]
    if run.flags:
        f = run.flags
        lines.append(
            f"| monthly flags (每月有接待、每月有反馈), {f['workrooms']} workrooms, {f['month']} "
            f"(`reports.rule.evaluate`; {f['passed']} pass both) | {f['median_s']:.2f} s "
            f"(first {f['first_s']:.2f} s) | ≤ {FLAGS_S} s | {_mark(f['median_s'] <= FLAGS_S)} |"
        )
    if run.pdfs:
        p = run.pdfs
        n = p["workroom_pdfs"]
        # Fewer than the target's number (a small dataset, --quick): the time scaled up is
        # shown for orientation only; workers' start-up weighs too much in it to judge.
        scaled = p["seconds"] * PDFS_FOR / n if n else None
        judged = p["seconds"] if n >= PDFS_FOR else None
        extra = "" if n >= PDFS_FOR else f"; ≈ {_num(scaled)} s scaled to {PDFS_FOR}, not judged"
        lines.append(
            f"| roll-up ({p['district']}) + {n} workroom PDFs, {p['month']}, "
            f"{p['workers']} Celery workers (`reports.services.request_report`): "
            f"{p['done']} done, {p['failed']} failed, {p['unfinished']} unfinished; "
            f"median render {_num(p['render_median_s'], 2)} s | {p['seconds']:.1f} s{extra} | "
            f"≤ {PDFS_S} s for {PDFS_FOR} | {_mark(None if judged is None else judged <= PDFS_S)} |"
        )
    if run.shifts:
        s = run.shifts
        lines.append(
            f"| a month of duty shifts ({s['month']}, {s['workrooms']} workrooms, "
            f"{s['created']} shifts created, rolled back; "
            f"`rosters.generation.generate_month_for_all`) | {s['seconds']:.1f} s | "
            f"≤ {SHIFTS_S} s | {_mark(s['seconds'] <= SHIFTS_S)} |"
        )
    if run.web_memory:
        rss = max(m.get("VmRSS", 0) for m in run.web_memory) / 1024
        hwm = max(m.get("VmHWM", 0) for m in run.web_memory) / 1024
        lines.append(
            f"| web worker RSS after the load, largest of {len(run.web_memory)} "
            f"(peak VmHWM {hwm:.0f} MiB) | {rss:.0f} MiB | ≤ {WEB_RSS_MIB} MB | "
            f"{_mark(rss <= WEB_RSS_MIB)} |"
        )
    if run.pdf_peak:
        m = run.pdf_peak
        peak = max(m["maxrss_kib"], m["vmhwm_kib"]) / 1024
        lines.append(
            f"| PDF task peak: {m['workroom']} {m['month']} in a fresh process "
            f"({m['seconds']:.2f} s, {m['bytes'] / 1024:.0f} KiB) | {peak:.0f} MiB | "
            f"≤ {PDF_PEAK_MIB} MB | {_mark(peak <= PDF_PEAK_MIB)} |"
        )
    if run.pdfs and run.pdfs["worker_peak_kib"]:
        lines.append(
            f"| Celery worker process peak after the PDFs (VmHWM) | "
            f"{run.pdfs['worker_peak_kib'] / 1024:.0f} MiB | ≤ {PDF_PEAK_MIB} MB | "
            f"{_mark(run.pdfs['worker_peak_kib'] / 1024 <= PDF_PEAK_MIB)} |"
        )
    return lines


def section(run: Run) -> str:
    args, m = run.args, run.machine
    label = args.label or m.get("database", "")
    lines = [
        f"## Scale: {label}",
        "",
        f"{run.started:%Y-%m-%d %H:%M} UTC · {m['nproc']} CPUs ({m['cpu']}), "
        f"{m['memory_gib']:.1f} GiB RAM, load average {m['load']:.1f} at the start, "
        f"{m.get('load_end', 0):.1f} at the end · "
        f"PostgreSQL {m['postgres']}, database `{m['database']}` · commit {m['commit']} · "
        f"gunicorn {args.workers} sync workers · {args.requests} sequential requests after "
        f"{args.warmups} warm-up(s) · wrk {args.clients} clients × {args.duration:g} s per page"
        + (" · **quick mode**" if args.quick else ""),
        "",
        "Rows: " + ", ".join(f"{name} {n:,}" for name, n in run.rows.items()) + ".",
        "",
    ]
    if run.pages:
        lines += [
            "### Pages",
            "",
            f"Targets: p95 ≤ {P95_MS} ms, queries ≤ {MAX_QUERIES}, throughput ≥ "
            f"{MIN_RATIO:.0%} of the trivial page's (first row) in the same run. "
            "Errors: answers other than 200 (sequential, wrk, in-process). Signed in as "
            + ", ".join(f"`{name}` ({title})" for title, name in run.sign_ins.items())
            + ".",
            "",
            *page_table(run),
            "",
        ]
        notes = [f"- {r.role}, {r.label}: {r.note} (`{r.path}`)" for r in run.pages if r.note]
        for role, missing in run.not_for_role.items():
            if missing:
                notes.append(f"- {role}: not open to this role (403): {', '.join(missing)}")
        for r in run.pages:
            notes += [f"- {r.role}, {r.label}: {note}" for note in r.notes]
            notes += [f"- **{r.role}, {r.label}: {problem}**" for problem in r.problems]
        lines += ["Objects chosen and problems:", "", *notes, ""]
    batches = batch_table(run)
    if len(batches) > 2:
        lines += ["### Batches", "", *batches, ""]
    lines += [f"- **{problem}**" for problem in run.problems]
    return "\n".join(lines).rstrip() + "\n"


def write_section(path: Path, label: str, text: str) -> None:
    """Replace the section of ``label`` (from its heading to the next ``## ``), or append it."""
    heading = f"## Scale: {label}\n"
    old = path.read_text() if path.exists() else "# Benchmark results (bench/run.py)\n"
    if heading in old:
        start = old.index(heading)
        end = old.find("\n## ", start + len(heading))
        new = old[:start] + text + (old[end:] if end != -1 else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.write_text(new)


def _stop_on_term(signum, frame):
    # Turned into an exception so every started process is stopped on the way out.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_term)
    workdir = Path(tempfile.mkdtemp(prefix="workrooms-bench-"))
    env = server_environment(args, workdir)
    for name in NOT_INHERITED:
        os.environ.pop(name, None)
    os.environ.update(env)
    collect_static(env)

    import django

    django.setup()

    run = Run(args=args, started=datetime.now(UTC))
    run.machine = describe_machine()
    if run.machine["load"] > (run.machine["nproc"] or 1) / 2:
        print(
            f"Warning: load average {run.machine['load']:.1f} on {run.machine['nproc']} CPUs: "
            "other work on this machine will slow the figures down.",
            file=sys.stderr,
        )
    run.rows = count_rows()
    print(f"Logs in {workdir}", flush=True)
    began = time.perf_counter()
    if not args.no_load:
        print("pages: discovering, counting queries …", flush=True)
        users = discover(run)
        print(f"pages: {len(run.pages)} under gunicorn …", flush=True)
        measure_pages(run, users, env, workdir)
    run_batches(run, env, workdir)
    run.machine["load_end"] = os.getloadavg()[0]
    text = section(run)
    print()
    print(text)
    print(f"({time.perf_counter() - began:.0f} s)")
    if args.out:
        write_section(args.out, args.label or run.machine.get("database", ""), text)
        print(f"Written into {args.out}")
    if run.failed:
        print("FAILED: a page or a report answered an error (see above).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
