"""Screenshots of real pages for the README (docs/*.png).

Needs a running server with demo data (`make run`), Debian's chromium and chromium-driver, and
selenium in any Python (`pip install selenium`; it is not a dependency of the app):

    python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DOCS = Path(__file__).resolve().parent.parent / "docs"
PASSWORD = "Demo-2026"

# (file, user or None, path, window width)
SHOTS = [
    ("login.png", None, "/accounts/login/", 1280),
    ("home.png", "dlb_yanta", "/", 1280),
    ("workrooms.png", "dlb_yanta", "/workrooms/", 1280),
    ("workroom-phone.png", "clerk_shuyuan", "/workrooms/?q=书院路", 375),
    ("standards.png", "dlb_yanta", "/liaison/standards/", 1280),
    ("representatives.png", "dlb_yuetang", "/representatives/", 1280),
    ("workroom.png", "clerk_shuyuan", "/workrooms/?q=书院路", 1280),
    ("roster.png", "clerk_shuyuan", "/rosters/", 1280),
    ("my-duties-phone.png", "rep_shuyuan", "/rosters/my-duties/", 375),
    ("schedule.png", "clerk_shuyuan", "/rosters/", 1280),
    ("requests.png", "clerk_shuyuan", "/requests/", 1280),
    ("request-detail.png", "clerk_shuyuan", "/requests/?deadline=overdue", 1280),
    ("activities.png", "clerk_shuyuan", "/activities/", 1280),
    ("wish-board.png", "clerk_shuyuan", "/activities/wishes/board/18/", 1280),
    ("record.png", "rep_shuyuan", "/records/me/", 1280),
    ("reports.png", "dlb_yuetang", "/reports/", 1280),
    ("reports-dashboard.png", "dlb_yanta", "/reports/dashboard/", 1280),
]


def driver(width: int):
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--window-size={width},900",
    ):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def sign_in(browser, username):
    browser.get(f"{BASE}/accounts/login/")
    browser.find_element(By.NAME, "login").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" not in b.current_url)


def main():
    for filename, user, path, width in SHOTS:
        browser = driver(width)
        try:
            if user:
                sign_in(browser, user)
            browser.get(BASE + path)
            if path.startswith("/workrooms/?q="):
                browser.find_element(By.CSS_SELECTOR, "table a").click()
            if filename in ("roster.png", "schedule.png"):
                # The roster overview links each workroom's month page; the schedule is one more click.
                browser.find_element(By.CSS_SELECTOR, "main table a").click()
            if filename == "request-detail.png":
                browser.find_element(By.CSS_SELECTOR, "main table a").click()
            if filename == "schedule.png":
                browser.find_element(By.PARTIAL_LINK_TEXT, "公开值班").click()
            height = browser.execute_script("return document.body.scrollHeight")
            browser.set_window_size(width, min(max(height, 600), 2400))
            browser.save_screenshot(str(DOCS / filename))
            print("wrote", DOCS / filename)
        finally:
            browser.quit()


if __name__ == "__main__":
    main()
