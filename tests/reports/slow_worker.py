"""The Celery app for the dead-worker tests (``celery -A tests.reports.slow_worker worker``):
the real app, with each report's PDF render slowed by ``SLOW_RENDER_SECONDS`` seconds, so a
test can kill the worker while the report is "being generated". Nothing here is imported by
the app itself."""

import os
import time
from typing import Any

from celery.signals import task_prerun

from config.celery import app

__all__ = ["app"]


@task_prerun.connect
def _slow_render(**kwargs: Any) -> None:
    delay = float(os.environ.get("SLOW_RENDER_SECONDS") or 0)
    from reports import services

    if not delay or getattr(services.render_pdf, "slowed", False):
        return
    real = services.render_pdf

    def slowed(*args: Any, **kw: Any) -> bytes:
        time.sleep(delay)
        return real(*args, **kw)

    slowed.slowed = True  # type: ignore[attr-defined]
    services.render_pdf = slowed
