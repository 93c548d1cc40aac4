"""Safe ``next=`` redirects: only to this site, never to a URL an attacker chose.

A login page that sends the user on to ``?next=...`` is an open redirect unless it checks
the target. Browsers are lenient: they read ``/\\evil.test`` and ``//evil.test`` as another
host, drop tabs and newlines inside URLs, and run ``javascript:`` URLs. So the check is
strict: a path on this site (one leading ``/`` not followed by ``/`` or ``\\``), or an
absolute ``http(s)`` URL to this very host; nothing with control characters, spaces or
backslashes before the path.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = ["is_safe_redirect", "safe_redirect"]


def _has_unsafe_characters(url: str) -> bool:
    # Browsers strip C0 controls, DEL and spaces around a URL and tabs/newlines inside it,
    # so "/\t/evil.test" becomes "//evil.test": refuse them all.
    return any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url)


def is_safe_redirect(
    url: object, *, allowed_hosts: Iterable[str] = (), require_https: bool = False
) -> bool:
    """Whether redirecting to ``url`` keeps the user on this site.

    ``allowed_hosts`` are the hosts (with port, if any) an absolute URL may name, usually
    just the request's own host; ``require_https`` refuses ``http://`` URLs on a secure site.
    """
    if not isinstance(url, str) or not url or len(url) > 2048:
        return False
    if _has_unsafe_characters(url):
        return False
    if url.startswith("/"):
        # "//host" and "/\host" are other hosts to a browser; a plain path is ours.
        return len(url) == 1 or url[1] not in "/\\"
    if "\\" in url.partition("?")[0].partition("#")[0]:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if not parts.scheme:
        # A relative path ("profile", "?tab=2"): stays on this site unless it smuggles a host.
        return not parts.netloc and not url.startswith(("\\", ":"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        # javascript:, data:, and "https:evil.test" (a scheme without "//host").
        return False
    if require_https and parts.scheme != "https":
        return False
    if parts.username is not None or parts.password is not None:
        return False
    host = parts.netloc.lower()
    return any(host == allowed.lower() for allowed in allowed_hosts)


def safe_redirect(
    url: object,
    fallback: str,
    *,
    allowed_hosts: Iterable[str] = (),
    require_https: bool = False,
) -> str:
    """``url`` when :func:`is_safe_redirect` accepts it, else ``fallback``."""
    if is_safe_redirect(url, allowed_hosts=allowed_hosts, require_https=require_https):
        return url  # type: ignore[return-value]
    return fallback
