"""FileResponse: a file from disk, streamed in chunks, with conditional and range requests.

The file is looked at once, when the response is made: one ``stat()`` gives the headers
(``Content-Length``, ``Last-Modified``, ``ETag``). The pipeline then calls
:meth:`FileResponse.prepare`, which reads the request's validators and ``Range`` (RFC 9110
§13 and §14) and may answer 304, 412, 206 or 416 instead. The file itself is opened only when
the body is iterated, so a HEAD, a 304 or a response that is never sent holds no descriptor.
"""

from __future__ import annotations

import copy
import errno
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterator, Mapping

from trestle.http.dates import http_date, parse_http_date
from trestle.http.exceptions import NotFound, PreconditionFailed, RangeNotSatisfiable
from trestle.http.headers import HeaderError, MutableHeaders
from trestle.http.request import Request
from trestle.http.response import HeadersInit, Response, StreamingResponse

DEFAULT_CHUNK_SIZE = 64 * 1024

# Headers a caller may pass to replace the ones computed from the file (a custom ETag, say);
# the conditional requests are then judged against what is actually sent.
_REPLACEABLE = frozenset(
    {"content-type", "etag", "last-modified", "accept-ranges", "content-disposition"}
)
# Headers that describe a body; a 304 has none (RFC 9110 §15.4.5).
_BODY_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-range",
    }
)
# ``mimetypes`` reports "x.tar.gz" as a tar with a gzip *encoding*; labelling it
# application/x-tar would make a browser expect the tar itself, so name the compressor.
_COMPRESSED_TYPES = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "compress": "application/x-compress",
    "br": "application/x-brotli",
}
_ENTITY_TAG = re.compile(r'(W/)?("[^"]*")')
_RANGE_SPEC = re.compile(r"([0-9]*)-([0-9]*)")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# RFC 5987 attr-char, beyond the letters, digits and "_.-~" that quote() always keeps.
_ATTR_CHARS = "!#$&+^`|"
# A position with more digits than this is past the end of any file.
_MAX_DIGITS = 20
_NOT_FOUND_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP})
_GET_OR_HEAD = ("GET", "HEAD")


class FileResponse(StreamingResponse):
    """A file from disk, streamed in chunks; answers conditional and single-range requests.

    ``filename`` adds ``Content-Disposition: attachment`` (``inline`` when ``inline=True``);
    without it no ``Content-Disposition`` is sent. The media type is guessed from
    ``filename``, then from ``path``, unless ``media_type`` is given. A missing path, or one
    that is not a regular file, raises :class:`~trestle.http.exceptions.NotFound`.

    A ``Range`` asking for several ranges is answered with the whole file (200), which
    RFC 9110 §14.2 allows; one range gets a 206, an unsatisfiable one a 416, and a
    malformed ``Range`` header is ignored.
    """

    __slots__ = ("_chunk_size", "_mtime_ns", "_path", "_size")

    needs_request = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        status_code: int = 200,
        headers: HeadersInit = None,
        media_type: str | None = None,
        filename: str | None = None,
        inline: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> None:
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be positive, not {chunk_size}")
        self._path = os.fspath(path)
        self._chunk_size = chunk_size
        info = _stat_regular_file(self._path)
        self._size = info.st_size
        self._mtime_ns = info.st_mtime_ns
        if media_type is None:
            media_type = (filename and _guess_media_type(filename)) or _guess_media_type(self._path)
        super().__init__(
            _FileChunks(self._path, 0, self._size, chunk_size, self._size, self._mtime_ns),
            status_code,
            None,
            media_type or "application/octet-stream",
        )
        # HTTP dates have whole seconds: compare validators at that resolution too.
        modified = self._mtime_ns // 1_000_000_000
        # Any rewrite changes the size or the nanosecond mtime in practice, which is what a
        # strong tag (one that ranges may rely on) needs.
        etag = f'"{self._size:x}-{self._mtime_ns:x}"'
        # PERF: these values are made here and need no validation.
        self._headers += [
            ("Content-Length", str(self._size)),
            ("Last-Modified", http_date(modified)),
            ("ETag", etag),
            ("Accept-Ranges", "bytes"),
        ]
        if filename is not None:
            self._headers.append(("Content-Disposition", content_disposition(filename, inline)))
        if headers:
            pairs = list(headers.items() if isinstance(headers, Mapping) else headers)
            view = MutableHeaders(self._headers)
            for name, value in pairs:
                if name.lower() in _REPLACEABLE:
                    view[name] = value
            self._add_headers([pair for pair in pairs if pair[0].lower() not in _REPLACEABLE])

    def prepare(self, request: Request) -> Response:
        """Answer 304 or 412 from the validators, 206 or 416 from ``Range``, else send all."""
        # RFC 9110 §13.2.1: preconditions only apply where the answer would be a 2xx.
        if not 200 <= self.status_code < 300:
            return self
        method = request.method
        header = request._header
        # Validators are read from the headers about to be sent: the caller may have
        # replaced the ones computed from the file (``headers=`` or ``response.headers``).
        etag = MutableHeaders(self._headers).get("etag")
        # RFC 9110 §13.2.2 fixes the order: If-Match, If-Unmodified-Since, If-None-Match,
        # If-Modified-Since, then If-Range.
        if_match = header("if-match")
        if if_match is not None:
            if not _etag_in(if_match, etag, weak=False):
                raise PreconditionFailed()
        else:
            unmodified_since = parse_http_date(header("if-unmodified-since"))
            if unmodified_since is not None:
                last_modified = self._last_modified()
                if last_modified is not None and last_modified > unmodified_since:
                    raise PreconditionFailed()
        if_none_match = header("if-none-match")
        if if_none_match is not None:
            if _etag_in(if_none_match, etag, weak=True):
                if method in _GET_OR_HEAD:
                    return self._not_modified()
                raise PreconditionFailed()
        elif method in _GET_OR_HEAD:
            modified_since = parse_http_date(header("if-modified-since"))
            # A date in the future is invalid (RFC 9110 §13.1.3); honouring it would pin
            # the client's copy until then.
            if modified_since is not None and modified_since <= time.time():
                last_modified = self._last_modified()
                if last_modified is not None and last_modified <= modified_since:
                    return self._not_modified()
        # Only GET has range semantics (RFC 9110 §14.2), and only a 200 is cut into parts.
        if method != "GET" or self.status_code != 200:
            return self
        range_header = header("range")
        if range_header is None:
            return self
        if_range = header("if-range")
        if if_range is not None and not self._if_range_holds(if_range, etag):
            return self
        byte_range = parse_byte_range(range_header, self._size)
        if byte_range is None:
            return self
        return self._partial(*byte_range)

    def _last_modified(self) -> float | None:
        # PERF: parsed back only for requests that carry a date precondition.
        return parse_http_date(MutableHeaders(self._headers).get("last-modified"))

    def _if_range_holds(self, value: str, etag: str | None) -> bool:
        """True when the client's copy is current, so its partial request makes sense."""
        value = value.strip()
        # An entity tag starts with a quote or W/ (RFC 9110 §13.1.5); it needs a strong match.
        if value.startswith(('"', "W/")):
            return etag is not None and not etag.startswith("W/") and value == etag
        date = parse_http_date(value)
        return date is not None and date == self._last_modified()

    def _not_modified(self) -> Response:
        response = Response(b"", 304)
        # Keep the validators and cache headers; the fields that describe a body go.
        response._headers = [
            (name, value) for name, value in self._headers if name.lower() not in _BODY_HEADERS
        ]
        response._cookies = self._cookies
        return response

    def _partial(self, start: int, end: int) -> FileResponse:
        # A copy, so this response stays reusable and other requests see it unchanged.
        partial = copy.copy(self)
        length = end - start + 1
        partial.status_code = 206
        partial.content = _FileChunks(
            self._path, start, length, self._chunk_size, self._size, self._mtime_ns
        )
        partial._headers = [
            *((name, value) for name, value in self._headers if name.lower() != "content-length"),
            ("Content-Length", str(length)),
            ("Content-Range", f"bytes {start}-{end}/{self._size}"),
        ]
        return partial

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code} {self._path!r}>"


class _FileChunks:
    """``length`` bytes of a file from ``start``, read in chunks when iterated."""

    __slots__ = ("_chunk_size", "_length", "_mtime_ns", "_path", "_size", "_start")

    def __init__(
        self, path: str, start: int, length: int, chunk_size: int, size: int, mtime_ns: int
    ) -> None:
        self._path = path
        self._start = start
        self._length = length
        self._chunk_size = chunk_size
        self._size = size
        self._mtime_ns = mtime_ns

    def __iter__(self) -> Iterator[bytes]:
        # A generator: the file is opened at the first chunk and closed by the `with` when
        # the last one is read or when the server closes the iterator early.
        with open(self._path, "rb", buffering=0) as file:
            found = os.fstat(file.fileno())
            # The headers promised this size and this ETag; bytes of another version would
            # break Content-Length or let a client stitch two versions from ranges.
            if found.st_size != self._size or found.st_mtime_ns != self._mtime_ns:
                raise RuntimeError(f"{self._path} changed after its response was made")
            if self._start:
                file.seek(self._start)
            remaining = self._length
            while remaining:
                chunk = file.read(min(self._chunk_size, remaining))
                if not chunk:
                    raise RuntimeError(f"{self._path} was truncated while being sent")
                remaining -= len(chunk)
                yield chunk


def _stat_regular_file(path: str) -> os.stat_result:
    """Stat ``path``; NotFound unless it is a regular file (a directory or a FIFO is not)."""
    try:
        info = os.stat(path)
    except ValueError:  # a NUL in the path: no such file can exist
        raise NotFound() from None
    except OSError as error:
        if error.errno in _NOT_FOUND_ERRNOS:
            raise NotFound() from None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise NotFound()
    return info


def _guess_media_type(name: str) -> str | None:
    import mimetypes  # reads the system's type tables: only when a file is first served

    media_type, encoding = mimetypes.guess_type(name)
    if encoding is not None:
        return _COMPRESSED_TYPES.get(encoding, "application/octet-stream")
    if media_type is not None and media_type.startswith("text/"):
        return f"{media_type}; charset=utf-8"
    return media_type


def _etag_in(field: str, etag: str | None, *, weak: bool) -> bool:
    """Whether ``etag`` is in an If-Match / If-None-Match list (``*`` matches any)."""
    if field.strip() == "*":
        return True
    if etag is None:
        return False
    ours_weak = etag.startswith("W/")
    if ours_weak and not weak:
        return False
    opaque = etag[2:] if ours_weak else etag
    # A weak comparison ignores W/ on either side; a strong one needs both tags strong.
    return any(tag == opaque and (weak or not prefix) for prefix, tag in _ENTITY_TAG.findall(field))


def parse_byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The ``(first, last)`` byte positions a ``Range`` header asks of ``size`` bytes.

    ``None`` means "send the whole representation": the header is malformed, names
    another unit, or asks for several ranges. Raises RangeNotSatisfiable (416) when the
    single range lies past the end.
    """
    unit, equals, ranges = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    # Empty list elements are allowed (RFC 9110 §5.6.1): "bytes=0-4," is one range.
    specs = [spec.strip() for spec in ranges.split(",") if spec.strip()]
    if len(specs) != 1:
        return None
    match = _RANGE_SPEC.fullmatch(specs[0])
    if match is None:
        return None
    first, last = match.groups()
    if first:
        start = _position(first)
        end = _position(last) if last else size - 1
        if last and end < start:
            return None  # an invalid range-spec: the header is ignored
        if start >= size:
            raise RangeNotSatisfiable(headers={"Content-Range": f"bytes */{size}"})
        return start, min(end, size - 1)
    if not last:
        return None
    suffix = _position(last)
    if suffix == 0:
        raise RangeNotSatisfiable(headers={"Content-Range": f"bytes */{size}"})
    if size == 0:
        # A suffix range of an empty file is satisfiable but selects nothing that a
        # Content-Range could name: the whole (empty) file is the honest answer.
        return None
    return max(size - suffix, 0), size - 1


def _position(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    # Past the end either way; and int() of thousands of digits is slow or refused.
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def content_disposition(filename: str, inline: bool = False) -> str:
    """A ``Content-Disposition`` value (RFC 6266), with ``filename*`` for non-ASCII names."""
    if _CONTROL_CHARS.search(filename):
        raise HeaderError(f"a filename may not contain control characters: {filename!r}")
    kind = "inline" if inline else "attachment"
    if filename.isascii():
        return f'{kind}; filename="{_quoted(filename)}"'
    # Older clients read only `filename`: give them an ASCII approximation.
    decomposed = unicodedata.normalize("NFKD", filename)
    fallback = "".join(
        char if char.isascii() else "_" for char in decomposed if not unicodedata.combining(char)
    )
    from urllib.parse import quote

    encoded = quote(filename, safe=_ATTR_CHARS)
    return f"{kind}; filename=\"{_quoted(fallback)}\"; filename*=UTF-8''{encoded}"


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
