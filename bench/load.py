"""Talking to the running server as a browser would: signing in through allauth's form, timing
sequential requests, and driving ``wrk`` for throughput under concurrent clients."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """One visitor: a cookie jar and plain HTTP/1.1 requests to the server on loopback (gunicorn's
    sync workers close every connection, so each request opens its own, as wrk's do)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers={**self.headers(), **(headers or {})})
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers, content

    def headers(self) -> dict[str, str]:
        headers = {"Host": "127.0.0.1", "User-Agent": "workrooms-bench"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        return headers

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


class SignInFailed(RuntimeError):
    pass


def sign_in(browser: Browser, *, login_path: str, username: str, password: str) -> None:
    """Sign in through the login form (CSRF token from the page, as a browser sends it back).
    The form would ask a sum after repeated failures (accounts.signin): that, or any answer
    other than a redirect, is a failure to report, not to work around."""
    status, _headers, page = browser.request("GET", login_path)
    if status != 200:
        raise SignInFailed(f"GET {login_path} answered {status}")
    token = CSRF_INPUT.search(page.decode("utf-8", "replace"))
    if not token:
        raise SignInFailed(f"no CSRF token on {login_path}")
    body = urlencode(
        {"csrfmiddlewaretoken": token.group(1), "login": username, "password": password}
    )
    status, _headers, page = browser.request(
        "POST",
        login_path,
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302 or "sessionid" not in browser.cookies:
        text = page.decode("utf-8", "replace")
        hint = " (the form asks the sign-in question)" if "challenge" in text else ""
        raise SignInFailed(f"signing in as {username!r} answered {status}{hint}")


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    statuses: dict[int, int]
    size: int

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: with 30 samples, p95 is the 29th slowest."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil
    return ordered[int(rank) - 1]


def time_sequential(browser: Browser, path: str, *, n: int, warmup: int) -> Latency:
    """One user asking for the page ``n`` times in a row, after ``warmup`` untimed asks."""
    statuses: dict[int, int] = {}
    times = []
    size = 0
    for i in range(warmup + n):
        started = time.perf_counter()
        status, _headers, body = browser.request("GET", path)
        elapsed = time.perf_counter() - started
        if i < warmup:
            continue
        statuses[status] = statuses.get(status, 0) + 1
        times.append(elapsed * 1000)
        size = len(body)
    return Latency(
        p50_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        statuses=statuses,
        size=size,
    )


def drain(browser: Browser) -> None:
    """Wait until the requests wrk left queued are served: wrk stops at its deadline, but the
    connections it opened stay in the listen queue and gunicorn serves each in turn. A request
    queued behind them returns once they are done, so the next page is timed on an idle server."""
    for _ in range(2):
        browser.request("GET", "/healthz/")


# --- wrk ---------------------------------------------------------------------------------------


@dataclass
class Throughput:
    requests_per_s: float
    requests: int
    errors: int  # answers other than 200, connections refused or broken
    timeouts: int  # requests still unanswered after the timeout: slow, not wrong
    detail: str = ""


# Counts every answer but 200 (wrk's own count lets a 302 to the sign-in page pass as success).
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + thread:get("not_ok") end
  io.write(string.format("not-200: %d\\n", n))
end
"""
WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_TOTAL = re.compile(r"(\d+) requests in")
WRK_NOT_200 = re.compile(r"not-200: (\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def wrk_path() -> str | None:
    return shutil.which("wrk")


def run_wrk(
    url: str,
    *,
    cookie: str,
    clients: int,
    duration: float,
    threads: int,
    timeout: float = 30,
) -> Throughput:
    """``clients`` connections over ``threads`` threads for ``duration`` seconds. wrk's own
    two-second timeout would count a slow but working page as socket errors: raised."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    argv = [
        wrk_path() or "wrk",
        f"-t{max(1, min(threads, clients))}",
        f"-c{clients}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={round(timeout)}s",
        "-s",
        script.name,
        "-H",
        "Host: 127.0.0.1",
        "-H",
        "User-Agent: workrooms-bench",
    ]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    argv.append(url)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + timeout + 60)
    finally:
        os.unlink(script.name)
    out = done.stdout
    rps = WRK_RPS.search(out)
    not_200 = WRK_NOT_200.search(out)
    if done.returncode != 0 or not rps or not not_200:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or out}")
    errors, timeouts = int(not_200.group(1)), 0
    socket_errors = WRK_SOCKET.search(out)
    if socket_errors:
        connect, read, write, timeouts = (int(g) for g in socket_errors.groups())
        errors += connect + read + write
    total = WRK_TOTAL.search(out)
    return Throughput(
        requests_per_s=float(rps.group(1)),
        requests=int(total.group(1)) if total else 0,
        errors=errors,
        timeouts=timeouts,
        detail=socket_errors.group(0) if socket_errors else "",
    )
