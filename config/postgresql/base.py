"""Django's PostgreSQL backend whose connection pool recovers at once from a database restart.

psycopg's pool checks a connection before lending it and, when the check fails, waits with a
growing back-off (1 s, 2 s, 4 s ...) before it tries the next idle one. After PostgreSQL is
restarted every idle connection is dead, so a pool of ten makes the next request wait longer
than its timeout and answer 503, and the next few too. Here the first failed check sweeps the
whole pool (``ConnectionPool.check``: the dead connections are replaced in the background), so
the request that noticed gets a fresh connection after one back-off step, and the app recovers
without being restarted itself. Selected by ``config.settings`` for ``postgres://`` URLs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.backends.postgresql import base
from psycopg_pool import ConnectionPool

logger = logging.getLogger(__name__)


def check_connection(conn: Any) -> None:
    """Fail as ``ConnectionPool.check_connection`` does, after sweeping the other idle
    connections out of the pool when this one turns out to be dead (the sweep checks them with
    the pool's plain check, not this one)."""
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        pool = getattr(conn, "_pool", None)
        if pool is not None:
            logger.warning("A pooled database connection was dead: checking the whole pool.")
            pool.check()
        raise


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self) -> ConnectionPool | None:
        pool = super().pool
        # Django lends connections through the pool's own check when CONN_HEALTH_CHECKS is on
        # (and accepts no other): ours takes its place, once per pool.
        if pool is not None and pool._check is not None and pool._check is not check_connection:
            pool._check = check_connection
        return pool
