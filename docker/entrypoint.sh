#!/bin/sh
# Entry point of the Workrooms image, for web, worker and beat alike:
#   1. wait until the database answers (a container may start before PostgreSQL accepts
#      connections, e.g. on a host without compose's health-ordered start);
#   2. apply migrations, only where MIGRATE=1 (one container run on its own; compose has a
#      one-shot `migrate` service instead, so several web replicas never race each other, or
#      the worker and beat, to migrate the same schema);
#   3. exec the command, so it runs as PID 1 and receives docker stop's SIGTERM itself.
set -eu

# A plain connection, not psycopg's pool: the pool would retry on its own timeout and hide the
# real error. PGCONNECT_TIMEOUT keeps one attempt from hanging on an unreachable host.
DATABASE_POOL=false PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}" python - <<'PY'
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import OperationalError, connection  # noqa: E402

attempts = int(os.environ.get("DATABASE_WAIT_ATTEMPTS", "30"))
for attempt in range(1, attempts + 1):
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if attempt == attempts:
            sys.exit(f"entrypoint: database still unavailable after {attempts} attempts: {exc}")
        print(f"entrypoint: waiting for the database ({attempt}/{attempts}): {exc}", flush=True)
        time.sleep(2)
    else:
        connection.close()
        break
PY

if [ "${MIGRATE:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
