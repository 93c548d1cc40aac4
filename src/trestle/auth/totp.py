"""Time-based one-time passwords (RFC 6238, with pyotp): enrolment, QR codes, verification.

A secret is 160 random bits in base32, as authenticator apps expect. A code is accepted when
it matches the current 30-second step or one of ``window`` steps either side (clocks drift),
and only if that step is later than the last one the account used: a code seen once, by the
user or by someone looking over their shoulder, never works again.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

__all__ = [
    "DIGITS",
    "INTERVAL",
    "match_code",
    "new_secret",
    "normalize_code",
    "provisioning_uri",
    "qr_code_svg",
]

DIGITS = 6
INTERVAL = 30


def new_secret() -> str:
    """A fresh random secret (32 base32 characters: 160 bits, RFC 4226's recommendation)."""
    import pyotp

    return pyotp.random_base32(32)


def _totp(secret: str) -> Any:
    import pyotp

    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return str(_totp(secret).provisioning_uri(name=account, issuer_name=issuer or None))


def qr_code_svg(data: str, *, scale: int = 4) -> str:
    """``data`` as a QR code in an inline ``<svg>`` element (made here: no network, no image)."""
    import segno

    qr = segno.make(data, error="m")
    # A light background keeps the code scannable on a dark page.
    return str(
        qr.svg_inline(scale=scale, dark="#000", light="#fff", svgclass="trestle-qr", lineclass="")
    )


def normalize_code(code: object) -> str | None:
    """The code's digits with spaces and dashes taken out; None unless exactly six digits."""
    if not isinstance(code, str):
        return None
    digits = code.replace(" ", "").replace("-", "").strip()
    if len(digits) != DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    return digits


def match_code(
    secret: str,
    code: object,
    *,
    last_step: int | None = None,
    window: int = 1,
    now: float | None = None,
) -> int | None:
    """The time step ``code`` is valid for, or None: wrong, malformed, or already used.

    ``last_step`` is the step of the last code this account used: a code for it or an
    earlier step is refused (replay protection). Store the returned step as the new
    ``last_step`` once the login is accepted.
    """
    digits = normalize_code(code)
    if digits is None:
        return None
    totp = _totp(secret)
    current = int((time.time() if now is None else now) // INTERVAL)
    found: int | None = None
    # Compare with every step in the window, without stopping early: the time taken does
    # not depend on which step (if any) matched.
    for step in range(current - window, current + window + 1):
        if hmac.compare_digest(str(totp.generate_otp(step)), digits) and found is None:
            found = step
    if found is None or (last_step is not None and found <= last_step):
        return None
    return found
