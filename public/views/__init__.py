"""Views of the residents' side: ``pages`` (directory, workroom page), ``door`` (QR code, door
notice), ``submissions`` (a request or a wish from a phone), ``tracking`` (follow it, give
feedback)."""

from __future__ import annotations

from functools import wraps

from django.utils.cache import add_never_cache_headers


def private(view):
    """A public page that is never cached and sends no referrer to other sites: the forms
    (they carry a CSRF token and the resident's input) and the tracking page. Not
    ``no-referrer``: browsers then send ``Origin: null`` with the form's POST, which Django's
    CSRF check rightly refuses; tracking codes never appear in an address anyway."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapped
