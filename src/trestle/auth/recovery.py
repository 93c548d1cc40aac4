"""Recovery codes: single-use codes that stand in for the authenticator app when it is lost.

Each code has 80 random bits, shown once as ``xxxx-xxxx-xxxx-xxxx`` (letters and digits that
cannot be mistaken for one another) and stored only as its SHA-256 digest. A slow hash is
not needed: 80 random bits cannot be guessed from a digest, unlike a person's password.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["hash_recovery_code", "new_recovery_codes", "normalize_recovery_code"]

# Crockford-style: no i, l, o, u, so nothing reads as 1, 0 or another letter.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_GROUPS = 4
_GROUP_LENGTH = 4
_LENGTH = _GROUPS * _GROUP_LENGTH


def new_recovery_codes(count: int = 10) -> list[str]:
    """``count`` fresh codes, formatted for reading aloud or writing down."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
        codes.append("-".join(raw[i : i + _GROUP_LENGTH] for i in range(0, _LENGTH, _GROUP_LENGTH)))
    return codes


def normalize_recovery_code(code: object) -> str | None:
    """The code without dashes, spaces or case; None if it cannot be a recovery code."""
    if not isinstance(code, str):
        return None
    text = code.replace("-", "").replace(" ", "").strip().lower()
    if len(text) != _LENGTH or any(char not in _ALPHABET for char in text):
        return None
    return text


def hash_recovery_code(code: str) -> str | None:
    """The digest stored for ``code`` (None when ``code`` is malformed)."""
    normalized = normalize_recovery_code(code)
    if normalized is None:
        return None
    return hashlib.sha256(f"trestle-recovery-code:{normalized}".encode()).hexdigest()
