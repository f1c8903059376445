"""The processes the benchmark runner starts: gunicorn and Celery workers, each stopped by its own
process id when the run ends (however it ends), and their memory read from ``/proc``."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A loopback port nobody listens on now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Started:
    name: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _stop(started: Started, *, grace: float) -> None:
    process = started.process
    if process.poll() is not None:
        return
    # Each process was started in a session of its own: its group holds it and the children it
    # forked (gunicorn's and Celery's workers), and nothing else.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def started(
    name: str, argv: list[str], *, env: dict[str, str], log: Path, grace: float = 30
) -> Iterator[Started]:
    """Run ``argv`` for the length of the ``with`` block, its output in ``log``."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    handle = Started(name, process, log)
    try:
        yield handle
    finally:
        _stop(handle, grace=grace)


def gunicorn(*, port: int, workers: int, env: dict[str, str], log: Path):
    """The production server as the container runs it (config/gunicorn.py), on loopback."""
    argv = [
        str(BIN / "gunicorn"),
        "--config",
        "config/gunicorn.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "config.wsgi:application",
    ]
    return started("gunicorn", argv, env=env, log=log)


def celery_worker(*, name: str, concurrency: int, env: dict[str, str], log: Path):
    argv = [
        str(BIN / "celery"),
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "-n",
        f"{name}@%h",
        "--concurrency",
        str(concurrency),
        "--prefetch-multiplier",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return started(name, argv, env=env, log=log, grace=60)


def wait_healthy(server: Started, *, port: int, timeout: float = 60) -> None:
    """Until ``/healthz/`` answers 200 (database, cache and broker all up)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.process.returncode}):\n{server.tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz/", headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status == 200:
                return
            last = f"{response.status} {body[:200]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.3)
    raise RuntimeError(f"/healthz/ did not answer 200 within {timeout:.0f} s: {last}")


def wait_for_line(handle: Started, text: str, *, timeout: float = 60) -> None:
    """Until ``text`` appears in the process's log (Celery's "ready.")."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if handle.process.poll() is not None:
            raise RuntimeError(f"{handle.name} exited:\n{handle.tail()}")
        if text in handle.log.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{handle.name} not {text!r} within {timeout:.0f} s:\n{handle.tail()}")


# --- memory ------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (gunicorn's or Celery's pool workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak) of a process, in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values
