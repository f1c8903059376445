"""Filters of the wish list and its export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from activities.filters import (
    SubtreeMixin,
    visible_areas,
    visible_representatives,
    visible_workrooms,
)
from activities.models import Wish, WishStatus
from core.filters import DayFilter, ModelChoiceFilter, SearchFilter, search
from workrooms.forms import DateInput


class WishFilter(SubtreeMixin, django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WishStatus.choices)
    workroom = ModelChoiceFilter(label=_("Workroom"), queryset=visible_workrooms)
    area = ModelChoiceFilter(label=_("Area"), queryset=visible_areas, method="filter_subtree")
    claimed_by = ModelChoiceFilter(label=_("Claimed by"), queryset=visible_representatives)
    recorded_from = DayFilter(
        label=_("From"), field_name="recorded_at__date", lookup_expr="gte", widget=DateInput
    )
    recorded_until = DayFilter(
        label=_("Until"), field_name="recorded_at__date", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Wish
        fields = []

    def filter_text(self, queryset, name, value):
        return search(queryset, value, "content", "place")
