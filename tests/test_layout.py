"""Layout defects found by trying the pages in a browser, held by their markup: the activity
form's participants label above its boxes, the request list's filters folded away on a phone,
the report list's buttons side by side in one cell, the dashboard's filter card holding only
its filters."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from reports.models import ReportKind
from reports.services import report_row
from tests.rosters.factories import AssignmentFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

CSS = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()


def _css_block(selector_start: str) -> str:
    """The rules inside the @media block whose query starts with ``selector_start``."""
    start = CSS.index(selector_start)
    return CSS[start : CSS.index("\n}", start)]


def test_the_participants_label_heads_its_checkboxes(clerk_a_client, wr, areas):
    rep = RepresentativeFactory(name="参加的代表", area=areas.a)
    AssignmentFactory(representative=rep, workroom=wr.a)

    body = clerk_a_client.get(reverse("activities:create")).content.decode()

    fieldset = re.search(r'<fieldset class="form-row checks"[^>]*>(.*?)</fieldset>', body, re.S)
    assert fieldset is not None
    legend, _, boxes = fieldset.group(1).partition("</legend>")
    assert "<legend>" in legend and "<input" not in legend
    assert 'type="checkbox"' in boxes and "参加的代表" in boxes


def test_a_single_checkbox_keeps_its_label_beside_it(clerk_a_client, wr):
    body = clerk_a_client.get(reverse("rosters:rule_create", args=[wr.a.pk])).content.decode()

    single = re.search(r'<div class="form-row form-check">\s*<label for="id_with_liaison">', body)
    assert single is not None


def test_the_request_filters_fold_behind_one_button_on_a_phone(clerk_a_client, wr):
    body = clerk_a_client.get(reverse("petitions:list")).content.decode()

    toggle = body.index('id="filters-toggle"')
    assert toggle < body.index('<label for="filters-toggle"') < body.index('class="filters card"')
    phone = _css_block("@media (max-width: 719px)")
    assert ".fold-toggle:not(:checked) ~ .filters { display: none; }" in phone
    # On a wide screen the switch is gone, for the keyboard too (no invisible tab stop).
    wide = _css_block("@media (min-width: 720px) {\n  .fold")
    assert ".fold-button, .fold-toggle { display: none; }" in wide


def test_the_wish_filters_fold_on_a_phone_too(representative_client, wr):
    body = representative_client.get(reverse("activities:wishes")).content.decode()

    toggle = body.index('id="filters-toggle"')
    assert toggle < body.index('<label for="filters-toggle"') < body.index('class="filters card"')


def test_filters_in_use_are_shown_on_the_folded_button(clerk_a_client, wr):
    body = clerk_a_client.get(reverse("petitions:list"), {"q": "停车"}).content.decode()

    button = body[body.index('<label for="filters-toggle"') :]
    assert "badge" in button[: button.index("</label>")]


def test_the_report_rows_keep_their_buttons_in_one_cell(liaison_client, wr):
    report_row(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 1))

    body = liaison_client.get(reverse("reports:list")).content.decode()

    # A flex container as the <td> itself broke the table's rows; the cell holds a flex box.
    assert '<td class="actions">' not in body
    assert '<div class="row-actions">' in body
    assert "button.btn-secondary" in CSS  # a secondary <button> is not painted red


def test_the_dashboard_filter_card_holds_only_its_filters(liaison_client, wr):
    body = liaison_client.get(reverse("reports:dashboard")).content.decode()

    card = re.search(r'<form method="get" class="filters card">(.*?)</form>', body, re.S).group(1)
    assert card.count('class="btn') == 1
    assert reverse("reports:list") not in card
