"""Browser journeys (`make e2e`): Playwright drives Debian's chromium against the app served by
gunicorn with a Celery worker on PostgreSQL and Redis (tests/e2e/server.py).

Left out of `make test` (pyproject.toml deselects the ``e2e`` marker). Each signed-in user signs
in once per session and later contexts reuse the cookies (the sign-in is rate-limited). Every
test records a Playwright trace; when it fails, the trace, a screenshot of every open page and
the end of the server's logs go to ``e2e-artifacts/<test>/`` (E2E_ARTIFACTS to move it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.pages import ARTIFACTS, AXE, SCREENSHOTS, sign_in
from tests.e2e.server import Server, running_app

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Fixtures learn from item.rep_call whether the test itself failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make e2e` (it runs npm ci in tests/e2e)")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    with running_app() as app:
        yield app


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # Debian's chromium: Playwright's own download is not used (nor reachable in CI).
        # Headless chromium draws date and month fields in English whatever --lang or the
        # locale say (screenshots show "November 2026"); a person's own browser uses theirs.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _signed_in_states() -> dict[str, dict]:
    return {}


class Journey:
    """The browsers of one test: ``journey.page(user, phone=True)`` opens a page signed in as
    ``user`` (None: anonymous). Contexts are traced; on failure their traces and screenshots are
    kept."""

    def __init__(self, browser: Browser, server: Server, states: dict[str, dict], name: str):
        self.browser, self.server, self.states, self.name = browser, server, states, name
        self.contexts: list[tuple[str, BrowserContext]] = []

    def context(self, user: str | None = None, *, phone: bool = False) -> BrowserContext:
        viewport = PHONE if phone else DESKTOP
        options = {
            "base_url": self.server.url,
            "viewport": viewport,
            "is_mobile": phone,
            "has_touch": phone,
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
            # axe is injected as a script tag; the app's CSP (rightly) allows only its own.
            "bypass_csp": True,
            "accept_downloads": True,
        }
        if user and user not in self.states:
            self.states[user] = self._sign_in(user, options)
        context = self.browser.new_context(storage_state=self.states.get(user), **options)
        context.set_default_timeout(15_000)
        context.tracing.start(screenshots=True, snapshots=True, sources=False)
        self.contexts.append((user or "anonymous", context))
        return context

    def page(self, user: str | None = None, *, phone: bool = False) -> Page:
        return self.context(user, phone=phone).new_page()

    def _sign_in(self, user: str, options: dict) -> dict:
        context = self.browser.new_context(**options)
        try:
            page = context.new_page()
            sign_in(page, user)
            return context.storage_state()
        finally:
            context.close()

    def finish(self, failed: bool) -> None:
        for index, (user, context) in enumerate(self.contexts):
            folder = ARTIFACTS / self.name
            if failed:
                folder.mkdir(parents=True, exist_ok=True)
                for number, page in enumerate(context.pages):
                    try:
                        page.screenshot(
                            path=folder / f"{index}-{user}-{number}.png", full_page=True
                        )
                    except Exception as exc:  # a crashed page must not hide the real failure
                        print(f"e2e: no screenshot of {page.url}: {exc}")
                context.tracing.stop(path=folder / f"{index}-{user}-trace.zip")
            else:
                context.tracing.stop()
            context.close()
        if failed:
            print(f"\ne2e: screenshots and traces in {ARTIFACTS / self.name}")
            print("e2e: open a trace with `.venv/bin/playwright show-trace <file>`")
            print(self.server.tail())


@pytest.fixture
def journey(request, browser, server, _signed_in_states) -> Iterator[Journey]:
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    journey = Journey(browser, server, _signed_in_states, name)
    yield journey
    report = getattr(request.node, "rep_call", None)
    journey.finish(failed=report is None or report.failed)
