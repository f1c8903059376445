"""PostgreSQL restarted under load: every connection the app holds dies at once. The next
requests must succeed without restarting the app (connections are checked before use)."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.races import needs_postgres

pytestmark = [
    needs_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def status_of(app, path):
    """A request through the real WSGI handler: unlike the test client, it returns its database
    connection at the end of the request, as gunicorn's workers do."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses = []
    b"".join(app(environ, lambda status, headers: statuses.append(status)))
    return int(statuses[0].split()[0])


def fill_the_pool():
    """Every connection the pool may hold open and idle, as in a busy web process: after the
    drop, all of them are dead at once."""
    pool = connection.pool
    if pool is None:
        return
    lent = [pool.getconn() for _ in range(pool.max_size - 1)]
    for conn in lent:
        pool.putconn(conn)


def drop_every_connection():
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    return dropped


def test_the_app_recovers_when_postgresql_drops_every_connection(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    app = WSGIHandler()
    assert status_of(app, "/healthz/") == 200
    fill_the_pool()

    try:
        assert drop_every_connection() >= 1
        statuses = [status_of(app, path) for path in ("/healthz/", "/accounts/login/", "/w/")]
    finally:
        # The test's own connection died too; a fresh one for the flush at teardown.
        connection.close()

    assert statuses == [200, 200, 200]
