"""The per-app limits and trust settings a request needs, resolved once at start-up."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class RequestLimits:
    """Bounds on what a request may make the server read and keep."""

    max_body_size: int = 10 * 1024 * 1024
    max_form_fields: int = 1000
    max_form_files: int = 100
    max_form_part_size: int = 1024 * 1024
    max_query_fields: int = 1000
    spool_size: int = 1024 * 1024
    trusted_proxies: tuple[IPNetwork, ...] = field(default=())

    @staticmethod
    def parse_proxies(proxies: Iterable[str]) -> tuple[IPNetwork, ...]:
        """Parse ``["10.0.0.1", "192.168.0.0/16"]``; a bad address raises ValueError."""
        return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)

    def is_trusted_proxy(self, host: str | None) -> bool:
        """True when ``host`` is one of the proxies whose ``X-Forwarded-*`` we believe."""
        if not self.trusted_proxies or not host:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.trusted_proxies)


DEFAULT_LIMITS = RequestLimits()
