"""ALLOWED_HOSTS: which ``Host`` headers this site answers.

Links in e-mails (a password reset), redirects and absolute URLs are built from the Host the
client sent. Answering any Host lets an attacker make the site write links to their own
server (Host header poisoning), so every request's host is checked against the list.

Patterns: ``"example.com"`` (that name), ``".example.com"`` (it and every subdomain), ``"*"``
(anything well-formed, for a proxy that checks hosts itself). Ports are ignored: list
names, not ``name:port``. IPv6 addresses are written in brackets: ``"[::1]"``. With DEBUG and
an empty list, ``localhost`` (and its subdomains), ``127.0.0.1`` and ``[::1]`` are allowed;
without DEBUG an empty list refuses every request, saying so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from trestle.conf.settings import SettingsError

#: What DEBUG allows when ALLOWED_HOSTS is empty (the development server's own names).
DEBUG_HOSTS = (".localhost", "127.0.0.1", "[::1]")

# A registered name or IPv4 address (letters, digits, dots, hyphens), or an IPv6 literal,
# then an optional port. Anything else (spaces, slashes, "@", control characters) is not a host.
_HOST = re.compile(r"(?P<name>[a-z0-9.\-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::(?P<port>[0-9]{1,5}))?")
_PATTERN = re.compile(r"\*|\.?[a-z0-9.\-]+|\[[a-f0-9]*:[a-f0-9.:]+\]")
#: How many allowed hosts are remembered, so the regex runs once per host, not per request.
_CACHE_SIZE = 64


def split_host(host: str) -> str | None:
    """The host name of a ``Host`` value, lower-cased, without port or final dot; None if bad."""
    match = _HOST.fullmatch(host.lower())
    if match is None:
        return None
    port = match.group("port")
    if port is not None and int(port) > 65535:
        return None
    name = match.group("name")
    if name.endswith("."):
        name = name[:-1]
    return name or None


class AllowedHosts:
    """The compiled ALLOWED_HOSTS; :meth:`allows` answers for one ``Host`` value."""

    def __init__(self, patterns: Iterable[str], *, debug: bool = False) -> None:
        patterns = list(patterns)
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise SettingsError("ALLOWED_HOSTS must be a list of host names")
        #: True when nothing was listed and DEBUG is off: every host is refused.
        self.refuses_all = not patterns and not debug
        if not patterns and debug:
            patterns = list(DEBUG_HOSTS)
        exact: set[str] = set()
        suffixes: list[str] = []
        self.any = False
        for raw in patterns:
            pattern = raw.strip().lower()
            if not _PATTERN.fullmatch(pattern):
                hint = (
                    "; list names without ports (any port is accepted)"
                    if ":" in pattern and not pattern.startswith("[")
                    else ""
                )
                raise SettingsError(f"ALLOWED_HOSTS: {raw!r} is not a host name pattern{hint}")
            if pattern == "*":
                self.any = True
            elif pattern.startswith("."):
                exact.add(pattern[1:])
                suffixes.append(pattern)
            else:
                exact.add(pattern.rstrip("."))
        self._exact = frozenset(exact)
        self._suffixes = tuple(suffixes)
        self._known: dict[str, bool] = {}

    def allows(self, host: str) -> bool:
        """True when ``host`` (a Host header, maybe with a port) is well-formed and listed."""
        # PERF: an allowed host is looked up in a dict; the regex ran the first time.
        known = self._known.get(host)
        if known is not None:
            return known
        name = split_host(host)
        allowed = name is not None and (
            self.any or name in self._exact or name.endswith(self._suffixes)
        )
        if allowed and len(self._known) < _CACHE_SIZE:
            # Only allowed hosts are kept: a client sending made-up hosts cannot grow this.
            self._known[host] = True
        return allowed
