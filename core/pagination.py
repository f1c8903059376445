"""Pages of long lists whose total is counted only up to a cap.

Counting every request of a busy district (hundreds of thousands of rows) costs more than
showing its first page. Past ``COUNT_CAP`` rows the list says "more than 10,000" and pages up to
the cap; people narrow such a list with its filters rather than page through it.

A page of a query set is read in two steps (a "late row lookup"): first the page's ids, sorted
and cut by the database on the narrow key columns alone, then those rows with their joins.
Sorting the tens of thousands of rows a district matches with every joined column spilled to
disk and took a second at province scale. With ``branches`` (the scope's alternatives) the ids
and the count are each a UNION ALL of one index-only query per branch.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A ``Paginator`` whose ``count`` stops at ``cap`` (``capped`` says it did)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        cap: int | None = None,
        branches: list[Q] | None = None,
        narrow: bool = False,
    ) -> None:
        """``branches``: the disjoint alternatives of the list's scope (``visible_branches``):
        the ids are then read one branch at a time, each through its own index, and appended.
        ``narrow``: the filters read every row they keep anyway and keep few (a text search):
        their keys are then read once, up to the cap, for both the count and the page."""
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap
        self.branches = branches
        self.narrow = narrow

    def _late(self) -> bool:
        rows = self.object_list
        return isinstance(rows, QuerySet) and not rows.query.distinct

    @cached_property
    def _keys(self) -> QuerySet[Any]:
        """The rows' ids (and sort keys) in the list's order: narrow columns an index holds."""
        rows = self.object_list
        united = self._united(rows)  # never `or`: a query set's truth value runs it
        return united if united is not None else rows.values_list("pk")

    def _united(self, rows: QuerySet[Any]) -> QuerySet[Any] | None:
        """A UNION of one query per scope branch, ordered like the list, whose rows end with
        the id; None when there is nothing to split or the order is not plain fields."""
        if not self.branches or len(self.branches) < 2:
            return None
        order = list(rows.query.order_by) or list(rows.model._meta.ordering)
        if not order or not all(isinstance(key, str) for key in order):
            return None
        pk = rows.model._meta.pk.attname
        order = [key.replace("pk", pk) if key.lstrip("-") == "pk" else key for key in order]
        columns = [key.lstrip("-") for key in order if key.lstrip("-") != pk] + [pk]
        parts = [rows.filter(branch).order_by().values_list(*columns) for branch in self.branches]
        # The branches are disjoint: UNION ALL, nothing to deduplicate.
        return parts[0].union(*parts[1:], all=True).order_by(*order)

    @cached_property
    def _all_ids(self) -> list[Any]:
        return [row[-1] for row in self._keys[: self.cap + 1]]

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if self.narrow and self._late():
            return len(self._all_ids)
        if isinstance(rows, QuerySet):
            keys = self._keys if self._late() else rows
            return keys.order_by()[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    def page(self, number: Any) -> Page:
        if not self._late():
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.narrow:
            ids = self._all_ids[bottom:top]
        else:
            ids = [row[-1] for row in self._keys[bottom:top]]
        # The same query set (scope, filters, order, joins) narrowed to the page's ids: the
        # scope is checked again on these rows, never bypassed.
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)
