"""The one family of domain errors. Every state change refuses with one of these; every view
turns them into a message the same way (``show_error``).

``str(error)`` is the translated message for the user. Nothing was changed when one is raised.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from django.http import HttpRequest


class DomainError(Exception):
    """A refused action: the state, the role or the input does not allow it."""


class Conflict(DomainError):
    """Someone acted on the same object between the user's reading and acting.

    ``who`` and ``when`` name the winner when the audit log knows them; ``same_user`` is true
    when the winner was the very user who lost (a double submit, a second browser tab).
    """

    def __init__(
        self,
        message: str,
        *,
        who: str = "",
        when: datetime | None = None,
        same_user: bool = False,
    ) -> None:
        super().__init__(message)
        self.who = who
        self.when = when
        self.same_user = same_user


def log_incident(logger: logging.Logger, what: str, *args: object) -> str:
    """Log the exception being handled under a short reference, and return the reference.

    What users see of an unexpected failure is the reference, never the exception's text: that
    names server paths, hosts and settings (``NotADirectoryError: ... '/dev/null/media'``). The
    reference finds the traceback in the log."""
    reference = secrets.token_hex(4).upper()
    logger.exception("[ref %s] " + what, reference, *args)
    return reference


def show_error(request: HttpRequest, error: DomainError) -> int:
    """Show ``error`` to the user the one way every view does: a message on the next page.

    Returns the status for a page shown again in answer: 409 when someone else was faster, 200
    otherwise. A double submit by the same user is a notice, not an error: it was done.
    """
    from django.contrib import messages

    if isinstance(error, Conflict) and error.same_user:
        messages.info(request, str(error))
        return 200
    messages.error(request, str(error))
    return 409 if isinstance(error, Conflict) else 200
