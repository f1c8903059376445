"""``GET /healthz/`` for load balancers: the database, the cache and the broker, each checked.

Each check is bounded (REDIS_TIMEOUT for the cache and the broker), so a dead Redis makes the
answer a quick 503 naming it, not a hung request. The body names the broken parts and the
class of the error, never a message or a trace (they may hold host names and paths).
"""

import secrets

from celery import current_app as celery_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    if hasattr(cache, "check"):
        # core.cache.FailSoftRedisCache reads a dead Redis as misses; its probe raises.
        cache.check()
        return "ok"
    token = secrets.token_hex(8)
    cache.set("healthz", token, 10)
    if cache.get("healthz") != token:
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def _check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "in-process"
    timeout = settings.REDIS_TIMEOUT
    with celery_app.connection_for_write(connect_timeout=timeout) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database, cache and broker answer, else 503."""
    checks: dict[str, str] = {}
    failing: list[str] = []
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        try:
            checks[name] = check()
        except Exception as exc:
            checks[name] = f"error: {exc.__class__.__name__}"
            failing.append(name)
    if not failing:
        return JsonResponse({"status": "ok", "checks": checks})
    return JsonResponse({"status": "error", "failing": failing, "checks": checks}, status=503)
