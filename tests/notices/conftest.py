"""Notification fixtures on top of the shared world (tests/conftest.py).

``robot_server`` is a local HTTP server (127.0.0.1, a free port, a thread) that records every
POST and answers what the test sets, as a WeCom or DingTalk robot would; ``closed_port`` is an
address where nothing listens. ``tell`` notifies people the way the apps do. Celery runs
in-process here, so a delivery is made when its transaction's commit callbacks run
(``django_capture_on_commit_callbacks(execute=True)``).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from notices.models import NoticeKind
from notices.services import notify


@pytest.fixture(autouse=True)
def _in_process(celery_in_process):
    yield


@dataclass
class Post:
    path: str
    query: dict[str, list[str]]
    json: Any
    content_type: str


@dataclass
class RobotServer:
    """What the robot received, and what it answers next (``answer``, ``delay`` seconds)."""

    base: str = ""
    posts: list[Post] = field(default_factory=list)
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    delay: float = 0.0

    def url(self, path: str = "/cgi-bin/webhook/send?key=test-key") -> str:
        return f"{self.base}{path}"


@pytest.fixture
def robot_server():
    server_state = RobotServer()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if server_state.delay:
                time.sleep(server_state.delay)
            with lock:
                server_state.posts.append(
                    Post(
                        path=urlsplit(self.path).path,
                        query=parse_qs(urlsplit(self.path).query),
                        json=json.loads(body.decode("utf-8")),
                        content_type=self.headers.get("Content-Type", ""),
                    )
                )
            answer = json.dumps(server_state.answer).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass  # keep the test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server_state
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port():
    """An address on this machine where nothing listens: connecting is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/robot/send?access_token=x"


@pytest.fixture
def tell(wr):
    """``tell([user], key="k")``: an assignment-like notice about wr.a, as the apps send."""

    def send(people, *, key="test:1", title="诉求 2026-000001 已交您办理：路灯不亮", **extra):
        extra.setdefault("place", wr.a)
        extra.setdefault("url", "/requests/1/")
        return notify(
            people,
            kind=NoticeKind.ASSIGNED,
            key=key,
            message=lambda: (title, "工作室：长安街道党代表工作室"),
            **extra,
        )

    return send


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(f, ...)``: call ``f`` and then what it queued for after its commit (the
    deliveries, made in-process here)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
