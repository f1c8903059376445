"""A representative of Shuyuan Road, on a phone: sees the next duty, subscribes to the calendar,
asks a colleague to swap, claims a micro-wish and replies to a request they handle. The colleague
(given a sign-in by the clerk, as a workroom does) accepts on their phone, the liaison officer
approves, and the duty moves to the colleague."""

import uuid

import pytest

from tests.e2e.pages import look, sign_in, step

pytestmark = pytest.mark.e2e

REPRESENTATIVE = "rep_shuyuan"
CLERK = "clerk_shuyuan"  # the workroom's liaison officer (联络员), who approves swaps


def colleague_without_sign_in(clerk, names):
    """The first of ``names`` who has no account yet, as the clerk sees the registry."""
    for name in names:
        clerk.goto(f"/representatives/?q={name}")
        clerk.locator("main table a[href^='/representatives/']", has_text=name).first.click()
        clerk.wait_for_load_state()
        # The registry page names the sign-in account, if any (the demo's are rep_<id>).
        if not clerk.locator("main dd", has_text="rep_").count():
            return name
    raise AssertionError(f"every colleague has an account already: {names}")


def give_sign_in(clerk, username, password):
    """The clerk creates the colleague's account on their registry page (the current page)."""
    clerk.locator("main a[href^='/representatives/'][href$='/account/']").click()
    clerk.wait_for_load_state()
    form = clerk.locator("form[action$='/account/new/']")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    clerk.wait_for_load_state()
    assert clerk.locator("dd", has_text=username).count() == 1


def test_representative_on_a_phone(journey):
    phone = journey.page(REPRESENTATIVE, phone=True)
    phone.goto("/")
    look(phone, "representative-home-phone", docs="home-representative-phone")

    # The next duty, and the calendar feed a phone subscribes to.
    phone.goto("/rosters/my-duties/")
    look(phone, "representative-duties-phone", docs="my-duties-phone")
    next_duty = phone.locator("article.duty-next")
    assert next_duty.locator("time").count() == 1
    feed = phone.locator("#feed-url").input_value()
    assert phone.locator("a.btn[href^='webcal://']").count() == 1
    calendar = phone.request.get(feed)
    assert calendar.ok and calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text()

    # Ask a colleague (one the clerk can give a sign-in) to take a duty.
    card = phone.locator("article.duty-card:has(a[href$='/swap/'])").first
    duty = card.get_attribute("data-duty")
    when = card.locator("time").get_attribute("datetime")
    card.locator("a[href$='/swap/']").click()
    phone.wait_for_load_state()
    look(phone, "representative-swap-phone")
    options = phone.locator("select[name=counterpart] option:not([value=''])")
    names = [text.strip() for text in options.all_inner_texts()]
    clerk = journey.page(CLERK)
    colleague = colleague_without_sign_in(clerk, names)
    username, password = f"rep_e2e_{uuid.uuid4().hex[:6]}", f"Duty-{uuid.uuid4().hex[:8]}!"
    look(clerk, "clerk-representative")
    give_sign_in(clerk, username, password)

    phone.select_option("select[name=counterpart]", label=colleague)
    phone.locator("form[method=get] button[type=submit]").click()
    phone.wait_for_load_state()
    phone.fill("input[name=reason]", "单位临时安排出差，请帮忙顶一次班。")
    phone.locator("form[method=post] button[type=submit]").last.click()
    phone.wait_for_load_state()
    look(phone, "representative-swap-sent-phone")
    swap = phone.url
    assert "/rosters/swaps/" in swap

    # The colleague accepts on their phone.
    other = journey.context(phone=True).new_page()
    sign_in(other, username, password)
    other.goto(swap)
    look(other, "colleague-swap-phone")
    other.locator("form[action$='/accept/'] button[type=submit]").click()
    other.wait_for_load_state()
    look(other, "colleague-accepted-phone")

    # The liaison officer approves.
    clerk.goto(swap)
    look(clerk, "officer-swap")
    clerk.locator("form[action$='/approve/'] button[type=submit]").first.click()
    clerk.wait_for_load_state()
    look(clerk, "officer-approved-swap")

    # The schedule has changed: the duty is the colleague's now.
    phone.goto("/rosters/my-duties/")
    look(phone, "representative-duties-after-swap-phone")
    assert not phone.locator(f"article[data-duty='{duty}']").count()
    other.goto("/rosters/my-duties/")
    look(other, "colleague-duties-phone")
    assert other.locator(f"article.duty-card time[datetime='{when}']").count() == 1

    # A micro-wish: claimed from the list of open ones.
    phone.goto("/activities/wishes/?status=open")
    look(phone, "representative-wishes-phone")
    wish = phone.locator("main table a[href^='/activities/wishes/']").first
    wish_text = wish.inner_text()
    wish.click()
    look(phone, "representative-wish-phone")
    phone.locator("form[action$='/claim/'] button[type=submit]").click()
    phone.wait_for_load_state()
    look(phone, "representative-wish-claimed-phone")
    assert phone.locator("form[action$='/claim/']").count() == 0
    assert wish_text in phone.locator("main").inner_text()

    # A request assigned to them: handled if need be, then answered.
    phone.goto("/requests/mine/")
    look(phone, "representative-requests-phone")
    hrefs = phone.evaluate(
        "[...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))"
        ".filter(href => /^\\/requests\\/\\d+\\/$/.test(href)).slice(0, 8)"
    )
    assert hrefs, "no request is assigned to the representative"
    for href in hrefs:  # the first they can act on (some wait for the liaison office)
        phone.goto(href)
        if phone.locator("form[action$='/handle/'], form[action$='/reply/']").count():
            break
    look(phone, "representative-request-phone")
    if phone.locator("form[action$='/handle/']").count():
        step(phone, "handle", result="已到现场查看，并与物业公司约定本周内处理。")
    reply = f"已电话告知居民处理进展 {uuid.uuid4().hex[:4]}"
    step(phone, "reply", content=reply, method="phone")
    look(phone, "representative-replied-phone")
    assert reply in phone.locator("main").inner_text()
