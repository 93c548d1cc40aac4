"""Path converters: how a ``<kind:name>`` segment matches, converts and is rebuilt."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import uuid


class Converter:
    """Matches a piece of a path with ``regex`` and converts it both ways.

    ``to_python`` may raise ``ValueError`` to say "this path does not match after all"
    (the request then gets a 404). ``regex`` must not contain capturing groups.
    """

    regex: ClassVar[str] = "[^/]+"
    #: False when the value is the matched text itself, so the router can skip the call.
    converts: ClassVar[bool] = True

    def to_python(self, value: str) -> Any:
        """Turn the matched text into the value the view receives."""
        return value

    def to_url(self, value: Any) -> str:
        """Turn a value back into path text (not yet percent-encoded)."""
        return str(value)


class StringConverter(Converter):
    """Any text without a slash (the default)."""

    regex = "[^/]+"
    converts = False


class IntConverter(Converter):
    """A non-negative decimal integer."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"expected a non-negative int, got {value!r}")
        return str(value)


class SlugConverter(Converter):
    """ASCII letters, digits, hyphens and underscores."""

    regex = "[-a-zA-Z0-9_]+"
    converts = False


class UUIDConverter(Converter):
    """A UUID in its canonical 8-4-4-4-12 form, converted to :class:`uuid.UUID`."""

    regex = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def to_python(self, value: str) -> uuid.UUID:
        import uuid

        return uuid.UUID(value)

    def to_url(self, value: Any) -> str:
        import uuid

        return str(uuid.UUID(str(value)))


class PathConverter(Converter):
    """The rest of the path, slashes included."""

    regex = ".+"
    converts = False


DEFAULT_CONVERTERS: dict[str, type[Converter]] = {
    "str": StringConverter,
    "int": IntConverter,
    "slug": SlugConverter,
    "uuid": UUIDConverter,
    "path": PathConverter,
}


def check_converter(name: str, converter: type[Converter]) -> None:
    """Refuse a converter whose regex does not compile or has capturing groups."""
    if not name.isidentifier():
        raise ValueError(f"converter name {name!r} is not an identifier")
    try:
        # Compiled embedded, as the router uses it: a global flag such as (?i) fails here.
        compiled = re.compile(f"/(?:{converter.regex})/")
    except re.error as error:
        raise ValueError(f"converter {name!r} has an invalid regex: {error}") from None
    if compiled.groups:
        raise ValueError(f"converter {name!r}: use non-capturing groups (?:...) in its regex")
