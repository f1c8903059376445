"""The list filters' fields that read what people (and probes) put in a query string, written once.

- ``SearchFilter``: free text, at most ``SEARCH_MAX_LENGTH`` characters (a 100,000-character
  search is no search, and SQLite refuses a LIKE pattern that long with a server error).
- ``DayFilter``: a date within the years the application serves (``core.months``); 0001-01-01 or
  9999-12-31 is a form error, not a date whose next day overflows Python's calendar.
- ``YearFilter`` / ``MonthNumberFilter``: a year in that window, a month number 1–12.
- ``search`` / ``text_q``: a free-text filter over several fields, the one way lists search.
- ``ModelChoiceFilter``: django-filter's, drawn with ``core.widgets.QuickSelect`` (a district's
  workrooms, areas or representatives are hundreds of options).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.dates import DateInput
from core.months import MonthField, first_year, last_year
from core.widgets import QuickSelect


def search_max_length() -> int:
    return int(getattr(settings, "SEARCH_MAX_LENGTH", 200))


def served_year(value: date | int | None) -> None:
    """Refuse a date (or year) outside the years the application serves."""
    if value is None:
        return
    year = value if isinstance(value, int) else value.year
    if not first_year() <= year <= last_year():
        raise forms.ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": first_year(), "last": last_year()},
            code="date_out_of_window",
        )


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", search_max_length())
        super().__init__(*args, **kwargs)


def text_q(value: str, *fields: str) -> Q:
    """Rows where any of ``fields`` contains ``value``. A search without a letter that has a
    case (Chinese, digits) is matched with LIKE, not ILIKE: the same rows, without PostgreSQL
    lowering every row's text first (about 40% quicker over a district's requests)."""
    lookup = "icontains" if value.lower() != value.upper() else "contains"
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__{lookup}": value})
    return q


def search(queryset: QuerySet[Any], value: str, *fields: str) -> QuerySet[Any]:
    """``queryset`` narrowed to rows whose ``fields`` contain ``value`` (a list's free-text
    filter); a blank search narrows nothing."""
    value = value.strip()
    return queryset.filter(text_q(value, *fields)) if value else queryset


def clean_search(value: str | None) -> str:
    """A search typed outside a filter set, checked like every list's search (length cap, NUL
    refused): the cleaned text, or "" when it is not a search we take."""
    try:
        return SearchFilter().field.clean(value or "")
    except forms.ValidationError:
        return ""


class DayFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput)
        kwargs["validators"] = [*kwargs.get("validators", []), served_year]
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", first_year())
        kwargs.setdefault("max_value", last_year())
        super().__init__(*args, **kwargs)


class MonthNumberFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 12)
        super().__init__(*args, **kwargs)


class MonthFilter(django_filters.Filter):
    """A month (2026-11) in the years served, cleaned by ``core.months.MonthField``."""

    field_class = MonthField
