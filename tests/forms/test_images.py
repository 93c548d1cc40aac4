"""Reading an image's format and size from its first bytes."""

from __future__ import annotations

import io

import pytest

from trestle.forms.images import ImageInfo, image_info, read_image_info

from .conftest import gif, jpeg, png, webp


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (png(3, 2), ImageInfo("png", 3, 2)),
        (gif(4, 5), ImageInfo("gif", 4, 5)),
        (jpeg(640, 480), ImageInfo("jpeg", 640, 480)),
        (jpeg(10, 20, exif_size=60_000), ImageInfo("jpeg", 10, 20)),
        (webp("VP8 ", 300, 200), ImageInfo("webp", 300, 200)),
        (webp("VP8L", 301, 201), ImageInfo("webp", 301, 201)),
        (webp("VP8X", 16000, 9000), ImageInfo("webp", 16000, 9000)),
    ],
)
def test_known_formats(data: bytes, expected: ImageInfo) -> None:
    assert image_info(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, I am text with a .png name",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"%PDF-1.7",
        png()[:20],  # cut inside the header
        png(0, 5),  # no pixels
        b"\x89PNG\r\n\x1a\n" + bytes(8) + b"JUNK" + bytes(8),  # IHDR is not first
        b"GIF89a\x00",
        jpeg()[:12],
        b"\xff\xd8\xff\xda\x00\x02",  # a scan before any frame
        b"\xff\xd8\xff\xe0\x00\x01",  # a segment length below 2
        b"\xff\xd8\x00\x00\x00\x00",  # not a marker
        b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(20),  # no start code
        b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x00" + bytes(10),  # bad signature
        b"RIFF\x00\x00\x00\x00WEBPJUNK" + bytes(20),
    ],
)
def test_anything_else_is_none(data: bytes) -> None:
    assert image_info(data) is None


def test_jpeg_fill_bytes_and_standalone_markers() -> None:
    data = jpeg(7, 9)
    data = data[:2] + b"\xff\xff\xff\x01" + data[2:]  # fill bytes, then TEM (no length)
    assert image_info(data) == ImageInfo("jpeg", 7, 9)


def test_read_from_a_file_rewinds_it() -> None:
    file = io.BytesIO(png(8, 8))
    file.read(5)
    assert read_image_info(file) == ImageInfo("png", 8, 8)
    assert file.tell() == 0
    assert ImageInfo("png", 1, 1).media_type == "image/png"
