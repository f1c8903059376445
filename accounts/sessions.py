"""Sessions end when idle: office computers are shared.

A session lives ``SESSION_COOKIE_AGE`` (``SESSION_IDLE_SECONDS``, 2 hours by default) from its
last save. Saving it on every request (``SESSION_SAVE_EVERY_REQUEST``) would cost two queries
on every page; instead a signed-in user's session is touched when it was last saved more than
``TOUCH_EVERY`` seconds ago, so the idle limit holds to within those few minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

TOUCH_EVERY = 5 * 60
KEY = "_touched"


@receiver(user_logged_in)
def _touched_at_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[KEY] = int(time.time())


class IdleSessionMiddleware:
    """After the authentication middleware: touches the session of a signed-in user every few
    minutes of activity (never an anonymous visitor's: the public pages stay cookie-free)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - int(request.session.get(KEY, 0)) > TOUCH_EVERY:
                request.session[KEY] = now
        return self.get_response(request)
