"""Filters of the activities lists and their exports (django-filter), one module per subject:
``log``, ``wishes``, ``courses``, ``research``, ``liaison``. Every choice is scoped to the user;
the area filter takes the whole subtree. The scoped choices the subjects share are here.
"""

from __future__ import annotations

from representatives.models import Representative
from workrooms.models import Area, Workroom
from workrooms.selectors import areas_visible_to


def visible_workrooms(request):
    if request is None:
        return Workroom.objects.none()
    return Workroom.objects.visible_to(request.user).order_by("name", "pk")


def visible_areas(request):
    return areas_visible_to(request.user) if request else Area.objects.none()


def visible_representatives(request):
    if request is None:
        return Representative.objects.none()
    return Representative.objects.visible_to(request.user).order_by("name", "pk")


class SubtreeMixin:
    def filter_subtree(self, queryset, name, area):
        return queryset.filter(workroom__area__path__startswith=area.path) if area else queryset
