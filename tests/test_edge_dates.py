"""Dates and months at the edge of the calendar are form errors on every filter and dashboard,
never a server error (they were: ``registered_until=9999-12-31`` overflowed computing the next
day, ``month=9999-12`` the next month)."""

import pytest
from django.urls import reverse

from core.months import parse_month

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["0001-01", "9999-12", "1999-12", "2101-01", "2026-13", "x"])
def test_a_month_outside_the_served_years_is_no_month(value):
    assert parse_month(value) is None


def test_the_served_years_are_settings(settings):
    settings.MONTH_FIRST_YEAR = 1990
    assert parse_month("1995-03").isoformat() == "1995-03-01"


@pytest.mark.parametrize("name", ["petitions:list", "petitions:ledger", "petitions:export"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_request_lists_and_export_refuse_an_edge_date(clerk_a_client, wr, name, day):
    response = clerk_a_client.get(reverse(name), {"registered_until": day, "replied_from": day})
    if name == "petitions:export":  # an export with a wrong filter goes back to the list
        assert (response.status_code, response["Location"]) == (302, reverse("petitions:list"))
        return
    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"registered_until", "replied_from"}


@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
def test_a_workroom_month_page_for_an_edge_month_shows_the_default_month(clerk_a_client, wr, month):
    response = clerk_a_client.get(reverse("reports:workroom", args=[wr.a.pk]), {"month": month})
    assert response.status_code == 200


def test_the_report_list_refuses_an_edge_month_with_a_message(liaison_client, wr):
    response = liaison_client.get(reverse("reports:list"), {"month": "9999-12"})
    assert response.status_code == 200
    assert "请按“年-月”（YYYY-MM）格式填写2000-01至2100-12之间的月份。" in response.content.decode()


def test_a_search_longer_than_a_search_is_a_form_error(clerk_a_client, wr):
    response = clerk_a_client.get(reverse("petitions:list"), {"q": "x" * 100_000})
    assert response.status_code == 200
    assert "q" in response.context["filter"].form.errors
