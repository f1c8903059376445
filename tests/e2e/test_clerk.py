"""A clerk of Shuyuan Road carries a visitor's request through the six steps, with a 请示 that
the Yuetang liaison office approves, then finds it in the ledger, downloads the Excel ledger and
prints the one-page record. Once in Chinese, once in English. The handling, reply, return visit
and archive steps are done with the keyboard alone."""

import io

import openpyxl
import pytest
from pypdf import PdfReader

from tests.e2e.pages import assert_focus_visible, look

pytestmark = pytest.mark.e2e

CLERK = "clerk_shuyuan"
OFFICE = "dlb_yuetang"  # 孟欣宁, the Yuetang liaison office, is asked
WORKROOM = "书院路街道党代表工作室"

TEXT = {
    "zh-hans": {"archived": "归档", "ledger": "党代表工作台账", "register": "登记诉求"},
    "en": {
        "archived": "Archived",
        "ledger": "Representatives' work ledger",
        "register": "Register",
    },
}


def switch_language(page, language):
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f"button[name=language][value={language}]").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def keyboard_step(page, move, values, *, form=None):
    """Makes the step ``move`` with the keyboard alone: Tab from the form's first control
    through ``values``, every stop showing its focus, then Enter on the step's button. A text is
    typed into a text field; in a list a text picks the option with that value or label, a
    number moves down that many options; in a radio group a number picks the option."""
    form = form or page.locator(f"form[action$='/{move}/']")
    form.locator("textarea, select, input:not([type=hidden])").first.focus()
    for value in values:
        assert_focus_visible(page)
        tag = page.evaluate("document.activeElement.tagName.toLowerCase()")
        kind = page.evaluate("document.activeElement.type")
        if kind == "radio":
            # A radio group is one tab stop; its first option is focused, arrows move on.
            for _ in range(value):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif tag == "select":
            moves = value
            if isinstance(value, str):
                moves = page.evaluate(
                    """value => {
                      const select = document.activeElement;
                      const options = [...select.options];
                      const at = options.findIndex(o => o.value === value || o.text.includes(value));
                      return at - select.selectedIndex;
                    }""",
                    value,
                )
            for _ in range(abs(moves)):
                page.keyboard.press("ArrowDown" if moves > 0 else "ArrowUp")
        elif value:
            page.keyboard.type(value)
        # Tab on: a date-time field takes several presses (one per part of the date).
        page.evaluate("window.e2eLeaving = document.activeElement")
        for _ in range(8):
            page.keyboard.press("Tab")
            if not page.evaluate("document.activeElement === window.e2eLeaving"):
                break
    assert_focus_visible(page)
    reached = form.evaluate(
        "f => document.activeElement.form === f && document.activeElement.type === 'submit'"
    )
    assert reached, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_clerk_carries_a_request_through_six_steps(journey, language):
    suffix = "" if language == "zh-hans" else "-en"
    text = TEXT[language]
    # Each run starts from a fresh copy of the demo: a plain subject is unique in it.
    title = "梓园小区东门路灯不亮" if language == "zh-hans" else "梓园小区西门路灯不亮"
    page = journey.page(CLERK)
    page.goto("/")
    switch_language(page, language)
    look(page, f"clerk-home{suffix}", docs=None if suffix else "home-clerk")

    # 登记: from the home queue's big button.
    page.locator("a.btn-big[href$='/requests/new/']").click()
    look(page, f"clerk-register{suffix}", docs=None if suffix else "register")
    # 登记 by keyboard: workroom, channel, visit time (now), category, the resident (name,
    # phone, address, party member, anonymous), subject, what they ask, duty shift.
    keyboard_step(
        page,
        "new",
        [
            WORKROOM,
            "visit",
            "",
            "safety",
            "王秀英",
            "13812345678",
            "书院路街道梓园小区3栋",
            "",
            "",
            title,
            "东门两盏路灯坏了一个多月，晚上老人出门看不清台阶。",
            0,
        ],
        form=page.locator("main form[method=post]").first,
    )
    assert page.locator("h1").inner_text() == title
    look(page, f"clerk-registered{suffix}", docs=None if suffix else "request-detail")
    detail = page.url

    # 接待 as 请示办: the question goes to the liaison office at once.
    # 接待 as 请示办, by keyboard: the question goes to the liaison office at once.
    keyboard_step(
        page,
        "receive",
        [1, 0, 0, "孟欣宁", "路灯属市政所有，请党联办协调城管部门维修。", ""],
    )
    look(page, f"clerk-referred{suffix}")
    assert page.locator("#referral").is_visible()

    # The liaison office approves the 请示.
    office = journey.page(OFFICE)
    office.goto(detail)
    look(office, f"office-referral{suffix}", docs=None if suffix else "referral")
    answer = office.locator("form[action*='/referrals/'][action$='/answer/']")
    answer.locator("textarea[name=text]").fill("同意，已联系区城管局，本周内修复。")
    answer.locator("button[type=submit]").click()
    office.wait_for_load_state()
    look(office, f"office-answered{suffix}")
    assert not office.locator("#referral").count()

    # 处理, 回复, 反馈, 归档 with the keyboard alone.
    page.reload()
    keyboard_step(page, "handle", ["区城管局已派人更换两盏路灯灯泡，经现场查看已恢复照明。"])
    keyboard_step(page, "reply", ["电话告知王女士路灯已修好。", 1, ""])
    look(page, f"clerk-replied{suffix}")
    keyboard_step(page, "feedback", [0, 0, "王女士表示满意。"])
    keyboard_step(page, "archive", [""])
    look(page, f"clerk-archived{suffix}")
    assert text["archived"] in page.locator("h1 + p").inner_text()

    # The ledger: found by its subject, downloaded as Excel.
    page.goto("/requests/ledger/")
    page.fill("input[name=q]", title)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    look(page, f"clerk-ledger{suffix}")
    assert page.locator("h1").inner_text() == text["ledger"]
    assert page.locator("a.req-title", has_text=title).count() == 1
    with page.expect_download() as download:
        page.locator("a[href*='/requests/export/']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as xlsx:
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert title in cells

    # The one-page record, as printed.
    page.goto(detail)
    record = page.locator("a[href$='/record.pdf']").get_attribute("href")
    response = page.request.get(record)
    assert response.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.body()))
    assert len(pdf.pages) == 1
    assert title in pdf.pages[0].extract_text()
    # The language is saved on the account: back to Chinese for the other journeys.
    switch_language(page, "zh-hans")
