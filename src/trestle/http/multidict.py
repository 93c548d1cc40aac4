"""MultiDict: a mapping where a key may carry several values (query strings, forms, files)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Generic, TypeVar, overload

V = TypeVar("V")
D = TypeVar("D")


class MultiDict(Mapping[str, V], Generic[V]):
    """An immutable multi-valued mapping: ``md[key]`` is the last value, ``getlist`` all of them.

    The last value wins, as in Django's QueryDict and in FastAPI/Starlette, so ``?page=1&page=2``
    reads as page 2; ``getlist("page")`` gives both in order.
    """

    __slots__ = ("_items", "_last")

    def __init__(self, items: Iterable[tuple[str, V]] = ()) -> None:
        self._items: list[tuple[str, V]] = list(items)
        # PERF: a dict of the last values makes `md[key]` a single C lookup.
        self._last: dict[str, V] = dict(self._items)

    def __getitem__(self, key: str) -> V:
        return self._last[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._last)

    def __len__(self) -> int:
        return len(self._last)

    def __contains__(self, key: object) -> bool:
        return key in self._last

    @overload
    def get(self, key: str, /) -> V | None: ...
    @overload
    def get(self, key: str, /, default: V | D) -> V | D: ...
    def get(self, key: str, /, default: object = None) -> object:
        """The last value for ``key``, or ``default``."""
        return self._last.get(key, default)

    def getlist(self, key: str) -> list[V]:
        """Every value for ``key``, in the order received (``[]`` when absent)."""
        return [value for name, value in self._items if name == key]

    def multi_items(self) -> list[tuple[str, V]]:
        """Every ``(key, value)`` pair, repeated keys included, in order."""
        return list(self._items)

    def to_dict(self) -> dict[str, V | list[V]]:
        """A plain dict: single values as themselves, repeated keys as lists."""
        result: dict[str, V | list[V]] = {}
        for key in self._last:
            values = self.getlist(key)
            result[key] = values[0] if len(values) == 1 else values
        return result

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MultiDict):
            return self._items == other._items
        if isinstance(other, Mapping):
            return dict(self._last) == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"
