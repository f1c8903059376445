"""The home page, the account page and the language switch."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.scope import grants_for
from notices.forms import preferences_form
from portal.queues import may_register, queues_for


@login_required
def home(request):
    """Each role's work queue: what is due, waiting, or asked of the user today."""
    user = request.user
    return render(
        request,
        "portal/home.html",
        {
            "queues": queues_for(user),
            "may_register": may_register(user),
            "has_roles": bool(grants_for(user)) or user.is_superuser,
        },
    )


@login_required
def account(request):
    """The signed-in user's own page: roles, password, two-factor sign-in, sign-out."""
    roles = request.user.roles.select_related("area").order_by("area__path", "kind")
    notice_form = preferences_form(request.user)
    return render(request, "portal/account.html", {"roles": roles, "notice_form": notice_form})


def set_language(request):
    """Switch the interface language: saved on the user when signed in, else in a cookie."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in {code for code, _name in settings.LANGUAGES}:
        return response
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
