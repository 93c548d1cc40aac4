"""Route patterns: parsing ``/posts/<int:id>/`` into literal text and typed parameters."""

from __future__ import annotations

import re
from typing import Any

from trestle.routing.converters import Converter

#: What stays unescaped in the literal text of a built path (RFC 3986 pchar and '/').
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_PARAMETER = re.compile(r"<(?:(?P<kind>[^<>:]+):)?(?P<name>[^<>:]+)>")


class RouteError(ValueError):
    """A route that cannot be registered: bad syntax, unknown converter, duplicate or conflict."""


class URLBuildError(LookupError):
    """``url_for`` cannot build a URL: unknown name, missing or invalid parameter."""


class _Value:
    """A small immutable record: fields in ``__slots__``, compared and shown by value.

    PERF: plain classes rather than dataclasses, which would cost ``import trestle`` the
    import of dataclasses and inspect.
    """

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Value) or type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Parameter(_Value):
    """A ``<kind:name>`` segment of a pattern."""

    __slots__ = ("converter", "kind", "name")
    name: str
    kind: str
    converter: Converter

    def __init__(self, name: str, kind: str, converter: Converter) -> None:
        set_field = object.__setattr__
        set_field(self, "name", name)
        set_field(self, "kind", kind)
        set_field(self, "converter", converter)


class Pattern(_Value):
    """A parsed route pattern: alternating literal text and parameters."""

    __slots__ = ("parts", "text")
    text: str
    parts: tuple[str | Parameter, ...]

    def __init__(self, text: str, parts: tuple[str | Parameter, ...]) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "parts", parts)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The parameters, in order."""
        return tuple(part for part in self.parts if isinstance(part, Parameter))

    @property
    def is_static(self) -> bool:
        """True when the pattern has no parameters (looked up in a dict, not matched)."""
        return all(isinstance(part, str) for part in self.parts)

    @property
    def shape(self) -> str:
        """The pattern with parameter names erased: two routes with one shape would collide."""
        return "".join(p if isinstance(p, str) else f"<{p.kind}>" for p in self.parts)

    def regex(self) -> str:
        """A regex source that matches this pattern, one capturing group per parameter."""
        return "".join(
            re.escape(p) if isinstance(p, str) else f"({p.converter.regex})" for p in self.parts
        )

    def build(self, params: dict[str, Any]) -> str:
        """Fill the parameters in, percent-encoding each value."""
        from urllib.parse import quote

        pieces = []
        for part in self.parts:
            if isinstance(part, str):
                # Patterns are written decoded ("/café/"), so their literal text is escaped too.
                pieces.append(quote(part, safe=_PATH_SAFE))
                continue
            if part.name not in params:
                raise URLBuildError(f"missing parameter {part.name!r} for {self.text!r}")
            try:
                text = part.converter.to_url(params[part.name])
            except (TypeError, ValueError) as error:
                raise URLBuildError(
                    f"bad value for {part.name!r} in {self.text!r}: {error}"
                ) from None
            if not text or not re.fullmatch(part.converter.regex, text):
                slot = f"<{part.kind}:{part.name}>"
                raise URLBuildError(f"{params[part.name]!r} does not match {slot} in {self.text!r}")
            pieces.append(quote(text, safe="/" if part.kind == "path" else ""))
        return "".join(pieces)


def parse_pattern(text: str, converters: dict[str, Converter]) -> Pattern:
    """Parse ``text``; unknown converters, bad names and repeated names raise RouteError."""
    if not text.startswith("/"):
        raise RouteError(f"route {text!r} must start with '/'")
    parts: list[str | Parameter] = []
    seen: set[str] = set()
    position = 0
    for match in _PARAMETER.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        kind = (match.group("kind") or "str").strip()
        name = match.group("name").strip()
        if not name.isidentifier():
            raise RouteError(f"route {text!r}: parameter name {name!r} is not an identifier")
        if name in seen:
            raise RouteError(f"route {text!r}: parameter {name!r} appears twice")
        if kind not in converters:
            known = ", ".join(sorted(converters))
            raise RouteError(f"route {text!r}: unknown converter {kind!r} (known: {known})")
        seen.add(name)
        parts.append(Parameter(name, kind, converters[kind]))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    for part in parts:
        if isinstance(part, str) and ("<" in part or ">" in part):
            raise RouteError(f"route {text!r}: unbalanced '<' or '>'")
    return Pattern(text, tuple(parts))
