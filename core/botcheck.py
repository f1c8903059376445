"""A bot check for the forms anyone may send (residents' requests, wishes), asking nothing of
people: no captcha, no puzzle.

Two hidden traps, added by ``BotCheckMixin``:

- a honeypot: a text field named ``website`` that people never see (an off-screen wrapper,
  ``tabindex=-1``, no autocomplete, hidden from screen readers) and form-filling robots fill in;
- a signed timestamp (``django.core.signing``, a ``TimestampSigner`` underneath) of when the
  form was shown: a form sent back sooner than ``PUBLIC_FORM_MIN_SECONDS`` (3 by default) was
  not filled in by a person, and one older than ``PUBLIC_FORM_MAX_SECONDS`` (2 hours) or with
  a forged stamp is refused too.

Use it before the form class::

    class RequestForm(BotCheckMixin, forms.ModelForm): ...

    form = RequestForm(request.POST or None)
    if form.is_valid():
        ...  # save
    elif form.is_bot:
        ...  # e.g. count it against the address (core.throttle); nothing is saved

A refusal is a non-field error with a message for the person (who may be a person after all),
so ``is_valid()`` is False and the view saves nothing. ``{{ form }}`` renders both fields in
place; a template that lays fields out by hand adds ``{{ form.bot_check_fields }}``.
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
STAMP_FIELD = "form_shown"
STAMP_SALT = "core.botcheck"
DEFAULT_MIN_SECONDS = 3
DEFAULT_MAX_SECONDS = 2 * 60 * 60
# Clocks of several web servers may differ a little; a stamp this far "from the future" passes.
CLOCK_SKEW = 5


def min_seconds() -> float:
    return getattr(settings, "PUBLIC_FORM_MIN_SECONDS", DEFAULT_MIN_SECONDS)


def max_seconds() -> float:
    return getattr(settings, "PUBLIC_FORM_MAX_SECONDS", DEFAULT_MAX_SECONDS)


def issue_stamp(*, at: float | None = None) -> str:
    """A signed stamp saying the form was shown at ``at`` (now by default); each one is
    unique, so that ``first_use`` can tell a form sent twice."""
    when = time.time() if at is None else at
    return signing.dumps({"t": when, "n": secrets.token_hex(8)}, salt=STAMP_SALT)


def first_use(stamp: str) -> bool:
    """True the first time a form with this stamp is accepted, False when the same rendered
    form comes again (a double tap, the browser's "send again?"). Remembered in the cache for
    as long as a stamp is valid; with the cache down every use is the first (fail open)."""
    key = "botcheck.used:" + hashlib.sha256(stamp.encode()).hexdigest()
    try:
        return bool(cache.add(key, 1, timeout=int(max_seconds()) + 60))
    except Exception:
        logger.warning("Form stamps not remembered: the cache is unavailable.", exc_info=True)
        return True


def stamp_age(stamp: str) -> float | None:
    """Seconds since the stamp was issued, or None when it is forged, garbled or missing."""
    try:
        issued = signing.loads(stamp, salt=STAMP_SALT)["t"]
        return time.time() - float(issued)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class HoneypotBoundField(BoundField):
    """The wrapper ``{{ form }}`` draws around the honeypot gets the ``hp`` class (off screen,
    static/css/app.css); its label is hidden from screen readers."""

    def css_classes(self, extra_classes: Any = None) -> str:
        return " ".join(filter(None, [super().css_classes(extra_classes), "hp"]))

    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        return super().label_tag(
            contents, {**(attrs or {}), "aria-hidden": "true"}, label_suffix, tag
        )


class HoneypotField(forms.CharField):
    """A text field people never see and must leave empty."""

    def __init__(self) -> None:
        super().__init__(
            required=False,
            label=gettext_lazy("Leave this field empty"),
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-input"}
            ),
        )

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return HoneypotBoundField(form, self, field_name)


# Type checkers see the form the mixin is mixed into; at run time it is a plain mixin.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class BotCheckMixin(_FormBase):
    """Adds the honeypot and the timestamp to a ``Form`` or ``ModelForm`` and refuses what a
    robot sends. ``is_bot`` says, once the form is validated, that the refusal was the bot
    check's (honeypot filled, stamp missing or forged, or sent too fast)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_bot = False
        self.fields[HONEYPOT_FIELD] = HoneypotField()
        # A callable initial: the time the form is rendered, not the time the class was loaded.
        self.fields[STAMP_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=issue_stamp
        )

    @property
    def bot_check_fields(self) -> SafeString:
        """Both fields, for templates that render fields one by one."""
        honeypot = self[HONEYPOT_FIELD]
        return format_html(
            '<div class="{}">{}</div>{}',
            honeypot.css_classes(),
            honeypot.as_field_group(),
            self[STAMP_FIELD],
        )

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        refusal = self._bot_check()
        if refusal:
            self.add_error(None, refusal)

    def _bot_check(self) -> str | None:
        if self.data.get(self.add_prefix(HONEYPOT_FIELD)):
            self.is_bot = True
            return _("This looks like an automated submission, so it was not sent.")
        age = stamp_age(self.data.get(self.add_prefix(STAMP_FIELD)) or "")
        if age is None or age < -CLOCK_SKEW:
            self.is_bot = True
            self._renew_stamp()
            return _("This form could not be checked. Please reload the page and try again.")
        if age > max_seconds():
            # Not a robot: someone left the page open. Their entries are kept; a fresh stamp
            # (already old enough) lets them send it again straight away.
            self._renew_stamp()
            return _("This form has expired. Please check your entries and send it again.")
        if age < min_seconds():
            self.is_bot = True
            return _("Please take a moment to check your entries, then send the form again.")
        return None

    def _renew_stamp(self) -> None:
        # The page shown again carries a stamp that passes; the person's entries stay as sent.
        data = QueryDict(mutable=True)
        for key in self.data:
            data.setlist(key, _values(self.data, key))
        data[self.add_prefix(STAMP_FIELD)] = issue_stamp(at=time.time() - min_seconds())
        self.data = data


def _values(data: Mapping[str, Any], key: str) -> list[Any]:
    getlist = getattr(data, "getlist", None)
    return list(getlist(key)) if getlist else [data[key]]
