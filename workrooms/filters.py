import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.filters import ModelChoiceFilter, SearchFilter, search
from workrooms.models import Area, WorkroomLevel
from workrooms.selectors import areas_visible_to


def _visible_areas(request):
    # The area choices are scoped too: a clerk cannot even pick a sibling subdistrict.
    return areas_visible_to(request.user) if request else Area.objects.none()


class WorkroomFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_text")
    area = ModelChoiceFilter(label=_("Area"), queryset=_visible_areas, method="filter_subtree")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=WorkroomLevel.choices)
    standard = django_filters.ChoiceFilter(
        label=_("Standard"),
        method="filter_standard",
        choices=[("complete", _("All items met")), ("incomplete", _("Items outstanding"))],
    )

    def filter_text(self, queryset, name, value):
        return search(queryset, value, "name", "address", "service_theme", "area__name")

    def filter_subtree(self, queryset, name, area):
        return queryset.filter(area__path__startswith=area.path)

    def filter_standard(self, queryset, name, value):
        complete = Q(items_total__gt=0, items_met__gte=F("items_total"))
        return queryset.filter(complete) if value == "complete" else queryset.exclude(complete)

    class Meta:
        fields = ["q", "area", "level", "standard"]
        form = forms.Form
