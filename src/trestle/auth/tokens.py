"""Password-reset tokens: signed, expiring, and single-use.

A token names the user and carries a fingerprint of what a reset changes: the password hash
and the time of the last login (and the email address). Setting a new password, or logging
in, changes the fingerprint, so a token works once and dies after use; a token older than
``PASSWORD_RESET_TIMEOUT`` is refused; a forged one fails its HMAC signature
(:mod:`trestle.signing`, with a salt of its own so no other token is accepted).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from trestle.signing import BadSignature, SignatureExpired, Signer

__all__ = ["BadSignature", "PasswordResetTokens", "SignatureExpired"]

SALT = "trestle.auth.password-reset"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise BadSignature("malformed token") from None


class PasswordResetTokens:
    """Makes and checks password-reset tokens for one app (made at start-up)."""

    __slots__ = ("_signer", "max_age")

    def __init__(
        self, secret_key: str, *, max_age: float, fallback_keys: Iterable[str] = ()
    ) -> None:
        self._signer = Signer(secret_key, salt=SALT, fallback_keys=fallback_keys)
        self.max_age = max_age

    @staticmethod
    def _fingerprint(user: Any) -> str:
        last_login = getattr(user, "last_login", None)
        state = "\x00".join(
            (
                str(user.pk),
                user.password or "",
                last_login.isoformat() if last_login is not None else "",
                getattr(user, "email", "") or "",
            )
        )
        # The password hash itself never leaves the server: only a digest of it does.
        return _b64(hashlib.sha256(state.encode()).digest()[:16])

    def make(self, user: Any) -> str:
        """A token that lets ``user`` set a new password, until it is used or expires."""
        return self._signer.sign(f"{_b64(str(user.pk).encode())}-{self._fingerprint(user)}")

    def user_pk(self, token: str) -> str:
        """The user's primary key (as text) from a well-signed, unexpired token.

        :class:`SignatureExpired` for an old token, :class:`BadSignature` for a forged or
        malformed one. The token may still be spent: :meth:`check` decides that.
        """
        value = self._signer.unsign(token, max_age=self.max_age)
        encoded_pk, dash, _ = value.partition("-")
        if not dash:
            raise BadSignature("malformed token")
        try:
            return _unb64(encoded_pk).decode()
        except UnicodeDecodeError:
            raise BadSignature("malformed token") from None

    def check(self, user: Any, token: str) -> bool:
        """Whether ``token`` is valid now for ``user``: signed, unexpired, and unspent."""
        try:
            value = self._signer.unsign(token, max_age=self.max_age)
        except BadSignature:
            return False
        expected = f"{_b64(str(user.pk).encode())}-{self._fingerprint(user)}"
        return hmac.compare_digest(value.encode(), expected.encode())
