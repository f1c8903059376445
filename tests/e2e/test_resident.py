"""An anonymous resident scans the QR code on a workroom's door with a phone, raises a request,
gets a tracking code, and after the staff's reply (made here by a clerk in another browser)
gives the feedback on the tracking page."""

import io

import pytest
import zxingcpp
from PIL import Image

from tests.e2e.pages import look, step

pytestmark = pytest.mark.e2e

WORKROOM = "书院路街道党代表工作室"
CLERK = "clerk_shuyuan"


def scan_door_qr(journey) -> str:
    """The address the workroom's door notice QR code holds, read from its picture."""
    page = journey.page()
    page.goto(f"/w/?q={WORKROOM}")
    look(page, "resident-directory")
    href = page.locator(f"main a[href^='/w/']:has-text('{WORKROOM}')").first.get_attribute("href")
    picture = page.request.get(f"{href.rstrip('/')}/qr.png")
    assert picture.ok
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(picture.body())))
    assert len(codes) == 1
    return codes[0].text


def test_resident_raises_a_request_and_gives_feedback(journey):
    address = scan_door_qr(journey)
    phone = journey.page(phone=True)
    phone.goto(address)
    look(phone, "resident-workroom-phone", docs="public-workroom-phone")

    phone.locator("a.pub-btn-main").click()
    phone.wait_for_load_state()
    look(phone, "resident-request-phone", docs="public-request-phone")
    subject = "梓园小区5栋楼道被电动车堵住"
    phone.fill(
        "textarea[name=content]", f"{subject}\n梓园小区5栋一楼常年停满电动车，担心起火逃不出去。"
    )
    phone.select_option("select[name=category]", "safety")
    phone.fill("input[name=place]", "梓园小区5栋")
    phone.fill("input[name=resident_name]", "李建国")
    phone.fill("input[name=resident_phone]", "13912345678")
    phone.check("input[name=consent]")
    # The form refuses what is sent within seconds of being shown (a robot, not a person).
    phone.wait_for_timeout(3_000)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    look(phone, "resident-submitted-phone")
    code = phone.locator(".tracking-code").inner_text().strip()
    assert len(code.replace("-", "")) == 12

    # Staff receive it, handle it and reply.
    clerk = journey.page(CLERK)
    clerk.goto("/requests/")
    clerk.fill("input[name=q]", subject)
    clerk.locator("form.filters button[type=submit]").click()
    clerk.wait_for_load_state()
    look(clerk, "clerk-requests-found")
    clerk.locator("a.req-title", has_text=subject).click()
    look(clerk, "clerk-online-request")
    step(clerk, "receive", triage="time_limited")
    step(clerk, "handle", result="已联系物业清理楼道，设置电动车集中充电点。")
    reply = "李先生您好：物业已清理5栋楼道，并在小区东侧设置了集中充电棚。"
    step(clerk, "reply", content=reply)

    # The resident looks the code up (typed as a person would: lower case, no dashes).
    phone.goto("/w/track/")
    look(phone, "resident-track-phone")
    phone.fill("input[name=code]", code.replace("-", "").lower())
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    look(phone, "resident-tracking-phone", docs="public-tracking-phone")
    assert reply in phone.locator("main").inner_text()
    feedback = phone.locator("form:has(input[name=action][value=feedback])")
    feedback.locator("input[name=satisfaction][value=satisfied]").check()
    feedback.locator("input[name=resolution][value=solved]").check()
    feedback.locator("textarea[name=comment]").fill("处理得很快，谢谢！")
    feedback.locator("button[type=submit]").click()
    phone.wait_for_load_state()
    look(phone, "resident-feedback-given-phone")
    assert not phone.locator("input[name=action][value=feedback]").count()

    # The feedback is the request's 反馈 step: the clerk sees it, ready to archive.
    clerk.reload()
    look(clerk, "clerk-after-resident-feedback")
    assert clerk.locator("form[action$='/archive/']").count() == 1
