"""The per-app limits and trust settings a request needs, resolved once at start-up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import ipaddress

    IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network


class RequestLimits:
    """Bounds on what a request may make the server read and keep."""

    __slots__ = (
        "max_body_size",
        "max_form_fields",
        "max_form_files",
        "max_form_part_size",
        "max_query_fields",
        "spool_size",
        "trusted_proxies",
    )
    max_body_size: int
    max_form_fields: int
    max_form_files: int
    max_form_part_size: int
    max_query_fields: int
    spool_size: int
    trusted_proxies: tuple[IPNetwork, ...]

    def __init__(
        self,
        *,
        max_body_size: int = 10 * 1024 * 1024,
        max_form_fields: int = 1000,
        max_form_files: int = 100,
        max_form_part_size: int = 1024 * 1024,
        max_query_fields: int = 1000,
        spool_size: int = 1024 * 1024,
        trusted_proxies: tuple[IPNetwork, ...] = (),
    ) -> None:
        values = locals()
        for name in self.__slots__:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("RequestLimits is immutable; build a new one")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"RequestLimits({fields})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RequestLimits):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    @staticmethod
    def parse_proxies(proxies: Iterable[str]) -> tuple[IPNetwork, ...]:
        """Parse ``["10.0.0.1", "192.168.0.0/16"]``; a bad address raises ValueError."""
        import ipaddress

        return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)

    def is_trusted_proxy(self, host: str | None) -> bool:
        """True when ``host`` is one of the proxies whose ``X-Forwarded-*`` we believe."""
        if not self.trusted_proxies or not host:
            return False
        import ipaddress

        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.trusted_proxies)


DEFAULT_LIMITS = RequestLimits()
