"""Signing in without locking the owner out.

A lockout after N wrong passwords hands anyone who knows a user name a way to keep that person
out, and a per-address lockout blocks a whole office behind one NAT. Instead:

- wrong passwords are counted per (account, address) and per address (``core.throttle``,
  in the cache, failing open);
- after ``SIGNIN_CHALLENGE_AFTER`` failures for an account from an address, or
  ``SIGNIN_ADDRESS_CHALLENGE_AFTER`` from an address for any accounts, the sign-in form asks a
  small question (a sum, signed so it cannot be replayed or forged) before it checks the
  password: the right password with the right answer signs in, so the owner is never refused;
- allauth's own limit stays only as a per-address ceiling against brute force at scale
  (``ACCOUNT_RATE_LIMITS``).
"""

from __future__ import annotations

import random
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core import signing
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import LoginForm
from core import throttle

WINDOW = 15 * 60
SALT = "accounts.signin.challenge"
# A question answered later than this is asked again.
CHALLENGE_MAX_AGE = 10 * 60


def _login_key(login: str) -> str:
    return (login or "").strip().lower()


def _counts(request: HttpRequest, login: str) -> tuple[str, str]:
    address = throttle.client_address(request)
    return f"{_login_key(login)}|{address}", address


def challenge_needed(request: HttpRequest, login: str) -> bool:
    """Whether signing in as ``login`` from this address must answer the question first."""
    pair, address = _counts(request, login)
    return throttle.exceeded(
        "signin.pair", pair, limit=settings.SIGNIN_CHALLENGE_AFTER, window=WINDOW
    ) or throttle.exceeded(
        "signin.address", address, limit=settings.SIGNIN_ADDRESS_CHALLENGE_AFTER, window=WINDOW
    )


@receiver(user_login_failed)
def count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Every wrong password counts against the account from this address, and the address."""
    if request is None:
        return
    login = credentials.get("username") or credentials.get("email") or ""
    pair, address = _counts(request, str(login))
    throttle.hit("signin.pair", pair, limit=settings.SIGNIN_CHALLENGE_AFTER, window=WINDOW)
    throttle.hit(
        "signin.address", address, limit=settings.SIGNIN_ADDRESS_CHALLENGE_AFTER, window=WINDOW
    )


def new_question() -> tuple[str, str]:
    """A question and its signed answer: ``(text, token)``."""
    a, b = random.randint(2, 9), random.randint(2, 9)
    return _("How much is %(a)d + %(b)d?") % {"a": a, "b": b}, signing.dumps(a + b, salt=SALT)


def answer_is_right(token: str, answer: str) -> bool:
    try:
        expected = signing.loads(token, salt=SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        return False
    return str(answer).strip() == str(expected)


class ChallengeLoginForm(LoginForm):
    """The sign-in form (allauth's, the login bounded: ``accounts.forms``), with the question
    when this account and address need it."""

    challenge_token = forms.CharField(required=False, widget=forms.HiddenInput)
    challenge = forms.CharField(
        label=gettext_lazy("Answer"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # allauth's label reads 登录, as the heading and the button do; say what to type, once.
        self.fields["login"].label = _("User name or e-mail")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        login = self.data.get("login", "") if self.is_bound else ""
        self.asks = bool(self.request is not None and challenge_needed(self.request, login))
        # The answer to the question shown before (the page shown again asks a fresh one).
        self.submitted = (self.data.get("challenge_token", ""), self.data.get("challenge", ""))
        self._question = (self.fields.pop("challenge"), self.fields.pop("challenge_token"))
        if self.asks:
            self._ask()

    def _ask(self) -> None:
        """Add the question, with a fresh sum: its text is the field's label."""
        answer, token_field = self._question
        text, token = new_question()
        answer.label = text
        answer.help_text = _(
            "Several wrong passwords were typed for this account here: answer this too."
        )
        self.fields["challenge"], self.fields["challenge_token"] = answer, token_field
        self.initial["challenge_token"] = token
        if self.is_bound:
            data = self.data.copy()
            data["challenge_token"], data["challenge"] = token, ""
            self.data = data

    def clean(self) -> dict[str, Any]:
        if self.asks and not answer_is_right(*self.submitted):
            raise forms.ValidationError(_("Answer the question to sign in."), code="challenge")
        try:
            return super().clean()
        except forms.ValidationError:
            # This failure may be the one after which the question is asked: ask it now.
            login = self.data.get("login", "")
            if not self.asks and self.request is not None and challenge_needed(self.request, login):
                self.asks = True
                self._ask()
            raise
