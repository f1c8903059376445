"""Signing in with the keyboard alone: the sign-in button comes before the language switch in
the tab order, every stop shows where the focus is, and Enter signs in."""

import pytest

from tests.e2e.pages import PASSWORD, look

pytestmark = pytest.mark.e2e

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute('name') || '',
    value: el.getAttribute('value') || '',
    type: el.getAttribute('type') || '',
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    visible: outline || style.boxShadow !== 'none',
  };
}"""


def tab_stops(page, limit=15):
    """Where Tab goes from the top of the page, up to the language switch."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] != "body":  # focus passing through the browser's own controls
            stops.append(stop)
        if stop["name"] == "language":
            break
    return stops


def test_keyboard_reaches_sign_in_before_language_switch(journey):
    page = journey.page()
    page.goto("/accounts/login/")
    look(page, "sign-in", docs="login")
    stops = tab_stops(page)
    names = [f"{s['tag']}[{s['name'] or s['type']}] {s['text']}" for s in stops]
    submit = next(i for i, s in enumerate(stops) if s["tag"] == "button" and s["type"] == "submit")
    language = next(i for i, s in enumerate(stops) if s["name"] == "language")
    assert submit < language, f"tab order: {names}"
    hidden = [name for name, stop in zip(names, stops, strict=True) if not stop["visible"]]
    assert not hidden, f"no visible focus on: {hidden}"


def test_sign_in_with_keyboard_only(journey):
    page = journey.page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").focus()
    page.keyboard.type("clerk_daixi")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    look(page, "clerk-daixi-home")
    assert page.locator("nav.nav").is_visible()
