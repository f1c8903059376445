"""The home page, the account page, the language switch and the residents' data page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import role_required
from accounts.scope import grants_for
from core.filters import clean_search
from core.xlsx import xlsx_response
from notices.forms import preferences_form
from portal import privacy
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


@require_http_methods(["GET", "POST"])
@role_required(*privacy.ANSWERERS)
def resident_data(request):
    """个人信息查询: a resident's request to see, export or delete what is held on them, found
    by their phone number (administrators; each step audited)."""
    raw = request.POST.get("phone") or request.GET.get("phone", "")
    phone = privacy.clean_phone_query(raw) if raw else None
    if raw and phone is None:
        messages.error(request, _("Enter the resident's phone number."))
    held = privacy.held_on(request.user, phone) if phone else None
    if held is not None and request.method == "POST":
        reason = request.POST.get("reason", "").strip()[:200]
        if not reason:
            messages.error(request, _("Say how the resident asked (date, channel)."))
        elif request.POST.get("action") == "correct":
            done = privacy.correct_on_request(
                request.user,
                held,
                name=request.POST.get("name", "").strip()[:40],
                address=request.POST.get("address", "").strip()[:200],
                reason=reason,
            )
            messages.success(request, _("%(count)d records corrected.") % {"count": done})
            return redirect(f"{reverse('resident_data')}?phone={phone}")
        else:
            done = privacy.delete_on_request(request.user, held, reason=reason)
            messages.success(
                request,
                _("%(count)d records no longer hold the resident's personal data.")
                % {"count": done},
            )
            return redirect(f"{reverse('resident_data')}?phone={phone}")
    if held is not None and request.GET.get("export"):
        privacy.log_seen(request.user, held, where="resident data export")
        return xlsx_response(f"个人信息-{phone[-4:]}.xlsx", [privacy.sheet(held)])
    if held is not None:
        privacy.log_seen(request.user, held, where="resident data page")
    return render(request, "portal/resident_data.html", {"held": held, "phone": raw})


@require_GET
@role_required(*privacy.REVIEWERS)
def personal_data_access(request):
    """Who saw, exported, corrected or removed personal data, by people in the reviewer's areas:
    the liaison office's review of the audit log (PIPL)."""
    who = clean_search(request.GET.get("who"))
    entries = privacy.accesses_visible_to(request.user, who=who)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = privacy.ACTION_LABELS.get(entry.action, entry.action)
        entry.records = privacy.records_of(entry)
    return render(
        request, "portal/personal_data_access.html", {"page": page, "who": who, "query": ""}
    )
