"""The Yanta district liaison office sees which workrooms fail the monthly rule and why, has the
Celery worker generate last month's reports, watches the district roll-up's row move from queued
to ready without reloading, and downloads the PDF."""

import datetime

import pytest
from pypdf import PdfReader

from tests.e2e.pages import look

pytestmark = pytest.mark.e2e

OFFICE = "dlb_yanta"
DISTRICT = "雁塔区"
STATUS = "#report-{pk} td:nth-child(3) .badge"


def test_office_sees_failing_workrooms_and_downloads_the_district_pdf(journey):
    page = journey.page(OFFICE)
    page.goto("/")
    look(page, "office-home", docs="home-office")
    # Each workroom failing the rule this month, with what it lacks.
    failing = page.locator("li:has(> a[href*='/reports/workroom/'])")
    assert failing.count() >= 1
    first = failing.first
    assert first.locator(".muted").inner_text().strip(), "a failing workroom without a reason"
    first.locator("a").click()
    page.wait_for_load_state()
    look(page, "office-workroom-month")

    page.goto("/reports/")
    area = page.locator("select[name=area] option", has_text=DISTRICT).first.get_attribute("value")
    page.select_option("select[name=area]", area)
    month = page.input_value("input[name=month]")  # last month, as the form proposes
    page.locator("form[action$='/reports/generate/'] button[type=submit]").click()
    page.wait_for_load_state()
    look(page, "office-reports-queued")

    rows = page.locator("table.reports tbody tr")
    district = next(
        row.get_attribute("id").removeprefix("report-")
        for row in rows.all()
        if row.locator("td:nth-child(2)").inner_text().split()[0] == DISTRICT
    )
    # The page's script replaces busy rows in place: the marker survives, nothing reloads.
    page.evaluate("window.e2eSamePage = true")
    seen = []
    download = page.locator(f"#report-{district} a[href$='/download/']")
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=150)
    while not download.count():
        assert datetime.datetime.now() < deadline, f"the district report stayed {seen}"
        status = page.locator(STATUS.format(pk=district)).first.inner_text()
        if not seen or seen[-1] != status:
            seen.append(status)
        page.wait_for_timeout(500)
    assert page.evaluate("window.e2eSamePage === true")
    # Rendered by the worker, not the web process: the page saw it waiting first.
    seen.append(page.locator(STATUS.format(pk=district)).first.inner_text())
    assert len(seen) >= 2 and seen[0] != seen[-1], f"statuses seen: {seen}"
    worker_log = journey.server.logs["celery"].read_text()
    assert "Task reports.generate_report" in worker_log and "succeeded" in worker_log
    look(page, "office-reports-ready", docs="reports")

    with page.expect_download() as pdf_download:
        download.click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    with open(pdf_download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    year, number = (int(part) for part in month.split("-"))
    assert f"{DISTRICT}党代表工作室" in text.replace("\n", "")
    assert f"{year}年{number}月" in text.replace("\n", "").replace(" ", "")
