"""Pages of long lists whose total is counted only up to a cap.

Counting every request of a busy district (hundreds of thousands of rows) costs more than
showing its first page. Past ``COUNT_CAP`` rows the list says "more than 10,000" and pages up to
the cap; people narrow such a list with its filters rather than page through it.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A ``Paginator`` whose ``count`` stops at ``cap`` (``capped`` says it did)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by()[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
