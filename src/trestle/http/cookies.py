"""Cookies: parsing the ``Cookie`` header and rendering ``Set-Cookie`` with safe defaults."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from trestle.http.dates import http_date

SameSite = Literal["Lax", "Strict", "None"]

# RFC 6265 §4.1.1: cookie-octets exclude controls, whitespace, DQUOTE, comma, semicolon, backslash.
_COOKIE_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_COOKIE_VALUE = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")
# RFC 6265 §4.1.1: an attribute value is any ASCII character but a control or ";".
_ATTRIBUTE_VALUE = re.compile(r"[\x20-\x3a\x3c-\x7e]*")


def parse_cookie_header(header: str) -> dict[str, str]:
    """Parse ``a=1; b="2"`` into ``{"a": "1", "b": "2"}``; malformed pairs are skipped.

    Browsers send what they were given, so parsing is lenient: a pair without ``=`` or with
    an empty name is dropped rather than failing the whole request. The first value of a
    repeated name wins, as browsers put the most specific cookie first.
    """
    cookies: dict[str, str] = {}
    for chunk in header.split(";"):
        name, sep, value = chunk.partition("=")
        if not sep:
            continue
        name = name.strip()
        if not name or name in cookies:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        cookies[name] = value
    return cookies


def render_set_cookie(
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    expires: datetime | float | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = True,
    samesite: SameSite | None = "Lax",
    partitioned: bool = False,
) -> str:
    """Render one ``Set-Cookie`` value; anything that could break the header is refused.

    ``expires`` is a POSIX timestamp or a datetime; a naive datetime is taken as UTC.
    """
    if not _COOKIE_NAME.fullmatch(name):
        raise ValueError(f"invalid cookie name: {name!r}")
    if not _COOKIE_VALUE.fullmatch(value):
        raise ValueError(
            f"invalid characters in the value of cookie {name!r}; encode it (for example as "
            "base64url or with urllib.parse.quote) before setting it"
        )
    parts = [f"{name}={value}"]
    if max_age is not None:
        parts.append(f"Max-Age={int(max_age)}")
        if expires is None:
            # Old browsers ignore Max-Age; Expires says the same thing to them.
            expires = datetime.now(UTC).timestamp() + int(max_age)
    if expires is not None:
        if isinstance(expires, datetime):
            if expires.tzinfo is None:
                # A naive datetime is UTC here, as in HTTP, not the server's local time.
                expires = expires.replace(tzinfo=UTC)
            timestamp = expires.timestamp()
        else:
            timestamp = float(expires)
        parts.append(f"Expires={http_date(timestamp)}")
    for attribute, attribute_value in (("Path", path), ("Domain", domain)):
        if attribute_value is not None:
            if not _ATTRIBUTE_VALUE.fullmatch(attribute_value):
                raise ValueError(f"invalid cookie {attribute}: {attribute_value!r}")
            parts.append(f"{attribute}={attribute_value}")
    if samesite is not None:
        if samesite not in ("Lax", "Strict", "None"):
            raise ValueError(f"samesite must be 'Lax', 'Strict' or 'None', not {samesite!r}")
        if samesite == "None" and not secure:
            raise ValueError("SameSite=None cookies must also be Secure (browsers drop them)")
        parts.append(f"SameSite={samesite}")
    if secure:
        parts.append("Secure")
    if httponly:
        parts.append("HttpOnly")
    if partitioned:
        parts.append("Partitioned")
    return "; ".join(parts)
