"""What an uploaded image really is: its format and size, read from its first bytes.

No imaging library is needed (Pillow is not a dependency): PNG, JPEG, GIF and WebP headers
are parsed here. This checks that the bytes start like an image of an accepted format and
says how large it claims to be; it does not decode the pixels. SVG is never accepted as an
image upload: it is a document that can run script.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import IO

#: How much of the file is read to find the size (JPEG metadata can push it far in).
HEADER_LIMIT = 256 * 1024


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """An image's format (``"png"``, ``"jpeg"``, ``"gif"``, ``"webp"``) and size in pixels."""

    format: str
    width: int
    height: int

    @property
    def media_type(self) -> str:
        """The media type of the format (what the file is, whatever the client claimed)."""
        return f"image/{self.format}"


def read_image_info(file: IO[bytes]) -> ImageInfo | None:
    """The format and size of the image in ``file`` (read from the start), or None."""
    file.seek(0)
    head = file.read(HEADER_LIMIT)
    file.seek(0)
    return image_info(head)


def image_info(data: bytes) -> ImageInfo | None:
    """The format and size in the first bytes of an image file, or None when not one."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if data.startswith(b"\xff\xd8\xff"):
            return _jpeg(data)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<HH", data[6:10])
            return _sized("gif", width, height)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except struct.error:  # cut short: not an image we can read
        return None
    return None


def _sized(kind: str, width: int, height: int) -> ImageInfo | None:
    return ImageInfo(kind, width, height) if width > 0 and height > 0 else None


def _png(data: bytes) -> ImageInfo | None:
    # The first chunk must be IHDR: length 13, then width and height.
    if data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return _sized("png", width, height)


# Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length field.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def _jpeg(data: bytes) -> ImageInfo | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or start of scan before any frame
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            return None
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return _sized("jpeg", width, height)
        position += 2 + length
    return None


def _webp(data: bytes) -> ImageInfo | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        # A lossy frame: a start code, then 14-bit width and height.
        if data[23:26] != b"\x9d\x01\x2a":
            return None
        width, height = struct.unpack("<HH", data[26:30])
        return _sized("webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":
        if data[20] != 0x2F:
            return None
        (bits,) = struct.unpack("<I", data[21:25])
        return _sized("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _sized("webp", width, height)
    return None
