"""Pages of long lists whose total is counted only up to a cap.

Counting every request of a busy district (hundreds of thousands of rows) costs more than
showing its first page. Past ``COUNT_CAP`` rows the list says "more than 10,000" and pages up to
the cap; people narrow such a list with its filters rather than page through it.

A page of a query set is read in two steps (a "late row lookup"): first the ids of the first
``COUNT_CAP + 1`` rows, sorted by the database on the narrow key columns alone (which also gives
the count), then the page's rows with their joins. Sorting the tens of thousands of rows a
district matches with every joined column spilled to disk and took a second at province scale,
and counting them apart scanned them twice.
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
    ) -> None:
        """``branches``: the alternatives of the list's scope (``visible_branches``): the ids
        are then read one branch at a time and united, each through its own index."""
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap
        self.branches = branches

    def _late(self) -> bool:
        rows = self.object_list
        return isinstance(rows, QuerySet) and not rows.query.distinct

    @cached_property
    def _ids(self) -> list[Any]:
        """The ids of the first ``cap + 1`` rows in the list's order: the count and every
        page's ids from one scan of the narrow key columns."""
        rows = self.object_list
        return self._united_ids(rows) or list(rows.values_list("pk", flat=True)[: self.cap + 1])

    def _united_ids(self, rows: QuerySet[Any]) -> list[Any] | None:
        """The ids read as a UNION of one query per scope branch, sorted on the list's order;
        None when there is nothing to split or the order is not plain fields."""
        if not self.branches or len(self.branches) < 2:
            return None
        order = list(rows.query.order_by) or list(rows.model._meta.ordering)
        if not order or not all(isinstance(key, str) for key in order):
            return None
        pk = rows.model._meta.pk.attname
        order = [key.replace("pk", pk) if key.lstrip("-") == "pk" else key for key in order]
        columns = [key.lstrip("-") for key in order]
        if pk not in columns:
            columns.append(pk)
        parts = [rows.filter(branch).order_by().values_list(*columns) for branch in self.branches]
        united = parts[0].union(*parts[1:]).order_by(*order)[: self.cap + 1]
        at = columns.index(pk)
        return [row[at] for row in united]

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if self._late():
            return len(self._ids)
        if isinstance(rows, QuerySet):
            return rows.order_by()[: self.cap + 1].count()
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
        ids = self._ids[bottom : min(bottom + self.per_page, self.count)]
        # The same query set (scope, filters, order, joins) narrowed to the page's ids: the
        # scope is checked again on these rows, never bypassed.
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)
