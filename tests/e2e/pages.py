"""What the journeys do on a page: sign in, check it with axe, take its picture."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.server import ROOT

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", ROOT / "e2e-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Demo-2026"


def sign_in(page: Page, user: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", password)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{user} could not sign in: {page.url}"


SERIOUS = ("serious", "critical")


def assert_accessible(page: Page, where: str = "") -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in SERIOUS]
    lines = []
    for violation in bad:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    assert not bad, f"axe on {where or page.url} ({page.url}):\n" + "\n".join(lines)


def look(page: Page, name: str, *, docs: str | None = None) -> None:
    """A page a journey shows to a person: it must pass axe, and its full-page screenshot goes
    to e2e-artifacts/screenshots/<name>.png (with E2E_DOCS=1 also to docs/<docs>.png, the
    README's pictures)."""
    page.wait_for_load_state()
    assert_accessible(page, name)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    if docs and os.environ.get("E2E_DOCS") == "1":
        shutil.copyfile(path, ROOT / "docs" / f"{docs}.png")


def assert_focus_visible(page: Page) -> None:
    """The focused control shows it: an outline or a shadow around it."""
    shown = page.evaluate(
        """() => {
      const style = getComputedStyle(document.activeElement);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      return outline || style.boxShadow !== 'none';
    }"""
    )
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert shown, f"no visible focus on {focused}"


def step(page: Page, move: str, **fields: str) -> None:
    """A staff member makes the step ``move`` on the request page: each field by name (a radio
    or list by its value, a text typed in), then the step's button."""
    form = page.locator(f"form[action$='/{move}/']")
    for name, value in fields.items():
        control = form.locator(f"[name={name}]").first
        kind = control.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind == "input:radio":
            form.locator(f"input[name={name}][value={value}]").check()
        elif kind.startswith("select"):
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert not form.locator(".errorlist").count(), form.locator(".errorlist").all_inner_texts()
