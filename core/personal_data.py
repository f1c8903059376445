"""Personal data, written once for every app: phone numbers in the one format we store, and the
masked forms lists, exports and public pages show (138****5678, 王*, 雁塔路12号***)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mainland mobile numbers: 11 digits starting 13–19.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# A resident's or a contact's number: a mobile, a landline with its area code (0731 58581234)
# or a local landline without it.
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def normalize_phone(value) -> str:
    """Digits only, without +86: what offices type ("138 1234 5678", "+86-138...") or what Excel
    hands back for a number cell (13812345678.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _SEPARATORS.sub("", str(value).strip())
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif len(text) == 13 and text.startswith("86"):
        text = text[2:]
    return text


def is_valid_mobile(value: str) -> bool:
    return bool(MOBILE_RE.match(value))


def clean_phone(value) -> str:
    """A phone number typed into a form, as we store it (digits only, "" when empty), or a
    ``ValidationError`` for anything that is not a mobile or landline number ("abc")."""
    phone = normalize_phone(value)
    if phone and not PHONE_RE.match(phone):
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline number."), code="bad_phone"
        )
    return phone


def is_masked(value: str) -> bool:
    """True for a number that was masked for display (e.g. copied from an export)."""
    return "*" in str(value or "")


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four digits, as Chinese offices print them."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


ADDRESS_KEPT = 6


def mask_name(name: str) -> str:
    """王秀英 → 王*: the family name only (one star whatever the length, which would tell)."""
    name = (name or "").strip()
    if not name:
        return ""
    return f"{name[0]}*"


def mask_address(address: str) -> str:
    """The first six characters (province, city or compound), then ***; a short address keeps
    at most half, so something is always hidden."""
    address = (address or "").strip()
    if not address:
        return ""
    kept = min(ADDRESS_KEPT, len(address) // 2)
    return f"{address[:kept]}***"


# A phone number inside free text: a mobile (possibly split by spaces or dashes), or a landline
# with its area code.
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d(?:[\s\-]?\d){8}|0\d{2,3}[\s\-]?\d{7,8})(?!\d)")


def redact_phones(text: str) -> str:
    """``text`` with every phone number in it masked (138****5678): for free text that people
    wrote and a public page shows (a micro-wish in a resident's words)."""
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(normalize_phone(m.group(0))), text or "")
