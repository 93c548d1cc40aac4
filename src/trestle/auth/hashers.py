"""Password hashing: argon2id (argon2-cffi) with OWASP's parameters, and rehashing on upgrade.

A stored password is argon2's own PHC string (``$argon2id$v=19$m=19456,t=2,p=1$salt$hash``),
so the parameters it was made with travel with it: when the settings raise them, the next
successful login rehashes the password (:meth:`PasswordHasher.verify_and_update`).

An account without a usable password (made by ``createsuperuser --noinput`` without one, or
locked by an administrator) stores ``!`` followed by random text: no password matches it.
"""

from __future__ import annotations

import contextlib
import secrets
from typing import Any

__all__ = [
    "UNUSABLE_PASSWORD_PREFIX",
    "PasswordHasher",
    "is_password_usable",
    "make_unusable_password",
]

#: Marks a stored password that no input can match.
UNUSABLE_PASSWORD_PREFIX = "!"

# OWASP Password Storage Cheat Sheet: argon2id with m=19 MiB, t=2, p=1 (the first of its
# equally strong configurations). Raise them with the PASSWORD_ARGON2_* settings.
DEFAULT_TIME_COST = 2
DEFAULT_MEMORY_COST = 19 * 1024
DEFAULT_PARALLELISM = 1


def make_unusable_password() -> str:
    """A stored value that no password matches (for accounts that log in another way)."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def is_password_usable(encoded: str | None) -> bool:
    """Whether ``encoded`` is a hash some password could match."""
    return bool(encoded) and not encoded.startswith(UNUSABLE_PASSWORD_PREFIX)  # type: ignore[union-attr]


class PasswordHasher:
    """Hashes and checks passwords with argon2id; one instance per app, made at start-up."""

    __slots__ = ("_dummy", "_hasher", "memory_cost", "parallelism", "time_cost")

    def __init__(
        self,
        *,
        time_cost: int = DEFAULT_TIME_COST,
        memory_cost: int = DEFAULT_MEMORY_COST,
        parallelism: int = DEFAULT_PARALLELISM,
    ) -> None:
        import argon2

        if time_cost < 1 or parallelism < 1 or memory_cost < 8 * parallelism:
            raise ValueError(
                "argon2 needs time_cost >= 1, parallelism >= 1 and memory_cost (KiB) >= "
                f"8 x parallelism; got t={time_cost}, m={memory_cost}, p={parallelism}"
            )
        self.time_cost = time_cost
        self.memory_cost = memory_cost
        self.parallelism = parallelism
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=argon2.Type.ID,
        )
        self._dummy: str | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> PasswordHasher:
        """The hasher the ``PASSWORD_ARGON2_*`` settings describe."""
        return cls(
            time_cost=settings.PASSWORD_ARGON2_TIME_COST,
            memory_cost=settings.PASSWORD_ARGON2_MEMORY_COST,
            parallelism=settings.PASSWORD_ARGON2_PARALLELISM,
        )

    def hash(self, password: str) -> str:
        """A new salted hash of ``password``."""
        if not isinstance(password, str):
            raise TypeError("a password is text")
        return self._hasher.hash(password)

    def verify(self, encoded: str | None, password: str) -> bool:
        """Whether ``password`` matches ``encoded``; False for unusable or malformed hashes."""
        from argon2.exceptions import InvalidHashError, VerificationError

        if not isinstance(password, str):
            return False  # type: ignore[unreachable]
        if not is_password_usable(encoded):
            # Spend the same time as a real check, so the answer's timing does not tell
            # an account without a password from one with a wrong password.
            self.dummy_verify(password)
            return False
        try:
            return self._hasher.verify(encoded, password)  # type: ignore[arg-type]
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, encoded: str) -> bool:
        """Whether ``encoded`` was made with other parameters than this hasher's."""
        from argon2.exceptions import InvalidHashError

        if not is_password_usable(encoded):
            return False
        try:
            return self._hasher.check_needs_rehash(encoded)
        except InvalidHashError:
            return True

    def verify_and_update(self, encoded: str | None, password: str) -> tuple[bool, str | None]:
        """``(matches, new_hash)``: ``new_hash`` is set when a match used old parameters."""
        if not self.verify(encoded, password):
            return False, None
        if self.needs_rehash(encoded):  # type: ignore[arg-type]
            return True, self.hash(password)
        return True, None

    def dummy_verify(self, password: str) -> None:
        """Check ``password`` against a throwaway hash: for unknown users, so that the time
        an answer takes does not reveal whether the account exists."""
        from argon2.exceptions import VerificationError

        if self._dummy is None:
            self._dummy = self.hash(secrets.token_urlsafe(16))
        with contextlib.suppress(VerificationError):
            self._hasher.verify(self._dummy, password if isinstance(password, str) else "")

    def __repr__(self) -> str:
        return (
            f"<PasswordHasher argon2id t={self.time_cost} m={self.memory_cost} "
            f"p={self.parallelism}>"
        )
