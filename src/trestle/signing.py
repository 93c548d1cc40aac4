"""Signed values: what the server hands out and must recognise unchanged when it comes back.

Session cookies, flash messages, CSRF tokens and password-reset links are signed with HMAC-SHA256
under a key derived from ``SECRET_KEY`` and a *salt* naming the purpose, so a value signed for
one purpose is never accepted for another. Old keys listed in ``SECRET_KEY_FALLBACKS`` still
verify (key rotation); new values are always signed with the current key.

A token is ``payload.timestamp.signature``, all URL-safe: the payload is base64url text (or
compressed JSON, marked ``~``, with :func:`dumps`), the timestamp base64url seconds since the
epoch. Tokens carry no secret: anyone can read the payload. Sign what must not be forged; do
not sign what must stay private.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable
from typing import Any

__all__ = ["BadSignature", "Serializer", "SignatureExpired", "Signer", "dumps", "loads"]

_SEPARATOR = "."
#: Marks a compressed payload; not in the base64url alphabet, so never ambiguous.
_COMPRESSED = "~"


class BadSignature(ValueError):
    """A token that was not signed by this server for this purpose, or was changed."""


class SignatureExpired(BadSignature):
    """A well-signed token older than the age it may have."""

    def __init__(self, message: str, age: float) -> None:
        super().__init__(message)
        self.age = age


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise BadSignature("malformed token") from None


def _int_to_b64(value: int) -> str:
    return _b64encode(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))


def _b64_to_int(text: str) -> int:
    return int.from_bytes(_b64decode(text), "big")


def _as_bytes(key: str | bytes) -> bytes:
    return key.encode() if isinstance(key, str) else key


class Signer:
    """Signs and verifies text for one purpose (the ``salt``), with timestamps."""

    __slots__ = ("_keys", "salt")

    def __init__(
        self, key: str | bytes, *, salt: str, fallback_keys: Iterable[str | bytes] = ()
    ) -> None:
        if not key:
            raise ValueError(
                "signing needs a SECRET_KEY: set it in the settings or the SECRET_KEY "
                "environment variable"
            )
        if not salt:
            raise ValueError("a Signer needs a salt naming what it signs")
        self.salt = salt
        # PERF: one derived key per secret, computed here, not per signature.
        self._keys = tuple(
            hmac.new(_as_bytes(k), b"trestle.signing:" + salt.encode(), hashlib.sha256).digest()
            for k in (key, *fallback_keys)
            if k
        )

    def _signature(self, key: bytes, message: str) -> str:
        return _b64encode(hmac.new(key, message.encode(), hashlib.sha256).digest())

    def sign(self, value: str, *, timestamp: float | None = None) -> str:
        """``value`` (URL-safe text, no ``.``) with a timestamp and a signature appended."""
        if _SEPARATOR in value:
            raise ValueError("a signed value may not contain '.'; encode it first (see dumps)")
        stamp = _int_to_b64(int(time.time() if timestamp is None else timestamp))
        message = f"{value}{_SEPARATOR}{stamp}"
        return f"{message}{_SEPARATOR}{self._signature(self._keys[0], message)}"

    def unsign(self, token: str, *, max_age: float | None = None) -> str:
        """The value of a token this signer made; :class:`BadSignature` otherwise.

        ``max_age`` (seconds): :class:`SignatureExpired` for an older token.
        """
        if not isinstance(token, str):
            raise BadSignature("a token is text")
        message, separator, signature = token.rpartition(_SEPARATOR)
        value, separator2, stamp = message.rpartition(_SEPARATOR)
        if not separator or not separator2 or not stamp:
            raise BadSignature("malformed token")
        if not any(
            hmac.compare_digest(signature, self._signature(key, message)) for key in self._keys
        ):
            raise BadSignature("signature does not match")
        if max_age is not None:
            age = time.time() - _b64_to_int(stamp)
            if age > max_age:
                raise SignatureExpired(f"token is {age:.0f} s old, more than {max_age} s", age)
        return value

    def timestamp(self, token: str) -> int:
        """When a (verified) token was signed, in seconds since the epoch."""
        self.unsign(token)
        return _b64_to_int(token.rsplit(_SEPARATOR, 2)[1])


class Serializer:
    """Signed JSON tokens for one purpose; keep one per purpose (its keys are derived once)."""

    __slots__ = ("compress", "signer")

    def __init__(
        self,
        key: str | bytes,
        *,
        salt: str,
        fallback_keys: Iterable[str | bytes] = (),
        compress: bool = True,
    ) -> None:
        self.signer = Signer(key, salt=salt, fallback_keys=fallback_keys)
        self.compress = compress

    def dumps(self, data: Any) -> str:
        """``data`` as JSON in a signed, URL-safe token; zlib-compressed when that is shorter."""
        import orjson

        payload = orjson.dumps(data)
        prefix = ""
        if self.compress and len(payload) > 64:
            import zlib

            packed = zlib.compress(payload, 6)
            if len(packed) < len(payload) - 1:
                payload, prefix = packed, _COMPRESSED
        return self.signer.sign(prefix + _b64encode(payload))

    def loads(self, token: str, *, max_age: float | None = None) -> Any:
        """The data of a token made by :meth:`dumps`; :class:`BadSignature` if it was forged."""
        import orjson

        text = self.signer.unsign(token, max_age=max_age)
        compressed = text.startswith(_COMPRESSED)
        payload = _b64decode(text[1:] if compressed else text)
        if compressed:
            import zlib

            try:
                # Bounded: a signed token is ours, but cap what a decompression may produce.
                inflater = zlib.decompressobj()
                payload = inflater.decompress(payload, 16 * 1024 * 1024)
                if inflater.unconsumed_tail:
                    raise BadSignature("token payload too large")
            except zlib.error:
                raise BadSignature("malformed token") from None
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            raise BadSignature("malformed token") from None


def dumps(
    data: Any,
    *,
    key: str | bytes,
    salt: str,
    fallback_keys: Iterable[str | bytes] = (),
    compress: bool = True,
) -> str:
    """``data`` in a signed token (one-off; a :class:`Serializer` is faster when reused)."""
    return Serializer(key, salt=salt, fallback_keys=fallback_keys, compress=compress).dumps(data)


def loads(
    token: str,
    *,
    key: str | bytes,
    salt: str,
    fallback_keys: Iterable[str | bytes] = (),
    max_age: float | None = None,
) -> Any:
    """The data of a token made by :func:`dumps` (one-off; see :class:`Serializer`)."""
    return Serializer(key, salt=salt, fallback_keys=fallback_keys).loads(token, max_age=max_age)
