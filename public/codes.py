"""Tracking codes: random, unguessable, not sequential; shown once, stored only as a digest.

Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 59 bits: at the
rate limit of the tracking page, guessing one of a million live codes would take far longer
than any code is kept. Shown grouped (``K7QF-93MX-2HTD``); typed in any case, with or
without the dashes or spaces.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4


def new_code() -> str:
    """A fresh code, grouped for reading aloud."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The code as typed, cleaned (upper case, no dashes or spaces); None when it cannot be a
    code at all (so it is refused without a lookup)."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch not in " -\u3000")
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def digest(code: str) -> str:
    """What is stored and looked up: the SHA-256 of the normalised code."""
    cleaned = normalise(code)
    if cleaned is None:
        raise ValueError("not a tracking code")
    return hashlib.sha256(cleaned.encode()).hexdigest()
