"""Filters of the liaison talks list and its export."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy

from core.filters import MonthNumberFilter, SearchFilter, YearFilter, search


class TalkFilter(django_filters.FilterSet):
    q = SearchFilter(label=gettext_lazy("Search"), method="filter_text")
    year = YearFilter(label=gettext_lazy("Year"), field_name="date__year")
    month = MonthNumberFilter(label=gettext_lazy("Month"), field_name="date__month")

    def filter_text(self, queryset, name, value):
        return search(queryset, value, "representative__name", "summary", "suggestions")

    class Meta:
        fields = ["q", "year", "month"]
        form = forms.Form
