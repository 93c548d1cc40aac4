"""Form bodies: urlencoded and multipart (via python-multipart), with limits and spooled uploads."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from os import PathLike
from tempfile import SpooledTemporaryFile
from typing import IO, TYPE_CHECKING

from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.limits import RequestLimits
from trestle.http.multidict import MultiDict

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks


class UploadedFile:
    """A file from a multipart form, kept in memory while small and in a temporary file after."""

    __slots__ = ("content_type", "file", "filename", "headers", "name", "size")

    def __init__(
        self, name: str, filename: str, content_type: str, headers: dict[str, str], spool_size: int
    ) -> None:
        self.name = name
        self.filename = filename
        self.content_type = content_type
        self.headers = headers
        self.size = 0
        self.file: IO[bytes] = SpooledTemporaryFile(max_size=spool_size)  # noqa: SIM115

    def read(self, size: int = -1) -> bytes:
        """Read from the file's current position."""
        return self.file.read(size)

    def seek(self, offset: int) -> int:
        """Move the read position."""
        return self.file.seek(offset)

    def save(self, destination: str | PathLike[str]) -> None:
        """Copy the whole upload to ``destination``."""
        self.file.seek(0)
        with open(destination, "wb") as target:
            shutil.copyfileobj(self.file, target)
        self.file.seek(0)

    def close(self) -> None:
        """Release the memory or the temporary file."""
        self.file.close()

    def __repr__(self) -> str:
        return f"UploadedFile(name={self.name!r}, filename={self.filename!r}, size={self.size})"


def _boundary(content_type: str) -> bytes:
    from python_multipart.multipart import parse_options_header

    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary or len(boundary) > 200:
        raise BadRequest("multipart body without a valid boundary")
    return boundary


def _part_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw}


class _MultipartCollector:
    """Turns python-multipart's callbacks into fields and files, enforcing the limits."""

    def __init__(self, limits: RequestLimits) -> None:
        self.limits = limits
        self.fields: list[tuple[str, str]] = []
        self.files: list[tuple[str, UploadedFile]] = []
        self.finished = False
        self._headers: list[tuple[bytes, bytes]] = []
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._field_name = ""
        self._file: UploadedFile | None = None
        self._data = bytearray()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }

    def on_part_begin(self) -> None:
        self._headers = []
        self._data = bytearray()
        self._file = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers.append((bytes(self._header_name), bytes(self._header_value)))
        self._header_name = bytearray()
        self._header_value = bytearray()

    def on_headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        headers = _part_headers(self._headers)
        disposition, options = parse_options_header(headers.get("content-disposition", ""))
        if disposition != b"form-data" or b"name" not in options:
            raise BadRequest("multipart part without a form-data name")
        try:
            self._field_name = options[b"name"].decode("utf-8")
            filename = options.get(b"filename")
            if filename is not None:
                if len(self.files) >= self.limits.max_form_files:
                    raise PayloadTooLarge(
                        f"too many files in the form (the limit is {self.limits.max_form_files})"
                    )
                self._file = UploadedFile(
                    self._field_name,
                    filename.decode("utf-8"),
                    headers.get("content-type", "application/octet-stream"),
                    headers,
                    self.limits.spool_size,
                )
                self.files.append((self._field_name, self._file))
            elif len(self.fields) >= self.limits.max_form_fields:
                raise PayloadTooLarge(
                    f"too many fields in the form (the limit is {self.limits.max_form_fields})"
                )
        except UnicodeDecodeError:
            raise BadRequest("a multipart field name is not valid UTF-8") from None

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self._file.file.write(data[start:end])
            self._file.size += end - start
            return
        self._data += data[start:end]
        if len(self._data) > self.limits.max_form_part_size:
            raise PayloadTooLarge(
                f"form field {self._field_name!r} is over the limit of "
                f"{self.limits.max_form_part_size} bytes"
            )

    def on_part_end(self) -> None:
        if self._file is not None:
            self._file.file.seek(0)
            return
        try:
            self.fields.append((self._field_name, self._data.decode("utf-8")))
        except UnicodeDecodeError:
            raise BadRequest(f"form field {self._field_name!r} is not valid UTF-8") from None

    def on_end(self) -> None:
        self.finished = True

    def close_files(self) -> None:
        for _, upload in self.files:
            upload.close()


def parse_multipart(
    content_type: str, chunks: Iterable[bytes], limits: RequestLimits
) -> tuple[MultiDict[str], MultiDict[UploadedFile]]:
    """Parse a ``multipart/form-data`` body from ``chunks``; malformed or truncated is a 400."""
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import MultipartParser

    collector = _MultipartCollector(limits)
    parser = MultipartParser(_boundary(content_type), collector.callbacks())
    try:
        for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
        if not collector.finished:
            raise BadRequest("the multipart body is truncated")
    except MultipartParseError as error:
        collector.close_files()
        raise BadRequest(f"malformed multipart body: {error}") from None
    except BaseException:
        collector.close_files()
        raise
    return MultiDict(collector.fields), MultiDict(collector.files)
