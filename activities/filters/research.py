"""Filters of the research reports list and its export."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy

from activities.models import ResearchReportStatus
from activities.selectors.research import topics_visible_to
from activities.services.research import overdue_q
from core.filters import ModelChoiceFilter, SearchFilter, search


class ResearchReportFilter(django_filters.FilterSet):
    q = SearchFilter(label=gettext_lazy("Search"), method="filter_text")
    topic = ModelChoiceFilter(
        label=gettext_lazy("Topic"),
        queryset=lambda request: topics_visible_to(request.user) if request else None,
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=ResearchReportStatus.choices
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Reply overdue"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    def filter_text(self, queryset, name, value):
        return search(queryset, value, "title", "representative__name", "forwarded_to")

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset

    class Meta:
        fields = ["q", "topic", "status", "overdue"]
        form = forms.Form
