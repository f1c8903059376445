import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import ModelChoiceFilter, SearchFilter, search
from representatives.models import Assignment, Level, WorkField
from workrooms.models import Area, Workroom
from workrooms.selectors import areas_visible_to, workrooms_visible_to


def _visible_areas(request):
    # Choices are scoped too: nobody can even pick a sibling subdistrict.
    return areas_visible_to(request.user) if request else Area.objects.none()


def _visible_workrooms(request):
    return workrooms_visible_to(request.user) if request else Workroom.objects.none()


class RepresentativeFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Full name"), method="filter_name")
    area = ModelChoiceFilter(label=_("Area"), queryset=_visible_areas, method="filter_area")
    workroom = ModelChoiceFilter(
        label=_("Workroom"), queryset=_visible_workrooms, method="filter_workroom"
    )
    level = django_filters.TypedChoiceFilter(
        label=_("Level"), choices=Level.choices, coerce=int, method="filter_level"
    )
    field = django_filters.ChoiceFilter(
        label=_("Work field"), choices=WorkField.choices, field_name="work_field"
    )
    leading_cadre = django_filters.BooleanFilter(
        label=_("Leading cadre"),
        field_name="is_leading_cadre",
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )
    in_office = django_filters.BooleanFilter(
        label=_("In office"),
        field_name="is_active",
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )

    def filter_name(self, queryset, name, value):
        return search(queryset, value, "name")

    def filter_area(self, queryset, name, area):
        """Registered in the area's subtree, or stationed today at a workroom there."""
        stationed = Assignment.objects.current().filter(
            representative=OuterRef("pk"), workroom__area__path__startswith=area.path
        )
        return queryset.filter(Q(area__path__startswith=area.path) | Q(Exists(stationed)))

    def filter_workroom(self, queryset, name, workroom):
        stationed = Assignment.objects.current().filter(
            representative=OuterRef("pk"), workroom=workroom
        )
        return queryset.filter(Exists(stationed))

    def filter_level(self, queryset, name, value):
        return queryset.with_level(value)

    class Meta:
        fields = ["q", "area", "workroom", "level", "field", "leading_cadre", "in_office"]
        form = forms.Form
