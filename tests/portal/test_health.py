"""The load balancer's health check: database, cache and broker, 200 or 503."""

import time

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from portal import health

pytestmark = pytest.mark.django_db

URL = "/healthz/"


def expected_broker():
    # Without a broker Celery runs tasks in the web process; with Redis the broker must answer.
    return "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"


def test_it_reports_every_check_ok(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": expected_broker()},
    }


def test_it_is_never_cached(client):
    response = client.get(URL)

    assert "no-cache" in response["Cache-Control"]


def test_it_is_503_and_names_the_database_when_the_database_fails(client, monkeypatch):
    def broken():
        raise ConnectionError("database is down")

    monkeypatch.setattr(health, "_check_database", broken)

    response = client.get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: ConnectionError"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] == expected_broker()


def test_it_is_503_when_the_cache_loses_what_was_stored(client, monkeypatch):
    def lose(*args, **kwargs):
        return None

    monkeypatch.setattr(health.cache, "get", lose)
    # With Redis, the production cache's probe reads through Django's RedisCache underneath.
    monkeypatch.setattr(RedisCache, "get", lose)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: RuntimeError"
    assert response.json()["checks"]["database"] == "ok"


def test_it_is_503_naming_the_cache_when_redis_is_down(client, unreachable_cache):
    started = time.monotonic()
    response = client.get(URL)

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"] == "error: ConnectionError"
    assert body["checks"]["database"] == "ok"


def test_it_is_503_naming_the_broker_when_the_broker_is_down(client, unreachable_broker):
    started = time.monotonic()
    response = client.get(URL)

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["checks"]["broker"].startswith("error: ")


def test_it_names_every_broken_part_and_never_a_trace(
    client, unreachable_cache, unreachable_broker, monkeypatch
):
    def broken():
        raise ConnectionError("connection to server at /var/run/postgresql failed")

    monkeypatch.setattr(health, "_check_database", broken)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "cache", "broker"]
    assert "/var/run" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
