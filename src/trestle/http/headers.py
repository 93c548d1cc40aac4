"""Header collections: read-only request headers and validated, mutable response headers.

Header names compare case-insensitively. A name or value that could split a header
(CR, LF or NUL), or that no server can send (another control character, a character
outside latin-1), is refused when it is set, so it can never be emitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, MutableMapping

# RFC 9110 §5.6.2 token characters.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# CR, LF and NUL split headers; granian (the http crate) refuses the other controls but HTAB
# when sending, too late for the view to see it; latin-1 is all WSGI and ASGI can carry.
_FORBIDDEN_IN_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]")


class HeaderError(ValueError):
    """A header name or value that is not allowed (it would let a header be injected)."""


def check_header(name: str, value: str) -> None:
    """Raise :class:`HeaderError` unless ``name: value`` is safe to emit."""
    if not isinstance(name, str) or not _TOKEN.fullmatch(name):
        raise HeaderError(f"invalid header name: {name!r}")
    if not isinstance(value, str):
        raise HeaderError(f"header {name} must be a str, not {type(value).__name__}")
    if _FORBIDDEN_IN_VALUE.search(value):
        raise HeaderError(
            f"header {name} contains CR, LF, NUL, another control character or a character "
            f"outside latin-1: {value!r}"
        )


class Headers(Mapping[str, str]):
    """Request headers: read-only and case-insensitive; repeated headers join with ``", "``.

    ``Cookie`` is the exception: its lines join with ``"; "``, as HTTP/2 requires.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        # Names are stored lower-cased once, so lookups need no case folding per item.
        self._items: list[tuple[str, str]] = [(name.lower(), value) for name, value in items]

    @classmethod
    def _from_lowercase(cls, items: list[tuple[str, str]]) -> Headers:
        """Wrap pairs whose names are already lower-case (the adapters build these)."""
        headers = cls.__new__(cls)
        headers._items = items
        return headers

    def __getitem__(self, name: str) -> str:
        name = name.lower()
        values = [value for key, value in self._items if key == name]
        if not values:
            raise KeyError(name)
        if len(values) == 1:
            return values[0]
        # RFC 9113 §8.2.3: HTTP/2 may split Cookie into several lines, rejoined with "; ".
        return ("; " if name == "cookie" else ", ").join(values)

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The header's value (repeats joined with ``", "``), or ``default``."""
        try:
            return self[name]
        except KeyError:
            return default

    def getlist(self, name: str) -> list[str]:
        """Each value of a repeated header, in order."""
        name = name.lower()
        return [value for key, value in self._items if key == name]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        name = name.lower()
        return any(key == name for key, _ in self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key for key, _ in self._items))

    def __len__(self) -> int:
        return len(dict.fromkeys(key for key, _ in self._items))

    def raw(self) -> list[tuple[str, str]]:
        """The pairs as received (names lower-cased), repeats kept."""
        return list(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


class MutableHeaders(MutableMapping[str, str]):
    """Response headers: a validated view over the response's ``(name, value)`` list."""

    __slots__ = ("_items",)

    def __init__(self, items: list[tuple[str, str]] | None = None) -> None:
        self._items: list[tuple[str, str]] = [] if items is None else items

    def __getitem__(self, name: str) -> str:
        lowered = name.lower()
        for key, value in self._items:
            if key.lower() == lowered:
                return value
        raise KeyError(name)

    def __setitem__(self, name: str, value: str) -> None:
        """Replace every value of ``name`` with ``value``."""
        check_header(name, value)
        lowered = name.lower()
        self._items[:] = [(k, v) for k, v in self._items if k.lower() != lowered]
        self._items.append((name, value))

    def __delitem__(self, name: str) -> None:
        lowered = name.lower()
        kept = [(k, v) for k, v in self._items if k.lower() != lowered]
        if len(kept) == len(self._items):
            raise KeyError(name)
        self._items[:] = kept

    def add(self, name: str, value: str) -> None:
        """Append a value, keeping existing ones (for headers such as ``Vary`` or ``Link``)."""
        check_header(name, value)
        self._items.append((name, value))

    def getlist(self, name: str) -> list[str]:
        """Every value of ``name``, in order."""
        lowered = name.lower()
        return [v for k, v in self._items if k.lower() == lowered]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        lowered = name.lower()
        return any(k.lower() == lowered for k, _ in self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(k.lower() for k, _ in self._items))

    def __len__(self) -> int:
        return len(dict.fromkeys(k.lower() for k, _ in self._items))

    def update_from(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Set each header of ``headers``, replacing existing values."""
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        for name, value in pairs:
            self[name] = value

    def raw(self) -> list[tuple[str, str]]:
        """The pairs as they will be sent."""
        return list(self._items)

    def __repr__(self) -> str:
        return f"MutableHeaders({self._items!r})"
