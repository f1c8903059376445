"""Filters of the course orders list and its export."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from activities.models import CourseOrderStatus, CourseTopic
from core.filters import ModelChoiceFilter, SearchFilter, search
from workrooms.selectors import workrooms_visible_to


class CourseOrderFilter(django_filters.FilterSet):
    q = SearchFilter(label=gettext_lazy("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=CourseOrderStatus.choices
    )
    topic = django_filters.ChoiceFilter(
        label=pgettext_lazy("course", "Topic"),
        field_name="course__topic",
        choices=CourseTopic.choices,
    )
    workroom = ModelChoiceFilter(
        label=gettext_lazy("Workroom"),
        field_name="course__workroom",
        queryset=lambda request: workrooms_visible_to(request.user) if request else None,
    )

    def filter_text(self, queryset, name, value):
        return search(queryset, value, "unit", "course__title", "course__representative__name")

    class Meta:
        fields = ["q", "status", "topic", "workroom"]
        form = forms.Form
