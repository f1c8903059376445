"""Two-factor sign-in required of staff, where a deployment says so (``TWO_FACTOR_REQUIRED``,
on in production by default): office computers are shared, and a password on a sticky note
must not be enough to read residents' data.

Staff are clerks, the liaison office, administrators and superusers; representatives are not
asked (they read their own duties on a phone). A staff member without an authenticator app set
up is sent to set one up, and can do nothing else until it is done.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.scope import has_role

STAFF_ROLES = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
# What a staff member without two-factor sign-in may still open: signing in and out, setting up
# the authenticator, the language, static files, the health check and the residents' side.
OPEN_PREFIXES = ("/accounts/", "/language/", "/static/", "/healthz/", "/w/", "/media/")


def must_use_two_factor(user) -> bool:
    """Whether ``user`` must sign in with two factors here."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, *STAFF_ROLES)


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# A positive check is remembered in the session this long: staff pages stay within their query
# budget, and an authenticator removed in another session stops counting within minutes.
CHECKED_KEY = "_two_factor_checked"
RECHECK_EVERY = 5 * 60


def _has_two_factor_lately(request: HttpRequest) -> bool:
    now = int(time.time())
    if now - int(request.session.get(CHECKED_KEY, 0)) < RECHECK_EVERY:
        return True
    if not has_two_factor(request.user):
        request.session.pop(CHECKED_KEY, None)
        return False
    request.session[CHECKED_KEY] = now
    return True


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and must_use_two_factor(user)
            and not _has_two_factor_lately(request)
        ):
            messages.warning(
                request, _("Set up two-factor sign-in with an authenticator app before you go on.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
