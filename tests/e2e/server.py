"""The app as users get it, for the browser journeys: gunicorn and a real Celery worker on
PostgreSQL and Redis, with the demo data, on free ports of 127.0.0.1.

The demo takes minutes to build, so it is built once into the database ``e2e_template`` (and its
uploads into ``var/e2e/template-media``) and each test session starts from a fresh copy of it
(``CREATE DATABASE … TEMPLATE``: a file copy, about a second). The template is rebuilt when the
migrations or the demo builders change, on a new day (the demo builds "today's" work), or when
E2E_REBUILD=1 asks for it (a change elsewhere that the demo's data depends on).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
VAR = Path(os.environ.get("E2E_VAR_DIR", ROOT / "var" / "e2e"))
# The PostgreSQL server (no database name), and the Redis database of broker and cache.
DATABASE_SERVER = os.environ.get("E2E_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/8")
DATABASE = "e2e"
TEMPLATE = "e2e_template"
# Fixed, as the test suite's: these databases hold demo data only.
SECRET_KEY = "e2e-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass
class Server:
    url: str
    logs: dict[str, Path]

    def tail(self, lines: int = 40) -> str:
        """The end of each log, for a failure's report."""
        parts = []
        for name, path in self.logs.items():
            text = path.read_text(errors="replace").splitlines() if path.exists() else []
            parts.append(f"---- {name} ({path}), last {lines} lines ----")
            parts.extend(text[-lines:])
        return "\n".join(parts)


def _fingerprint() -> str:
    """What the template's contents depend on: the schema, the demo builders, today's date."""
    digest = hashlib.sha256()
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    digest.update(today.isoformat().encode())
    patterns = ["*/migrations/*.py", "*/demo.py", "*/demo/*.py", "*/demo_data.py", "*/demo_*.py"]
    files = sorted({path for pattern in patterns for path in ROOT.glob(pattern)})
    for path in files:
        if ".venv" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _admin() -> psycopg.Connection:
    return psycopg.connect(f"{DATABASE_SERVER}/postgres", autocommit=True)


def _template_fingerprint(conn: psycopg.Connection) -> str | None:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [TEMPLATE],
    ).fetchone()
    return row[0] if row else None


def app_env(*, database: str, media: Path, broker: bool = True, **extra: str) -> dict[str, str]:
    """Production settings (config.settings, DEBUG off) on the given database. Two-factor
    sign-in, required of staff on a database server, is switched off: the journeys sign in with
    the demo's passwords. Group robots are left out of the channels: nothing leaves the
    machine."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "CELERY_", "DJANGO_", "S3_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{DATABASE_SERVER}/{database}",
        DATABASE_POOL_MAX="4",
        TWO_FACTOR_REQUIRED="false",
        VAR_DIR=str(VAR),
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(VAR / "static"),
        NOTICE_CHANNELS="email,sms",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    if broker:
        env["REDIS_URL"] = REDIS_URL
    return env


def _run(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(args)}\n")
        out.flush()
        subprocess.run(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)


def prepare_database(log: Path) -> None:
    """A fresh ``e2e`` database (and its uploads) copied from an up-to-date template."""
    fingerprint = _fingerprint()
    template_media = VAR / "template-media"
    with _admin() as conn:
        stale = _template_fingerprint(conn) != fingerprint or not template_media.is_dir()
        if stale or os.environ.get("E2E_REBUILD") == "1":
            print(f"e2e: building the demo data into {TEMPLATE} (a few minutes)", flush=True)
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
            shutil.rmtree(template_media, ignore_errors=True)
            # No broker: the demo's reports render in its own process, as in `make run`.
            env = app_env(database=TEMPLATE, media=template_media, broker=False)
            _run([str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"], env, log)
            _run([str(BIN / "python"), "manage.py", "demo"], env, log)
            conn.execute(f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{fingerprint}'")
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{TEMPLATE}"')
    media = VAR / "media"
    shutil.rmtree(media, ignore_errors=True)
    shutil.copytree(template_media, media)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    # A session of its own, so that stopping it stops its workers (gunicorn's, celery's) too.
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _wait_until(ready, what: str, processes: list[subprocess.Popen[bytes]], timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"e2e: {process.args[0]} exited while waiting for {what}")
        if ready():
            return
        time.sleep(0.3)
    raise RuntimeError(f"e2e: {what} not ready after {timeout:.0f} s")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def running_app() -> Iterator[Server]:
    VAR.mkdir(parents=True, exist_ok=True)
    logs = {name: VAR / f"{name}.log" for name in ("setup", "gunicorn", "celery")}
    for path in logs.values():
        path.write_text("")
    prepare_database(logs["setup"])
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = app_env(database=DATABASE, media=VAR / "media", SITE_URL=url)
    _run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], env, logs["setup"]
    )
    # Sign-in rate limits, cached pages and queued messages of an earlier run start empty.
    _run([str(BIN / "python"), "-c", _FLUSH_REDIS], env, logs["setup"])
    processes = [
        _start(
            [
                str(BIN / "gunicorn"),
                "--config",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--worker-tmp-dir",
                "/tmp",
                "config.wsgi:application",
            ],
            env,
            logs["gunicorn"],
        ),
        _start(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "1",
                "--prefetch-multiplier",
                "1",
                "--without-gossip",
                "--without-mingle",
            ],
            env,
            logs["celery"],
        ),
    ]
    server = Server(url=url, logs=logs)
    try:
        try:
            _wait_until(lambda: _healthy(url), "gunicorn", processes, timeout=60)
            _wait_until(
                lambda: " ready." in logs["celery"].read_text(errors="replace"),
                "the Celery worker",
                processes,
                timeout=60,
            )
        except Exception:
            print(server.tail())
            raise
        yield server
    finally:
        for process in processes:
            _stop(process)


_FLUSH_REDIS = "import os, redis; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"
