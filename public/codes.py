"""Tracking codes: random, unguessable, not sequential; shown once, stored only as a digest.

Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 59 bits: at the
rate limit of the tracking page, guessing one of a million live codes would take far longer
than any code is kept. Shown grouped (``K7QF-93MX-2HTD``); typed in any case, with or
without the dashes or spaces.

A code the resident asked to receive by SMS waits for its message sealed (``seal``), never in
plain text: XOR-ed with a one-time pad, the HMAC-SHA256 under a key derived from ``SECRET_KEY``
of a random nonce stored beside it. A database dump alone does not reveal it; ``unseal`` gives
it back only with the same ``SECRET_KEY``, and the stored digest tells a right code from the
garbage a changed key yields. The seal is wiped once the message is sent or given up.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4


def new_code() -> str:
    """A fresh code, grouped for reading aloud."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def _grouped(raw: str) -> str:
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


NONCE_BYTES = 16
SEAL_SALT = "public.codes.seal"


def _pad(nonce: bytes) -> bytes:
    # 32 bytes of pad for a 12-character code; a fresh nonce per seal, so no pad is used twice.
    return salted_hmac(SEAL_SALT, nonce, algorithm="sha256").digest()


def seal(code: str) -> str:
    """The code unreadable without ``SECRET_KEY`` (hex of nonce and masked code), for the
    outbox of the SMS that will carry it."""
    cleaned = normalise(code)
    if cleaned is None:
        raise ValueError("not a tracking code")
    nonce = secrets.token_bytes(NONCE_BYTES)
    masked = bytes(a ^ b for a, b in zip(cleaned.encode(), _pad(nonce), strict=False))
    return (nonce + masked).hex()


def unseal(sealed: str) -> str | None:
    """The grouped code back from ``seal``; None when it cannot be one (a damaged seal, or
    ``SECRET_KEY`` changed since: check the result against the stored digest too)."""
    try:
        data = bytes.fromhex(sealed)
    except ValueError:
        return None
    nonce, masked = data[:NONCE_BYTES], data[NONCE_BYTES:]
    if len(nonce) != NONCE_BYTES or len(masked) != LENGTH:
        return None
    plain = bytes(a ^ b for a, b in zip(masked, _pad(nonce), strict=False))
    cleaned = normalise(plain.decode("latin-1"))
    return None if cleaned is None else _grouped(cleaned)
