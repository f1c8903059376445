"""Two gunicorn servers sharing PostgreSQL (and Redis when the suite has one) serve one user's
browser in turn without a hitch: signed in on one, known on the other; a form's CSRF token from
one accepted by the other; signed out on one, signed out on both. This is what a load balancer
in front of several web replicas does to a user (README, "Running a province").

PostgreSQL only: the servers are other processes and must see the test's committed rows in the
test database, which an SQLite file shared by three processes would test poorly.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.models import RoleKind
from tests.factories import PASSWORD, RoleFactory, UserFactory
from tests.races import needs_postgres
from tests.scale.conftest import free_port

pytestmark = [
    needs_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def database_url() -> str:
    """The test database (pytest-django's ``test_…`` name), as the servers' DATABASE_URL."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    login = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{login}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def clerk(areas):
    user = UserFactory(username="clerk_two_servers", full_name="两台服务器")
    # The servers run the real settings, which do not read the suite's fast MD5 hashes: a
    # PBKDF2 hash (few rounds; the server re-hashes it at sign-in, as after an upgrade).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.a)
    return user


@pytest.fixture
def servers(clerk, tmp_path):
    """Two gunicorn servers (two sync workers each) on free loopback ports, as production runs
    them (config/gunicorn.py), sharing the test database, Redis when there is one, and the key."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "two-servers-one-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TWO_FACTOR_REQUIRED": "false",
        "WEB_CONCURRENCY": "2",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # No worker in this test: whatever a page queues stays in the server's memory.
        "CELERY_BROKER_URL": "memory://",
    }
    # Shared like the database when the suite runs with Redis; else each has its own cache.
    env.pop("REDIS_CACHE_URL", None)
    started = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    "config/gunicorn.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "config.wsgi:application",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(tmp_path / f"gunicorn-{port}.log").open("wb"),
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            wait_until_serving(process, base, tmp_path)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            process.terminate()
        for process, _base in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_serving(process, base, tmp_path, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            logs = "\n".join(p.read_text() for p in tmp_path.glob("gunicorn-*.log"))
            pytest.fail(f"gunicorn stopped at start:\n{logs[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"{base} did not answer within {seconds} s")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One user's browser: one cookie jar for both servers (cookies ignore the port, so a load
    balancer's host name and these two loopback ports are alike to it)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(self, url, data=None, referer=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        request.add_header("Accept-Language", "zh-hans")
        if referer:
            request.add_header("Referer", referer)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, url):
        return self.request(url)

    def post(self, url, data, *, with_token=True):
        if with_token:
            data = {**data, "csrfmiddlewaretoken": self.csrf_token()}
        return self.request(url, data)

    def csrf_token(self):
        return next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)


def sign_in(browser, base, user):
    status, _headers, page = browser.get(f"{base}/accounts/login/")
    assert status == 200
    assert re.search(r'name="csrfmiddlewaretoken"', page)
    status, headers, _page = browser.post(
        f"{base}/accounts/login/", {"login": user.username, "password": PASSWORD}
    )
    assert status == 302, _page[:2000]
    return headers


def test_one_users_session_is_served_by_either_server_in_turn(servers, clerk):
    first, second = servers
    browser = Browser()

    sign_in(browser, first, clerk)
    pages = [browser.get(f"{base}/account/") for base in (second, first, second, first)]
    language = browser.post(f"{second}/language/", {"language": "en", "next": "/account/"})
    in_english = browser.get(f"{first}/account/")
    no_token = browser.post(f"{first}/language/", {"language": "zh-hans"}, with_token=False)
    signed_out = browser.post(f"{first}/accounts/logout/", {})
    after = [browser.get(f"{base}/account/") for base in (second, first)]

    assert [status for status, _h, _p in pages] == [200, 200, 200, 200]
    assert all(clerk.username in page for _s, _h, page in pages)
    # A CSRF-protected form sent to the other server with the first one's token is accepted.
    assert language[0] == 302
    assert language[1]["Location"] == "/account/"
    assert in_english[0] == 200
    assert 'lang="en"' in in_english[2]
    # Without the token it is refused, whichever server gets it.
    assert no_token[0] == 403
    assert signed_out[0] == 302
    assert [status for status, _h, _p in after] == [302, 302]
    assert all("/accounts/login/" in headers["Location"] for _s, headers, _p in after)
