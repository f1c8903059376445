"""Small SQL building blocks the ORM lacks.

``AnyOf(field, subquery)``: ``field = ANY(ARRAY(subquery))`` on PostgreSQL. A plain
``field IN (subquery)`` joined by OR to another condition becomes a hashed sub-plan tested on
every row of the table, a full scan of millions of requests; an array built once (an InitPlan)
is an index condition, and two of them joined by OR combine as a BitmapOr of two index scans.
Other databases get the plain ``IN``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, F, Func, QuerySet, Subquery


class AnyOf(Func):
    """True where ``field`` is one of the values ``queryset`` selects (one column)."""

    output_field = BooleanField()
    template = "%(expressions)s"
    arg_joiner = " IN "

    def __init__(self, field: str, queryset: QuerySet[Any]) -> None:
        super().__init__(F(field), Subquery(queryset))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)", **extra
        )
