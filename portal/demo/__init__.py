"""The demo world: ``python manage.py demo`` runs each app's builder below, in order.

Each builder is a module with ``build(ctx: core.demo.DemoContext)`` that creates its part of the
demo world idempotently: it looks objects up by a stable key and creates only what is missing,
so running the command twice changes nothing. A new app adds its module to ``BUILDERS``.
"""

from __future__ import annotations

import importlib

from core.demo import DemoContext
from notices.services import quiet

BUILDERS = [
    "workrooms.demo",
    "accounts.demo",
    "representatives.demo",
    "rosters.demo",
    "petitions.demo",
    "activities.demo.log",
    "activities.demo.liaison",
    "reports.demo",
    # Residents' submissions from the public page, with the tracking codes the README prints.
    "public.demo",
    # Last: today's work for the demo sign-ins, so that every home panel has something.
    "portal.demo.workday",
    # Reads what the builders above made: the inboxes they filled, the workrooms and areas.
    "notices.demo",
]


def run_builders(ctx: DemoContext, *, upto: str | None = None) -> None:
    """Run the builders in order; with ``upto``, stop after that one (tests of one app need
    the world only as far as their own builder)."""
    if upto is not None and upto not in BUILDERS:
        raise ValueError(f"unknown demo builder {upto!r}")
    # The demo's notices reach the inboxes and go no further: nobody is mailed, no robot posts.
    with quiet():
        for path in BUILDERS:
            importlib.import_module(path).build(ctx)
            if path == upto:
                break
