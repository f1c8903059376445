"""Role checks for views. Scope (which objects) lives in ``accounts.scope``; this is about rights."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.scope import has_role, has_role_on


def role_required(*kinds: str):
    """Sign-in required; then 403 unless the user holds one of ``kinds`` somewhere."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *kinds):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_role_on(user, area, *kinds: str) -> None:
    """403 unless one of the user's ``kinds`` roles reaches ``area``."""
    if not has_role_on(user, area, *kinds):
        raise PermissionDenied
