"""Filters of the activity list, its export, and the wish list (django-filter). Every choice is
scoped to the user; the area filter takes the whole subtree."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityType, Wish, WishStatus
from representatives.models import Representative
from workrooms.models import Area, Workroom
from workrooms.selectors import areas_visible_to


class DateInput(forms.DateInput):
    input_type = "date"


def _workrooms(request):
    if request is None:
        return Workroom.objects.none()
    return Workroom.objects.visible_to(request.user).order_by("name", "pk")


def _areas(request):
    return areas_visible_to(request.user) if request else Area.objects.none()


def _representatives(request):
    if request is None:
        return Representative.objects.none()
    return Representative.objects.visible_to(request.user).order_by("name", "pk")


class _SubtreeMixin:
    def filter_subtree(self, queryset, name, area):
        return queryset.filter(workroom__area__path__startswith=area.path) if area else queryset


class ActivityFilter(_SubtreeMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    type = django_filters.ModelChoiceFilter(label=_("Type"), queryset=ActivityType.objects.all())
    workroom = django_filters.ModelChoiceFilter(label=_("Workroom"), queryset=_workrooms)
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=_areas, method="filter_subtree"
    )
    representative = django_filters.ModelChoiceFilter(
        label=_("Representative"), queryset=_representatives, field_name="representatives"
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput
    )
    date_until = django_filters.DateFilter(
        label=_("Until"), field_name="date", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Activity
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(place__icontains=value)
        )


class WishFilter(_SubtreeMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WishStatus.choices)
    workroom = django_filters.ModelChoiceFilter(label=_("Workroom"), queryset=_workrooms)
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=_areas, method="filter_subtree"
    )
    claimed_by = django_filters.ModelChoiceFilter(label=_("Claimed by"), queryset=_representatives)
    recorded_from = django_filters.DateFilter(
        label=_("From"), field_name="recorded_at__date", lookup_expr="gte", widget=DateInput
    )
    recorded_until = django_filters.DateFilter(
        label=_("Until"), field_name="recorded_at__date", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = Wish
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(content__icontains=value) | Q(place__icontains=value))
