import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import ModelChoiceFilter, MonthFilter
from reports.models import ReportKind, ReportStatus
from workrooms.models import Area
from workrooms.selectors import areas_visible_to


def _visible_areas(request):
    return areas_visible_to(request.user) if request else Area.objects.none()


class ReportFilter(django_filters.FilterSet):
    area = ModelChoiceFilter(label=_("Area"), queryset=_visible_areas, method="filter_subtree")
    month = MonthFilter(label=_("Month"), method="filter_month")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)

    def filter_subtree(self, queryset, name, area):
        # The area's district roll-up and every workroom report below it.
        return queryset.filter(workroom__area__path__startswith=area.path) | queryset.filter(
            area__path__startswith=area.path
        )

    def filter_month(self, queryset, name, month):
        return queryset.filter(month=month)

    class Meta:
        fields = ["area", "month", "kind", "status"]
        form = forms.Form
