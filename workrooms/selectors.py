"""Scoped reads of areas and workrooms. Other apps call these rather than the managers."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.scope import get_visible_or_404
from workrooms.models import (
    Area,
    ChecklistEntry,
    ChecklistItem,
    ChecklistStatus,
    Workroom,
)


def _count_subquery(queryset, group_field: str):
    """A correlated COUNT as an annotation, so list pages stay at a fixed number of queries."""
    counted = queryset.values(group_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _with_checklist_totals(queryset):
    items = ChecklistItem.objects.filter(standard=OuterRef("standard"))
    met = ChecklistEntry.objects.filter(
        workroom=OuterRef("pk"),
        status=ChecklistStatus.MET,
        item__standard=OuterRef("standard"),
    )
    return queryset.select_related("area", "standard").annotate(
        items_total=_count_subquery(items, "standard"),
        items_met=_count_subquery(met, "workroom"),
    )


def workrooms_visible_to(user, *, kinds=None):
    """Workrooms in the user's subtrees, with checklist totals (items_total, items_met)."""
    return _with_checklist_totals(Workroom.objects.visible_to(user, kinds=kinds))


def get_workroom(user, pk, *, kinds=None) -> Workroom:
    """One workroom the user may see (404 otherwise), with its checklist totals."""
    return get_visible_or_404(
        _with_checklist_totals(Workroom.objects.all()), user, kinds=kinds, pk=pk
    )


def areas_visible_to(user, *, kinds=None):
    """Areas in the user's subtrees, in tree order, each with its number of workrooms."""
    return Area.objects.visible_to(user, kinds=kinds).annotate(
        workroom_count=Count("workrooms", filter=Q(workrooms__is_active=True))
    )


def checklist_rows(workroom: Workroom) -> list[tuple[ChecklistItem, ChecklistEntry | None]]:
    """The workroom's standard, item by item, with the entry recorded for each (or None)."""
    if workroom.standard_id is None:
        return []
    entries = {
        entry.item_id: entry
        for entry in workroom.checklist_entries.filter(
            item__standard_id=workroom.standard_id
        ).select_related("checked_by")
    }
    return [(item, entries.get(item.pk)) for item in workroom.standard.items.all()]


def public_workrooms():
    """Active workrooms as anyone may see them (the residents' side), with checklist totals.
    Only what a workroom publishes is read from them; no user's scope applies."""
    return _with_checklist_totals(Workroom.objects.filter(is_active=True))
