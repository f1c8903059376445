"""Gunicorn settings for the container (``gunicorn --config config/gunicorn.py config.wsgi``)."""

import multiprocessing
import os

bind = "0.0.0.0:8000"

# Sync workers, one request at a time each: psycopg's connection pool lives per process, so
# threads would only add contention for it. 2 x cores + 1 is gunicorn's rule of thumb, capped so
# a large host does not open more database connections than PostgreSQL allows.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
timeout = 60
# The heartbeat file on tmpfs: on the container's overlay filesystem a slow disk can stall it
# long enough for the arbiter to kill healthy workers.
worker_tmp_dir = "/dev/shm"

# Logs to the container's output, where `docker compose logs` reads them.
accesslog = "-"
errorlog = "-"

# Proxies trusted to set X-Forwarded-Proto/-For: the TLS-terminating proxy's address (or a
# network, e.g. 172.16.0.0/12 when it is another container). Gunicorn's own default is loopback.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
