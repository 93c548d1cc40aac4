"""File and image uploads through HTTP: limits and checks are form errors, never a 500."""

from __future__ import annotations

import pytest

from trestle import App
from trestle.forms import FileField, Form, ImageField, ImageUpload, TextField

from .conftest import gif, jpeg, png, webp


class Upload(Form):
    title = TextField(required=False)
    document = FileField(max_size=1000, extensions=["pdf", "TXT"], required=False)
    avatar = ImageField(max_width=1000, max_height=800, max_size=100_000, required=False)


@pytest.fixture
def client(make_client):
    app = App()

    @app.post("/")
    def view(request):
        form = Upload.from_request(request)
        if not form.is_valid():
            return {"errors": form.errors}
        data = form.cleaned_data
        avatar = data["avatar"]
        document = data["document"]
        return {
            "document": document and [document.filename, document.read().decode()],
            "avatar": avatar
            and [avatar.filename, avatar.format, avatar.width, avatar.height, avatar.content_type],
        }

    return make_client(app)


def test_a_file_and_an_image(client) -> None:
    response = client.post(
        "/",
        files={
            "document": ("notes.txt", b"hello", "text/plain"),
            "avatar": ("me.png", png(40, 30), "image/png"),
        },
    )
    assert response.json() == {
        "document": ["notes.txt", "hello"],
        "avatar": ["me.png", "png", 40, 30, "image/png"],
    }


@pytest.mark.parametrize(
    ("image", "kind", "size"),
    [
        (gif(10, 11), "gif", [10, 11]),
        (jpeg(20, 21), "jpeg", [20, 21]),
        (webp("VP8L", 30, 31), "webp", [30, 31]),
    ],
)
def test_image_formats(client, image: bytes, kind: str, size: list[int]) -> None:
    # The type the client claims is ignored: the bytes decide.
    response = client.post("/", files={"avatar": ("x.bin", image, "application/octet-stream")})
    assert response.json()["avatar"][1:4] == [kind, *size]


def test_nothing_chosen_is_no_file(client) -> None:
    response = client.post(
        "/", files={"document": ("", b"", "application/octet-stream")}, data={"title": "t"}
    )
    assert response.json() == {"document": None, "avatar": None}


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        (
            {"document": ("big.pdf", b"x" * 1001, "application/pdf")},
            "document",
            "The file is too large (1001 bytes); the limit is 1000 bytes.",
        ),
        (
            {"avatar": ("big.png", png(10, 10) + bytes(200_000), "image/png")},
            "avatar",
            "The file is too large (195.4 KB); the limit is 97.7 KB.",
        ),
        (
            {"document": ("run.exe", b"MZ", "application/pdf")},
            "document",
            "Choose a file of one of these types: .pdf, .txt.",
        ),
        (
            {"document": ("noextension", b"x", "text/plain")},
            "document",
            "Choose a file of one of these types: .pdf, .txt.",
        ),
        (
            {"document": ("..\\..\\evil.pdf.exe", b"x", "text/plain")},
            "document",
            "Choose a file of one of these types: .pdf, .txt.",
        ),
        ({"document": ("empty.txt", b"", "text/plain")}, "document", "The file is empty."),
        (
            {"avatar": ("fake.png", b"I am text", "image/png")},
            "avatar",
            "Choose an image file (GIF, JPEG, PNG, WEBP).",
        ),
        (
            {"avatar": ("x.svg", b"<svg onload='alert(1)'/>", "image/svg+xml")},
            "avatar",
            "Choose an image file (GIF, JPEG, PNG, WEBP).",
        ),
        (
            {"avatar": ("wide.png", png(1001, 1), "image/png")},
            "avatar",
            "The image is 1001 pixels wide; the limit is 1000.",
        ),
        (
            {"avatar": ("tall.png", png(1, 801), "image/png")},
            "avatar",
            "The image is 801 pixels high; the limit is 800.",
        ),
    ],
)
def test_upload_errors_are_form_errors(client, files: dict, field: str, message: str) -> None:
    response = client.post("/", files=files)
    assert response.status_code == 200
    assert response.json() == {"errors": {field: [message]}}


def test_a_decompression_bomb_is_refused(make_client) -> None:
    class Avatar(Form):
        avatar = ImageField()

    app = App()

    @app.post("/")
    def view(request):
        form = Avatar.from_request(request)
        return {"valid": form.is_valid(), "errors": form.errors}

    response = make_client(app).post(
        "/", files={"avatar": ("bomb.webp", webp("VP8X", 16000, 16000), "image/webp")}
    )
    assert response.json() == {
        "valid": False,
        "errors": {"avatar": ["The image is too large (16000 by 16000 pixels)."]},
    }


def test_a_file_form_sent_urlencoded(make_client) -> None:
    class Required(Form):
        document = FileField()

    app = App()

    @app.post("/")
    def view(request):
        form = Required.from_request(request)
        form.is_valid()
        return form.errors

    client = make_client(app)
    assert client.post("/", data={"document": "notes.txt"}).json() == {
        "document": ["This field is required."]
    }


def test_a_file_name_given_as_text_data() -> None:
    form = Upload({}, {"document": "not an upload"})
    assert form.errors == {
        "document": ["No file was received: the form must be sent as multipart/form-data."]
    }


def test_image_formats_can_be_narrowed() -> None:
    assert ImageField(formats=["png"]).accept == "image/png"
    with pytest.raises(ValueError, match="cannot check \\['svg'\\]"):
        ImageField(formats=["png", "svg"])
    assert FileField(extensions=[".PDF"]).accept == ".pdf"
    assert Upload.fields["document"].html_attrs()["accept"] == ".pdf,.txt"
    assert Upload().is_multipart


def test_image_upload_wraps_the_file(tmp_path) -> None:
    from trestle.forms.images import ImageInfo
    from trestle.http.forms import UploadedFile

    upload = UploadedFile("avatar", "me.png", "image/png", {}, 1024)
    upload.file.write(png(2, 2))
    upload.size = len(png(2, 2))
    upload.file.seek(0)
    image = ImageUpload(upload, ImageInfo("png", 2, 2))
    image.save(tmp_path / "saved.png")
    assert (tmp_path / "saved.png").read_bytes() == png(2, 2)
    assert image.size == len(png(2, 2))
    assert repr(image) == "<ImageUpload 'me.png' png 2x2>"
    upload.close()
