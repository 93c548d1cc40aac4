import struct
import zlib


def png(width, height):
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_the_form_is_multipart(client):
    assert 'enctype="multipart/form-data"' in client.get("/avatar").text
    assert 'accept="image/gif,image/jpeg,image/png,image/webp"' in client.get("/avatar").text


def test_an_image(client):
    response = client.post("/avatar", files={"image": ("me.png", png(64, 48), "image/png")})
    assert response.json() == {"format": "png", "width": 64, "height": 48}


def test_what_is_not_an_image_is_a_form_error(client):
    fake = client.post("/avatar", files={"image": ("me.png", b"<?php evil(); ?>", "image/png")})
    assert "Choose an image file (GIF, JPEG, PNG, WEBP)." in fake.text
    big = client.post(
        "/avatar", files={"image": ("big.png", png(1, 1) + bytes(3_000_000), "image/png")}
    )
    assert "The file is too large (2.9 MB); the limit is 2.0 MB." in big.text
