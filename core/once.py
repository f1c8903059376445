"""Creating forms make one thing however often they are sent.

A double click, a retry after a timeout or ten impatient submissions of one rendered form must
register one request. Each creating form carries a random token (``OnceMixin``); the view makes
the object through ``create_once``, which first inserts the token into a table with a unique key
in the same transaction: of several submissions at once exactly one inserts it (on PostgreSQL
the others wait for its commit, then fail on the key), and they are shown what it created. A
creation that fails rolls the token back with it, so the form can be sent again.

Views do it one way, ``submit_once``: a form sent already leads to what its first submission
made (checked before validation: the second copy may no longer be valid, e.g. "this topic
exists"), a valid one is created through ``create_once``, an invalid one is shown again with
its token unused.

Covered: every creating form whose double click would make a visible duplicate (requests,
activities and their photos and resolutions, wishes, courses and course orders, research topics
and reports, liaison talks, study plans and sessions, representatives, rotation rules, swap
requests). Not needed elsewhere: the request's steps (attachments, 请示 included) carry the
version seen, so a second copy is a conflict; the public forms spend a single-use stamp
(``core.botcheck``); reports, roster months, imports and stationing are one row per key.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.models import FormToken

M = TypeVar("M", bound=models.Model)
FIELD = "once"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OnceMixin(forms.Form):
    """Adds the hidden token to a creating form (``form.once`` after validation)."""

    once = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD].initial = new_token()

    @property
    def token(self) -> str:
        return str(self.cleaned_data.get(FIELD) or "")

    @property
    def entered(self) -> dict[str, Any]:
        """The cleaned data without the token: a service's keyword arguments."""
        return {name: value for name, value in self.cleaned_data.items() if name != FIELD}


def _key(user: Any, token: str) -> str:
    return hashlib.sha256(f"{getattr(user, 'pk', '')}|{token}".encode()).hexdigest()


def made_with(user: Any, token: str) -> models.Model | None:
    """What a token already made (a form sent again after its first submission went through),
    else None; a view checks it before validating, so a resubmission is not mistaken for a
    new, duplicate entry."""
    if not token:
        return None
    used = FormToken.objects.select_related("content_type").filter(key=_key(user, token)).first()
    if used is None or used.content_type is None or used.object_id is None:
        return None
    model = used.content_type.model_class()
    return None if model is None else model._default_manager.filter(pk=used.object_id).first()


def create_once(user: Any, token: str, create: Callable[[], M]) -> tuple[M | None, bool]:
    """``(object, True)`` when this submission made it with ``create()``, ``(the object the
    first submission made, False)`` when the token was used already (None if that object is
    gone). Without a token (an old page, a script) it simply creates."""
    if not token:
        return create(), True
    key = _key(user, token)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = FormToken.objects.create(key=key)
        except IntegrityError:
            return made_with(user, token), False
        obj = create()
        row.content_type = ContentType.objects.get_for_model(type(obj))
        row.object_id = obj.pk
        row.save(update_fields=["content_type", "object_id"])
    return obj, True


def submit_once(
    request: HttpRequest,
    form: OnceMixin,
    create: Callable[[], M],
    *,
    to: Callable[[M], str],
    done: str | Callable[[M], str],
    gone: str | None = None,
) -> HttpResponse | None:
    """A creating form's POST, the one way: the answer to send, or None to show the form again.

    Sent already (a double click, a retry): "sent already" and a redirect to ``to(first
    object)``, nothing made. Valid: ``create()`` makes the object under the token, ``done``
    (a message, or one made from the object) is shown and the user sent to ``to(object)``.
    Not valid: None, the token unused. A ``DomainError`` from ``create()`` passes through,
    the token rolled back with the rest, for the view to show its way. ``gone`` is where to go
    when the first submission's object no longer exists (default: the form afresh).
    """
    user = request.user
    earlier = made_with(user, request.POST.get(FIELD, ""))
    if earlier is not None:
        return _sent_already(request, earlier, to, gone)
    if not form.is_valid():
        return None
    obj, created = create_once(user, form.token, create)
    if not created or obj is None:
        return _sent_already(request, obj, to, gone)
    messages.success(request, done(obj) if callable(done) else done)
    return redirect(to(obj))


def _sent_already(
    request: HttpRequest, obj: Any, to: Callable[[Any], str], gone: str | None
) -> HttpResponse:
    messages.info(request, _("This form was sent already: nothing new was registered."))
    return redirect(to(obj) if obj is not None else gone or request.path)
