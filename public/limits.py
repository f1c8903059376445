"""The limits on what anyone may send without an account, in one place.

Counted in the configured cache (``core.throttle``: Redis in production, shared by every web
process), per client address and per phone number; when the cache is unreachable they fail
open (``core.throttle`` logs it), so residents are never locked out by an outage. Every limit
is a setting, so a deployment behind one shared address (a community centre's Wi-Fi) can
raise it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from core import throttle
from core.uploads import sanitize_image

HOUR = 60 * 60
DAY = 24 * HOUR


def _setting(name: str, default: int) -> int:
    # The defaults are config/settings.py's; these are for settings files that predate them.
    return int(getattr(settings, name, default))


def refusal(request, form) -> tuple[str, int] | None:
    """Before a form is read: the address's submissions this hour (every attempt counts, so a
    flood is refused before it costs anything). ``(message, status)`` or None."""
    allowed = throttle.hit(
        "public.submit.address",
        throttle.client_address(request),
        limit=_setting("PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR", 10),
        window=HOUR,
    )
    if not allowed:
        return _too_many(), 429
    return None


def flood(request, phone: str) -> tuple[str, int] | None:
    """After the form is valid: the phone number's accepted submissions today."""
    allowed = throttle.hit(
        "public.submit.phone",
        phone,
        limit=_setting("PUBLIC_SUBMISSIONS_PER_PHONE_PER_DAY", 3),
        window=DAY,
    )
    if not allowed:
        return (
            _(
                "This phone number has sent several submissions today. The workroom will "
                "contact you about them; for anything urgent, call the workroom."
            ),
            429,
        )
    return None


def lookup_refused(request) -> str | None:
    """The tracking page: lookups per address per hour, and wrong codes more strictly."""
    address = throttle.client_address(request)
    wrong = throttle.exceeded(
        "public.track.wrong",
        address,
        limit=_setting("PUBLIC_WRONG_CODES_PER_ADDRESS_PER_HOUR", 10),
        window=HOUR,
    )
    looked_up = throttle.hit(
        "public.track.address",
        address,
        limit=_setting("PUBLIC_LOOKUPS_PER_ADDRESS_PER_HOUR", 60),
        window=HOUR,
    )
    if wrong or not looked_up:
        return _too_many()
    return None


def count_wrong_code(request) -> None:
    """A code that opened nothing: counted against the address."""
    throttle.hit(
        "public.track.wrong",
        throttle.client_address(request),
        limit=_setting("PUBLIC_WRONG_CODES_PER_ADDRESS_PER_HOUR", 10),
        window=HOUR,
    )


def clean_photo(upload):
    """A resident's photo checked by its content and size, returned re-encoded without any
    metadata (no GPS position)."""
    return sanitize_image(upload)


def _too_many() -> str:
    return _("Too many attempts from this connection. Please wait an hour and try again.")
