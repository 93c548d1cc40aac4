"""Form bodies: urlencoded and multipart, with limits, spooled uploads and strict errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from trestle import App
from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.forms import UploadedFile, parse_multipart
from trestle.http.limits import RequestLimits
from trestle.http.multidict import MultiDict
from trestle.http.query import parse_urlencoded_body
from trestle.http.request import Request

BOUNDARY = "----trestle-boundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part(
    name: str, data: bytes, filename: str | None = None, content_type: str | None = None
) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = f"Content-Disposition: {disposition}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    return f"--{BOUNDARY}\r\n{head}\r\n".encode() + data + b"\r\n"


def raw_part(head: str) -> bytes:
    """A whole body of one part with the header line ``head``."""
    return f"--{BOUNDARY}\r\n{head}\r\n\r\nx\r\n--{BOUNDARY}--\r\n".encode()


def multipart(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


BODY = multipart(
    part("title", "Grüße".encode()),
    part("tag", b"a"),
    part("tag", b"b"),
    part("upload", b"file\r\ncontent\r\n", filename="notes.txt", content_type="text/plain"),
    part("blob", b"\x00\xff", filename="blob.bin"),
)


@pytest.fixture
def parsed() -> Iterator[tuple[MultiDict[str], MultiDict[UploadedFile]]]:
    fields, files = parse_multipart(CONTENT_TYPE, [BODY], RequestLimits())
    yield fields, files
    for _, upload in files.multi_items():
        upload.close()


# -- urlencoded ----------------------------------------------------------------------------


def test_urlencoded_body() -> None:
    form = parse_urlencoded_body(b"a=1&b=caf%C3%A9&a=2&c=d+e", RequestLimits())
    assert form.multi_items() == [("a", "1"), ("b", "café"), ("a", "2"), ("c", "d e")]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"a=\xff", "the form body is not valid UTF-8"),
        (b"a=%ff", "the form body is not valid UTF-8"),
        (b"a=%zz", "malformed percent-encoding in the form body"),
    ],
)
def test_bad_urlencoded_body(body: bytes, detail: str) -> None:
    with pytest.raises(BadRequest, match=detail):
        parse_urlencoded_body(body, RequestLimits())


def test_urlencoded_body_with_raw_utf8() -> None:
    assert parse_urlencoded_body("a=é".encode(), RequestLimits()) == {"a": "é"}


# -- multipart -----------------------------------------------------------------------------


def test_multipart_fields(parsed) -> None:
    fields, _ = parsed
    assert fields.multi_items() == [("title", "Grüße"), ("tag", "a"), ("tag", "b")]


def test_multipart_files(parsed) -> None:
    _, files = parsed
    upload = files["upload"]
    assert (upload.name, upload.filename, upload.content_type) == (
        "upload",
        "notes.txt",
        "text/plain",
    )
    assert upload.size == len(b"file\r\ncontent\r\n")
    assert upload.read() == b"file\r\ncontent\r\n"
    assert upload.read() == b""
    upload.seek(6)
    assert upload.read(7) == b"content"
    assert upload.headers["content-disposition"].startswith("form-data")
    blob = files["blob"]
    assert blob.content_type == "application/octet-stream"
    assert blob.read() == b"\x00\xff"
    assert repr(blob) == "UploadedFile(name='blob', filename='blob.bin', size=2)"


def test_save(parsed, tmp_path) -> None:
    _, files = parsed
    upload = files["upload"]
    upload.read(3)
    upload.save(tmp_path / "saved.txt")
    upload.save(str(tmp_path / "again.txt"))
    assert (tmp_path / "saved.txt").read_bytes() == b"file\r\ncontent\r\n"
    assert (tmp_path / "again.txt").read_bytes() == b"file\r\ncontent\r\n"
    assert upload.read() == b"file\r\ncontent\r\n"  # saving rewinds


@pytest.mark.parametrize("size", [1, 2, 7, 64])
def test_multipart_in_small_chunks(size: int) -> None:
    chunks = [BODY[i : i + size] for i in range(0, len(BODY), size)]
    fields, files = parse_multipart(CONTENT_TYPE, chunks, RequestLimits())
    try:
        assert fields.getlist("tag") == ["a", "b"]
        assert files["upload"].read() == b"file\r\ncontent\r\n"
    finally:
        for _, upload in files.multi_items():
            upload.close()


def test_upload_spools_to_a_file_past_the_spool_size() -> None:
    body = multipart(part("small", b"s" * 10, filename="s"), part("large", b"L" * 11, filename="l"))
    _, files = parse_multipart(CONTENT_TYPE, [body], RequestLimits(spool_size=10))
    try:
        assert not files["small"].file._rolled  # type: ignore[attr-defined]
        assert files["large"].file._rolled  # type: ignore[attr-defined]
        assert files["large"].read() == b"L" * 11
    finally:
        for _, upload in files.multi_items():
            upload.close()


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("résumé.pdf", "résumé.pdf"),
        ("C:\\Users\\ada\\report.txt", "report.txt"),  # old browsers sent the full path
        ("", ""),  # a file input left empty
    ],
)
def test_filenames(filename: str, expected: str) -> None:
    body = multipart(part("f", b"x", filename=filename))
    _, files = parse_multipart(CONTENT_TYPE, [body], RequestLimits())
    try:
        assert files["f"].filename == expected
    finally:
        files["f"].close()


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=" + "x" * 201,
    ],
)
def test_no_valid_boundary(content_type: str) -> None:
    with pytest.raises(BadRequest, match="boundary"):
        parse_multipart(content_type, [BODY], RequestLimits())


def test_quoted_boundary() -> None:
    fields, _ = parse_multipart(
        f'multipart/form-data; boundary="{BOUNDARY}"', [multipart(part("a", b"1"))], RequestLimits()
    )
    assert fields == {"a": "1"}


@pytest.mark.parametrize(
    "body",
    [
        b"",
        BODY[:-10],  # cut in the closing delimiter
        BODY[: BODY.index(b"notes.txt")],  # cut in a part's headers
        BODY[: BODY.index(b"content")],  # cut in a file
        multipart(part("a", b"1"))[: -len(f"--{BOUNDARY}--\r\n")],  # no closing delimiter
    ],
)
def test_truncated(body: bytes) -> None:
    with pytest.raises(BadRequest):
        parse_multipart(CONTENT_TYPE, [body], RequestLimits())


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"garbage that is not multipart at all", "malformed multipart body"),
        (b"--other-boundary\r\n\r\nx\r\n--other-boundary--\r\n", "malformed multipart body"),
        (f"--{BOUNDARY}\r\nno colon here\r\n\r\nx\r\n--{BOUNDARY}--\r\n".encode(), "malformed"),
        (f"--{BOUNDARY}\r\n\r\nx\r\n--{BOUNDARY}--\r\n".encode(), "without a form-data name"),
        (raw_part("Content-Disposition: attachment; name=a"), "without a form-data name"),
        (raw_part("Content-Disposition: form-data"), "without a form-data name"),
        (raw_part("Content-Disposition: form-data; filename=a.txt"), "without a form-data name"),
        (multipart(part("a", b"\xff")), "form field 'a' is not valid UTF-8"),
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="\xff"\r\n\r\nx\r\n'.encode(
                "latin-1"
            )
            + f"--{BOUNDARY}--\r\n".encode(),
            "field name is not valid UTF-8",
        ),
    ],
)
def test_malformed(body: bytes, detail: str) -> None:
    with pytest.raises(BadRequest, match=detail):
        parse_multipart(CONTENT_TYPE, [body], RequestLimits())


class Tracked(UploadedFile):
    """An UploadedFile that remembers every instance, to check they are all closed."""

    __slots__ = ()
    made: list[UploadedFile] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        Tracked.made.append(self)


@pytest.mark.parametrize(
    ("limits", "detail"),
    [
        (RequestLimits(max_form_files=1), "too many files in the form"),
        (RequestLimits(max_form_fields=1), "too many fields in the form"),
        (RequestLimits(max_form_part_size=1), "form field 'title' is over the limit of 1 bytes"),
    ],
)
def test_limits_close_the_files_already_made(monkeypatch, limits, detail) -> None:
    from trestle.http import forms

    monkeypatch.setattr(forms, "UploadedFile", Tracked)
    Tracked.made.clear()
    body = multipart(
        part("first", b"1", filename="1.txt"),
        part("title", b"ab"),
        part("tag", b"a"),
        part("second", b"2", filename="2.txt"),
    )
    with pytest.raises(PayloadTooLarge, match=detail):
        parse_multipart(CONTENT_TYPE, [body], limits)
    assert Tracked.made
    assert all(upload.file.closed for upload in Tracked.made)


def test_malformed_closes_the_files_already_made(monkeypatch) -> None:
    from trestle.http import forms

    monkeypatch.setattr(forms, "UploadedFile", Tracked)
    Tracked.made.clear()
    with pytest.raises(BadRequest):
        parse_multipart(CONTENT_TYPE, [BODY[: BODY.index(b"blob.bin")]], RequestLimits())
    assert len(Tracked.made) == 1
    assert Tracked.made[0].file.closed


# -- through HTTP --------------------------------------------------------------------------


def form_app(**settings: object) -> App:
    app = App(settings)

    @app.post("/")
    def view(request: Request) -> dict[str, object]:
        return {
            "form": request.form.to_dict(),
            "files": {
                name: upload.read().decode("latin-1") for name, upload in request.files.items()
            },
        }

    return app


def test_multipart_through_http(send_raw) -> None:
    response = send_raw(
        form_app(), "POST", b"/", headers=[("content-type", CONTENT_TYPE)], body=BODY
    )
    assert response.status == 200
    assert response.json()["form"] == {"title": "Grüße", "tag": ["a", "b"]}
    assert response.json()["files"]["upload"] == "file\r\ncontent\r\n"


def test_chunked_multipart_through_http(send_raw) -> None:
    chunks = [BODY[i : i + 10] for i in range(0, len(BODY), 10)]
    response = send_raw(
        form_app(),
        "POST",
        b"/",
        headers=[("content-type", CONTENT_TYPE)],
        body=chunks,
        chunked=True,
    )
    assert response.json()["form"] == {"title": "Grüße", "tag": ["a", "b"]}


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        (CONTENT_TYPE, BODY[:-10], 400),
        (CONTENT_TYPE, BODY[: BODY.index(b"content")], 400),
        (CONTENT_TYPE, b"garbage", 400),
        ("multipart/form-data", BODY, 400),
        ("multipart/form-data; boundary=wrong", BODY, 400),
        (CONTENT_TYPE, b"", 400),
        ("application/x-www-form-urlencoded", b"a=%zz", 400),
        ("application/x-www-form-urlencoded", b"a=\xff", 400),
    ],
)
def test_bad_forms_through_http(send_raw, content_type: str, body: bytes, status: int) -> None:
    response = send_raw(
        form_app(), "POST", b"/", headers=[("content-type", content_type)], body=body
    )
    assert response.status == status
    assert response.json()["status"] == status


def test_form_over_the_body_limit_through_http(send_raw) -> None:
    app = form_app(REQUEST_MAX_BODY_SIZE=len(BODY) - 1)
    response = send_raw(app, "POST", b"/", headers=[("content-type", CONTENT_TYPE)], body=BODY)
    assert response.status == 413
    response = send_raw(
        app,
        "POST",
        b"/",
        headers=[("content-type", CONTENT_TYPE)],
        body=[BODY[:100], BODY[100:]],
        chunked=True,
    )
    assert response.status == 413


def test_form_then_body(make_client) -> None:
    app = App()

    @app.post("/")
    def view(request: Request) -> dict[str, object]:
        form = request.form.to_dict()
        return {"form": form, "body": request.body.decode()}

    response = make_client(app).post("/", data={"a": "1"})
    assert response.json() == {"form": {"a": "1"}, "body": "a=1"}
