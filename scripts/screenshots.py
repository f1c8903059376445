"""Screenshots of real pages for the README (docs/*.png).

Needs a running server with demo data (`make run`), Debian's chromium, and Playwright for Python
in any Python (`pip install playwright`; it is not a dependency of the app, and its own browser
download is not used):

    python scripts/screenshots.py [http://127.0.0.1:8000]

Each demo user signs in once (the sign-in rate limit allows 20 a minute per address).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DOCS = Path(__file__).resolve().parent.parent / "docs"
PASSWORD = "Demo-2026"
PHONE = 390
DESKTOP = 1280


def first_link(selector: str):
    """A step that opens the first link matching ``selector`` on the page."""

    def step(page: Page) -> None:
        page.locator(selector).first.click()
        page.wait_for_load_state()

    return step


def track(code: str):
    """A step that looks ``code`` up on the tracking page."""

    def step(page: Page) -> None:
        page.fill("input[name=code]", code)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

    return step


def open_menu(page: Page) -> None:
    page.locator("label.menu-button").click()
    page.locator("nav details").nth(3).locator("summary").click()


# user → [(file, path, width, steps after opening the path)]
SHOTS = {
    None: [
        ("login.png", "/accounts/login/", DESKTOP, []),
        ("public-directory.png", "/w/", DESKTOP, []),
        (
            "public-workroom-phone.png",
            "/w/?q=书院路街道党代表工作室",
            PHONE,
            [first_link("a.pub-card")],
        ),
        (
            "public-request-phone.png",
            "/w/?q=书院路街道党代表工作室",
            PHONE,
            [first_link("a.pub-card"), first_link("a[href$='/request/']")],
        ),
        ("public-tracking-phone.png", "/w/track/", PHONE, [track("DEMQ-REPY-2347")]),
    ],
    "clerk_shuyuan": [
        ("home-clerk.png", "/", DESKTOP, []),
        ("workroom-phone.png", "/workrooms/?q=书院路", PHONE, [first_link("table a")]),
        ("workroom.png", "/workrooms/?q=书院路", DESKTOP, [first_link("table a")]),
        ("roster.png", "/rosters/", DESKTOP, [first_link("main table a")]),
        (
            "schedule.png",
            "/rosters/",
            DESKTOP,
            [first_link("main table a"), first_link("a:has-text('公开值班')")],
        ),
        ("requests.png", "/requests/", DESKTOP, []),
        ("request-detail.png", "/requests/?state=received", DESKTOP, [first_link("main table a")]),
        ("register.png", "/requests/new/", DESKTOP, []),
        ("activities.png", "/activities/", DESKTOP, []),
        ("wish-board.png", "/activities/wishes/", DESKTOP, [first_link("a[href*='/board/']")]),
        ("notices.png", "/notices/", DESKTOP, []),
        ("menu-phone.png", "/", PHONE, [open_menu]),
    ],
    "rep_shuyuan": [
        ("home-representative-phone.png", "/", PHONE, []),
        ("my-duties-phone.png", "/rosters/my-duties/", PHONE, []),
        ("record.png", "/records/me/", DESKTOP, []),
    ],
    "dlb_yuetang": [
        ("referral.png", "/", DESKTOP, [first_link("a[href$='#referral']")]),
        ("representatives.png", "/representatives/", DESKTOP, []),
        ("reports.png", "/reports/", DESKTOP, []),
    ],
    "dlb_yanta": [
        ("home-office.png", "/", DESKTOP, []),
        ("workrooms.png", "/workrooms/", DESKTOP, []),
        ("standards.png", "/liaison/standards/", DESKTOP, []),
        ("reports-dashboard.png", "/reports/dashboard/", DESKTOP, []),
    ],
}


def sign_in(page: Page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    # Not the first submit button of the page: that one switches the language.
    page.click("form:has(input[name=login]) button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for user, shots in SHOTS.items():
            context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
            page = context.new_page()
            if user:
                sign_in(page, user)
            for filename, path, width, steps in shots:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(BASE + path)
                page.wait_for_load_state()
                for step in steps:
                    step(page)
                page.screenshot(path=str(DOCS / filename), full_page=True)
                print("wrote", DOCS / filename, page.url)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
