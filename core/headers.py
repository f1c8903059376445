"""Security headers that neither Django nor django-csp send.

Content-Security-Policy comes from django-csp (``CONTENT_SECURITY_POLICY`` in the settings);
X-Frame-Options, HSTS, nosniff and Referrer-Policy from Django's own middleware.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (the ``PERMISSIONS_POLICY`` setting) with every response:
    no page of ours asks for the camera, microphone, location, payment or USB, so a script
    injected into one could not either. A view that needs one sets its own header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
