"""Filters of the activity list and its export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from activities.filters import (
    SubtreeMixin,
    visible_areas,
    visible_representatives,
    visible_workrooms,
)
from activities.models import Activity, ActivityType
from core.filters import DayFilter, ModelChoiceFilter, SearchFilter, search
from workrooms.forms import DateInput


class ActivityFilter(SubtreeMixin, django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_text")
    type = ModelChoiceFilter(label=_("Type"), queryset=ActivityType.objects.all())
    workroom = ModelChoiceFilter(label=_("Workroom"), queryset=visible_workrooms)
    area = ModelChoiceFilter(label=_("Area"), queryset=visible_areas, method="filter_subtree")
    representative = ModelChoiceFilter(
        label=_("Representative"), queryset=visible_representatives, field_name="representatives"
    )
    date_from = DayFilter(label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput)
    date_until = DayFilter(label=_("Until"), field_name="date", lookup_expr="lte", widget=DateInput)

    class Meta:
        model = Activity
        fields = []

    def filter_text(self, queryset, name, value):
        return search(queryset, value, "title", "summary", "place")
