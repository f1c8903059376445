"""The inbox (``/notices/``): the list, marking one read (then on to its object), marking all
read; and the channel choices saved from the account page. Only ever the user's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notices import selectors, services
from notices.forms import PreferenceForm

PAGE_SIZE = 25


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@require_POST
@login_required
def read(request, pk):
    notification = selectors.get_notification(request.user, pk)
    services.mark_read(notification, user=request.user)
    target = notification.notice.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notices:inbox")
    return redirect(target)


@require_POST
@login_required
def read_all(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notices:inbox")


@require_POST
@login_required
def preferences(request):
    form = PreferenceForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        current = services.preference_of(request.user)
        services.preferences_save(
            user=request.user,
            email=data.get("email", current.email),
            sms=data.get("sms", current.sms),
            phone=data.get("phone", request.user.phone) or "",
        )
        messages.success(request, _("Your notification choices are saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("account")
