"""Filters of the liaison talks list and its export."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.filters import MonthNumberFilter, SearchFilter, YearFilter


class TalkFilter(django_filters.FilterSet):
    q = SearchFilter(label=gettext_lazy("Search"), method="filter_text")
    year = YearFilter(label=gettext_lazy("Year"), field_name="date__year")
    month = MonthNumberFilter(label=gettext_lazy("Month"), field_name="date__month")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(representative__name__icontains=value)
            | Q(summary__icontains=value)
            | Q(suggestions__icontains=value)
        )

    class Meta:
        fields = ["q", "year", "month"]
        form = forms.Form
