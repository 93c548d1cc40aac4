"""Content negotiation: which of the media types a view can send the client prefers (RFC 9110).

``Accept: text/html, application/json;q=0.9, */*;q=0.1`` lists media ranges, each with an
optional weight ``q`` between 0 and 1 (1 when absent). An offered type gets the weight of the
most specific range that matches it: ``text/html;level=1`` over ``text/html`` over ``text/*``
over ``*/*`` (RFC 9110 §12.5.1). A weight of 0 means "not acceptable". No ``Accept`` header
means anything is acceptable.

Parsing is lenient, as clients are: a range that cannot be read (``text``, ``*/json``,
``q=high``) is skipped, never an error. A header with nothing readable left counts as absent.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

#: A header longer than this is parsed but not kept in the cache (real ones are < 300 bytes).
_CACHEABLE_LENGTH = 1024
#: At most this many ranges are read from one header; the rest are ignored.
MAX_RANGES = 64

#: RFC 9110 §5.6.2 tchar.
_TOKEN_CHARS = frozenset("!#$%&'*+-.^_`|~" + string.ascii_letters + string.digits)


class MediaRange(NamedTuple):
    """One ``type/subtype;params;q=...`` element of an ``Accept`` header (lower-cased)."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    quality: float

    @property
    def specificity(self) -> int:
        """How precise the range is: ``*/*`` 0, ``text/*`` 1, ``text/html`` 2, more with params."""
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 2 + len(self.params)

    def matches(self, media_type: MediaType) -> bool:
        """True when ``media_type`` falls in this range."""
        if self.type != "*" and self.type != media_type.type:
            return False
        if self.subtype != "*" and self.subtype != media_type.subtype:
            return False
        # Every parameter of the range must be on the offered type, with the same value.
        return all(param in media_type.params for param in self.params)

    def __str__(self) -> str:
        params = "".join(f";{name}={value}" for name, value in self.params)
        return f"{self.type}/{self.subtype}{params};q={self.quality:g}"


class MediaType(NamedTuple):
    """A concrete media type a server offers, such as ``application/json``."""

    type: str
    subtype: str
    params: frozenset[tuple[str, str]]


def _is_token(text: str) -> bool:
    return bool(text) and all(char in _TOKEN_CHARS for char in text)


def _parse_quality(value: str) -> float | None:
    # RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    whole, dot, fraction = value.partition(".")
    if whole not in ("0", "1") or len(fraction) > 3 or (fraction and not fraction.isdigit()):
        return None
    if not fraction.isascii():
        return None
    quality = float(value) if dot else float(whole)
    return quality if quality <= 1.0 else None


def _parse_range(element: str) -> MediaRange | None:
    media, *raw_params = element.split(";")
    kind, slash, subtype = media.strip().lower().partition("/")
    if not slash or not _is_token(kind) or not _is_token(subtype):
        return None
    if kind == "*" and subtype != "*":
        return None
    params: list[tuple[str, str]] = []
    quality = 1.0
    for raw in raw_params:
        name, equals, value = raw.strip().partition("=")
        name = name.strip().lower()
        value = value.strip()
        if not equals or not _is_token(name):
            return None
        if name == "q":
            parsed = _parse_quality(value)
            if parsed is None:
                return None
            quality = parsed
            # Parameters after the weight are accept-extensions, not part of the range.
            break
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        params.append((name, value.lower() if name == "charset" else value))
    return MediaRange(kind, subtype, tuple(params), quality)


def _parse(header: str) -> tuple[MediaRange, ...]:
    ranges: list[MediaRange] = []
    for element in header.split(",", MAX_RANGES)[:MAX_RANGES]:
        if element.strip():
            parsed = _parse_range(element)
            if parsed is not None:
                ranges.append(parsed)
    # Most specific first: the first range that matches an offer is the one that decides.
    ranges.sort(key=lambda media_range: -media_range.specificity)
    return tuple(ranges)


_parse_cached = lru_cache(maxsize=256)(_parse)


def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """The ranges of an ``Accept`` header, most specific first; ``()`` when absent or unreadable.

    PERF: clients send the same few headers again and again, so results are cached by the
    header's text (short headers only, so the cache stays small).
    """
    if not header:
        return ()
    if len(header) > _CACHEABLE_LENGTH:
        return _parse(header)
    return _parse_cached(header)


@lru_cache(maxsize=256)
def parse_media_type(media_type: str) -> MediaType:
    """Parse an offered type such as ``"text/html; charset=utf-8"``; ValueError if not concrete."""
    media, *raw_params = media_type.split(";")
    kind, slash, subtype = media.strip().lower().partition("/")
    if not slash or not _is_token(kind) or not _is_token(subtype) or "*" in (kind, subtype):
        raise ValueError(f"{media_type!r} is not a media type such as 'application/json'")
    params = set()
    for raw in raw_params:
        name, equals, value = raw.strip().partition("=")
        name = name.strip().lower()
        if not equals or not _is_token(name):
            raise ValueError(f"{media_type!r} has a malformed parameter {raw!r}")
        value = value.strip().strip('"')
        params.add((name, value.lower() if name == "charset" else value))
    return MediaType(kind, subtype, frozenset(params))


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """How much the client wants ``media_type``: the weight of the most specific matching range."""
    if not ranges:
        return 1.0
    offered = parse_media_type(media_type)
    for media_range in ranges:
        if media_range.matches(offered):
            return media_range.quality
    return 0.0


def best_match(ranges: Sequence[MediaRange], offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or ``None`` when it accepts none of them.

    Ties in weight go to the offer matched by the more specific range, then to the offer
    listed first (the server's own preference).
    """
    if not offers:
        return None
    if not ranges:
        for offer in offers:
            parse_media_type(offer)  # an invalid offer is a programming error: always reported
        return offers[0]
    best: str | None = None
    best_key = (0.0, -1)
    for offer in offers:
        offered = parse_media_type(offer)
        for media_range in ranges:
            if media_range.matches(offered):
                key = (media_range.quality, media_range.specificity)
                if media_range.quality > 0 and key > best_key:
                    best, best_key = offer, key
                break
    return best
