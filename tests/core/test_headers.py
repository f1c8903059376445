"""Security headers on every page: a Content-Security-Policy without 'unsafe-inline' (so an
injected script cannot run), no framing, no powerful browser features; and templates that keep
to the policy: no inline script, no inline event handler, no style attribute or block."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.strip().split(None, 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in directives}


@pytest.fixture
def anonymous_page(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    return response


@pytest.fixture
def signed_in_page(clerk_a_client):
    response = clerk_a_client.get("/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("page", ["anonymous_page", "signed_in_page"])
def test_every_page_carries_the_strict_policy(page, request):
    response = request.getfixturevalue(page)

    assert policy(response) == EXPECTED_POLICY
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("page", ["anonymous_page", "signed_in_page"])
def test_every_page_switches_off_powerful_browser_features(page, request):
    response = request.getfixturevalue(page)

    features = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in features


def test_the_residents_pages_carry_the_headers_too(client, db):
    response = client.get("/w/")

    assert policy(response)["frame-ancestors"] == "'none'"
    assert "Permissions-Policy" in response.headers


def test_the_older_security_headers_stay(anonymous_page):
    assert anonymous_page.headers["X-Frame-Options"] == "DENY"
    assert anonymous_page.headers["X-Content-Type-Options"] == "nosniff"
    assert anonymous_page.headers["Referrer-Policy"] == "same-origin"


# --- templates that keep to the policy --------------------------------------------------------

INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE), "inline event handler"),
    (re.compile(r"\sstyle\s*=\s*[\"']", re.IGNORECASE), "style attribute"),
    (re.compile(r"<style\b", re.IGNORECASE), "<style> block"),
    (re.compile(r"[\"']\s*javascript:", re.IGNORECASE), "javascript: URL"),
]


def inline_code(text: str) -> list[tuple[int, str, str]]:
    """(line, what, the line's text) for everything the policy would block."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what in INLINE:
            if pattern.search(line):
                found.append((number, what, line.strip()[:120]))
    return found


def browser_templates() -> list[Path]:
    # PDF templates are rendered by WeasyPrint on the server and never reach a browser.
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "pdf" not in path.relative_to(TEMPLATES).parts
    ]


def test_the_scan_finds_what_the_policy_blocks():
    page = """<button onclick="window.print()">
<input onfocus='this.select()'>
<script>alert(1)</script>
<script src="/static/js/actions.js" defer></script>
<div style="width: 50%">
<style>.x {}</style>
<a href="javascript:void(0)">
<button data-action="print" class="btn">"""

    assert [(line, what) for line, what, _text in inline_code(page)] == [
        (1, "inline event handler"),
        (2, "inline event handler"),
        (3, "inline <script>"),
        (5, "style attribute"),
        (6, "<style> block"),
        (7, "javascript: URL"),
    ]


def test_no_template_has_inline_script_handlers_or_styles():
    templates = browser_templates()
    assert len(templates) > 50  # The scan really looks at the templates.

    offenders = [
        f"{path.relative_to(TEMPLATES)}:{line}: {what}: {text}"
        for path in templates
        for line, what, text in inline_code(path.read_text(encoding="utf-8"))
    ]

    assert not offenders, "Blocked by the Content-Security-Policy:\n" + "\n".join(offenders)
