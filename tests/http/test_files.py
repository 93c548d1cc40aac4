"""FileResponse through the test client under WSGI and ASGI: headers, 304/412, ranges, streams."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trestle import App
from trestle.http import files
from trestle.http.exceptions import NotFound, RangeNotSatisfiable
from trestle.http.files import FileResponse, content_disposition, parse_byte_range
from trestle.http.headers import HeaderError
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]

# 2020-01-01 00:00:00 UTC plus a fraction, so second truncation is exercised.
MTIME_NS = 1_577_836_800_123_456_789
LAST_MODIFIED = "Wed, 01 Jan 2020 00:00:00 GMT"
DATA = bytes(range(256)) * 4  # 1024 bytes, each offset recognisable


def write(path: Path, data: bytes = DATA) -> Path:
    path.write_bytes(data)
    os.utime(path, ns=(MTIME_NS, MTIME_NS))
    return path


def serve(make_client: MakeClient, path: Path | str, **options: Any) -> TestClient:
    """A client for an app answering GET, HEAD and POST /file with ``FileResponse(path)``."""
    app = App()

    @app.route("/file", methods=["GET", "POST"])
    def file() -> FileResponse:
        return FileResponse(path, **options)

    return make_client(app)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return write(tmp_path / "data.bin")


def etag_of(client: TestClient) -> str:
    return str(client.get("/file").headers["etag"])


def body(response: FileResponse) -> Generator[bytes, None, None]:
    """The body's iterator, as the pipeline gets it."""
    content = response.content
    assert isinstance(content, Iterable)
    chunks = iter(content)
    assert isinstance(chunks, Generator)
    return chunks


# -- the full response ---------------------------------------------------------------------


def test_full_response_headers(make_client: MakeClient, data_file: Path) -> None:
    response = serve(make_client, data_file).get("/file")
    assert response.status_code == 200
    assert response.content == DATA
    assert response.headers["content-length"] == "1024"
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["last-modified"] == LAST_MODIFIED
    assert response.headers["etag"] == f'"{len(DATA):x}-{MTIME_NS:x}"'
    assert response.headers["accept-ranges"] == "bytes"
    assert "content-disposition" not in response.headers


def test_head_sends_headers_without_body(make_client: MakeClient, data_file: Path) -> None:
    response = serve(make_client, data_file).head("/file")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == "1024"
    assert response.headers["etag"]


def test_etag_changes_with_the_file(make_client: MakeClient, data_file: Path) -> None:
    client = serve(make_client, data_file)
    before = etag_of(client)
    os.utime(data_file, ns=(MTIME_NS + 1, MTIME_NS + 1))
    assert etag_of(client) != before


def test_empty_file(make_client: MakeClient, tmp_path: Path) -> None:
    response = serve(make_client, write(tmp_path / "empty.bin", b"")).get("/file")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == "0"


def test_large_file_streams_in_chunks(make_client: MakeClient, tmp_path: Path) -> None:
    data = os.urandom(300_000)
    path = write(tmp_path / "big.bin", data)
    response = serve(make_client, path).get("/file")
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-length"] == "300000"
    chunks = list(body(FileResponse(path)))
    assert [len(chunk) for chunk in chunks] == [65536] * 4 + [300_000 - 4 * 65536]


def test_small_chunk_size_serves_every_byte(make_client: MakeClient, data_file: Path) -> None:
    response = serve(make_client, data_file, chunk_size=7).get("/file")
    assert response.content == DATA
    assert response.headers["content-length"] == "1024"


def test_chunk_size_must_be_positive(data_file: Path) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        FileResponse(data_file, chunk_size=0)


def test_user_headers_are_kept_and_can_replace_computed_ones(
    make_client: MakeClient, data_file: Path
) -> None:
    client = serve(
        make_client,
        data_file,
        headers={"Cache-Control": "max-age=60", "ETag": '"v1"', "Content-Length": "3"},
    )
    response = client.get("/file")
    assert response.headers["cache-control"] == "max-age=60"
    assert response.headers["etag"] == '"v1"'
    assert response.headers["content-length"] == "1024"  # always the file's own size
    not_modified = client.get("/file", headers={"If-None-Match": '"v1"'})
    assert not_modified.status_code == 304
    assert not_modified.headers["cache-control"] == "max-age=60"


# -- media types and Content-Disposition ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("notes.txt", {}, "text/plain; charset=utf-8"),
        ("page.html", {}, "text/html; charset=utf-8"),
        ("image.png", {}, "image/png"),
        ("archive.tar.gz", {}, "application/gzip"),
        ("no-extension", {}, "application/octet-stream"),
        ("blob", {"filename": "report.pdf"}, "application/pdf"),
        ("notes.txt", {"media_type": "text/markdown"}, "text/markdown"),
    ],
)
def test_content_type(
    make_client: MakeClient, tmp_path: Path, name: str, options: dict[str, Any], expected: str
) -> None:
    path = write(tmp_path / name, b"hello\n")
    response = serve(make_client, path, **options).get("/file")
    assert response.headers["content-type"] == expected


@pytest.mark.parametrize(
    ("filename", "inline", "expected"),
    [
        ("report.pdf", False, 'attachment; filename="report.pdf"'),
        ("report.pdf", True, 'inline; filename="report.pdf"'),
        ('say "hi".txt', False, 'attachment; filename="say \\"hi\\".txt"'),
        (
            "résumé.pdf",
            False,
            "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
        ),
        (
            "文件 1.txt",
            False,
            "attachment; filename=\"__ 1.txt\"; filename*=UTF-8''%E6%96%87%E4%BB%B6%201.txt",
        ),
    ],
)
def test_content_disposition(
    make_client: MakeClient, data_file: Path, filename: str, inline: bool, expected: str
) -> None:
    response = serve(make_client, data_file, filename=filename, inline=inline).get("/file")
    assert response.headers["content-disposition"] == expected


@pytest.mark.parametrize("filename", ["a\r\nSet-Cookie: x=1", "a\nb", "a\x00b", "a\x7fb"])
def test_content_disposition_refuses_control_characters(filename: str) -> None:
    with pytest.raises(HeaderError):
        content_disposition(filename)


# -- missing files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["missing.txt", "dir", "data.bin/below", "nul\x00.txt"])
def test_not_a_file_is_404(make_client: MakeClient, tmp_path: Path, name: str) -> None:
    write(tmp_path / "data.bin")
    (tmp_path / "dir").mkdir()
    assert serve(make_client, str(tmp_path / name)).get("/file").status_code == 404
    with pytest.raises(NotFound):
        FileResponse(str(tmp_path / name))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_404_not_a_hang(make_client: MakeClient, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert serve(make_client, tmp_path / "pipe").get("/file").status_code == 404


# -- conditional requests (RFC 9110 §13) -----------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    "if_none_match", ["{etag}", "W/{etag}", '"other", {etag}', '"a",W/{etag} , "b"', "*"]
)
def test_if_none_match_gives_304(
    make_client: MakeClient, data_file: Path, method: str, if_none_match: str
) -> None:
    client = serve(make_client, data_file, headers={"Cache-Control": "no-cache"})
    etag = etag_of(client)
    response = client.request(
        method, "/file", headers={"If-None-Match": if_none_match.format(etag=etag)}
    )
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert response.headers["last-modified"] == LAST_MODIFIED
    assert response.headers["cache-control"] == "no-cache"
    assert "content-type" not in response.headers
    assert "content-length" not in response.headers


def test_validators_replaced_by_the_view_are_used(make_client: MakeClient, data_file: Path) -> None:
    app = App()

    @app.get("/file")
    def file() -> FileResponse:
        response = FileResponse(data_file)
        response.headers["ETag"] = '"from-view"'
        response.headers["Last-Modified"] = "Sat, 01 Jan 2000 00:00:00 GMT"
        response.set_cookie("seen", "1")
        return response

    client = make_client(app)
    response = client.get("/file", headers={"If-None-Match": '"from-view"'})
    assert response.status_code == 304
    assert response.headers["etag"] == '"from-view"'
    assert response.headers["set-cookie"].startswith("seen=1")
    since = {"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}
    assert client.get("/file", headers=since).status_code == 304
    in_between = {"If-Modified-Since": "Fri, 31 Dec 1999 00:00:00 GMT"}
    assert client.get("/file", headers=in_between).status_code == 200


def test_error_handlers_see_412(make_client: MakeClient, data_file: Path) -> None:
    app = App()

    @app.get("/file")
    def file() -> FileResponse:
        return FileResponse(data_file)

    @app.errorhandler(412)
    def precondition_failed(request: Any, error: Any) -> dict[str, str]:
        return {"error": "stale"}

    response = make_client(app).get("/file", headers={"If-Match": '"old"'})
    assert response.json() == {"error": "stale"}


def test_a_weak_etag_passes_weak_checks_only(make_client: MakeClient, data_file: Path) -> None:
    client = serve(make_client, data_file, headers={"ETag": 'W/"v1"'})
    assert client.get("/file", headers={"If-None-Match": '"v1"'}).status_code == 304
    assert client.get("/file", headers={"If-Match": 'W/"v1"'}).status_code == 412
    ranged = client.get("/file", headers={"Range": "bytes=0-1", "If-Range": 'W/"v1"'})
    assert ranged.status_code == 200


def test_if_none_match_mismatch_gives_200(make_client: MakeClient, data_file: Path) -> None:
    response = serve(make_client, data_file).get("/file", headers={"If-None-Match": '"other"'})
    assert response.status_code == 200
    assert response.content == DATA


def test_if_none_match_on_post_gives_412(make_client: MakeClient, data_file: Path) -> None:
    client = serve(make_client, data_file)
    response = client.post("/file", headers={"If-None-Match": etag_of(client)})
    assert response.status_code == 412


@pytest.mark.parametrize(
    ("since", "status"),
    [
        (LAST_MODIFIED, 304),
        ("Thu, 02 Jan 2020 00:00:00 GMT", 304),
        ("Tue, 31 Dec 2019 23:59:59 GMT", 200),
        ("not a date", 200),
        ("Fri, 01 Jan 2100 00:00:00 GMT", 200),  # in the future: invalid, so ignored
    ],
)
def test_if_modified_since(
    make_client: MakeClient, data_file: Path, since: str, status: int
) -> None:
    response = serve(make_client, data_file).get("/file", headers={"If-Modified-Since": since})
    assert response.status_code == status
    assert response.content == (b"" if status == 304 else DATA)


def test_if_modified_since_is_ignored_when_if_none_match_is_sent(
    make_client: MakeClient, data_file: Path
) -> None:
    response = serve(make_client, data_file).get(
        "/file", headers={"If-None-Match": '"other"', "If-Modified-Since": LAST_MODIFIED}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("if_match", "status"),
    [("{etag}", 200), ('"x", {etag}', 200), ("*", 200), ('"other"', 412), ("W/{etag}", 412)],
)
def test_if_match(make_client: MakeClient, data_file: Path, if_match: str, status: int) -> None:
    client = serve(make_client, data_file)
    headers = {"If-Match": if_match.format(etag=etag_of(client))}
    assert client.get("/file", headers=headers).status_code == status
    assert client.post("/file", headers=headers).status_code == status


@pytest.mark.parametrize(
    ("since", "status"),
    [
        (LAST_MODIFIED, 200),
        ("Thu, 02 Jan 2020 00:00:00 GMT", 200),
        ("Tue, 31 Dec 2019 23:59:59 GMT", 412),
        ("garbage", 200),
    ],
)
def test_if_unmodified_since(
    make_client: MakeClient, data_file: Path, since: str, status: int
) -> None:
    response = serve(make_client, data_file).get("/file", headers={"If-Unmodified-Since": since})
    assert response.status_code == status


def test_if_match_wins_over_if_unmodified_since(make_client: MakeClient, data_file: Path) -> None:
    client = serve(make_client, data_file)
    headers = {
        "If-Match": etag_of(client),
        "If-Unmodified-Since": "Tue, 31 Dec 2019 23:59:59 GMT",
    }
    assert client.get("/file", headers=headers).status_code == 200


def test_preconditions_do_not_apply_to_error_statuses(
    make_client: MakeClient, data_file: Path
) -> None:
    client = serve(make_client, data_file, status_code=404)
    response = client.get("/file", headers={"If-None-Match": "*", "Range": "bytes=0-1"})
    assert response.status_code == 404
    assert response.content == DATA


# -- ranges (RFC 9110 §14) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("range_header", "start", "end"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=100-199", 100, 199),
        ("bytes=0-0", 0, 0),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=-5000", 0, 1023),  # a suffix longer than the file is the whole file
        ("bytes=1000-5000", 1000, 1023),  # clipped at the end
        ("Bytes = 5-6 ,", 5, 6),  # unit case and empty list elements are allowed
        ("bytes=0005-0006", 5, 6),
        ("bytes=1023-" + "9" * 5000, 1023, 1023),
    ],
)
def test_single_range_gives_206(
    make_client: MakeClient, data_file: Path, range_header: str, start: int, end: int
) -> None:
    response = serve(make_client, data_file).get("/file", headers={"Range": range_header})
    assert response.status_code == 206
    assert response.content == DATA[start : end + 1]
    assert response.headers["content-range"] == f"bytes {start}-{end}/1024"
    assert response.headers["content-length"] == str(end - start + 1)
    assert response.headers["etag"]


@pytest.mark.parametrize(
    "range_header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0", "bytes=" + "9" * 5000 + "-"]
)
def test_unsatisfiable_range_gives_416(
    make_client: MakeClient, data_file: Path, range_header: str
) -> None:
    response = serve(make_client, data_file).get("/file", headers={"Range": range_header})
    assert response.status_code == 416
    assert response.headers["content-range"] == "bytes */1024"


@pytest.mark.parametrize(
    "range_header",
    [
        "bytes=abc",
        "bytes=5-1",  # last before first: invalid
        "bytes=-",
        "bytes=",
        "bytes 0-5",
        "items=0-5",
        "bytes=1 - 2",
        "bytes=0-1,5-6",  # several ranges: the whole file, as RFC 9110 §14.2 allows
        "bytes=0-1,2000-3000",
    ],
)
def test_malformed_or_multiple_ranges_give_200(
    make_client: MakeClient, data_file: Path, range_header: str
) -> None:
    response = serve(make_client, data_file).get("/file", headers={"Range": range_header})
    assert response.status_code == 200
    assert response.content == DATA
    assert "content-range" not in response.headers


def test_range_is_ignored_for_head(make_client: MakeClient, data_file: Path) -> None:
    response = serve(make_client, data_file).head("/file", headers={"Range": "bytes=0-9"})
    assert response.status_code == 200
    assert response.headers["content-length"] == "1024"


def test_range_of_an_empty_file(make_client: MakeClient, tmp_path: Path) -> None:
    client = serve(make_client, write(tmp_path / "empty.bin", b""))
    assert client.get("/file", headers={"Range": "bytes=0-"}).status_code == 416
    assert client.get("/file", headers={"Range": "bytes=-5"}).status_code == 200


@pytest.mark.parametrize(
    ("if_range", "status"),
    [
        ("{etag}", 206),
        ('"other"', 200),
        ("W/{etag}", 200),  # If-Range needs a strong match
        (LAST_MODIFIED, 206),
        ("Thu, 02 Jan 2020 00:00:00 GMT", 200),
        ("nonsense", 200),
    ],
)
def test_if_range(make_client: MakeClient, data_file: Path, if_range: str, status: int) -> None:
    client = serve(make_client, data_file)
    headers = {"Range": "bytes=10-19", "If-Range": if_range.format(etag=etag_of(client))}
    response = client.get("/file", headers=headers)
    assert response.status_code == status
    assert response.content == (DATA[10:20] if status == 206 else DATA)


@settings(
    max_examples=60,
    deadline=None,
    # The client and file are shared on purpose: each example rewrites the file.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_range_body_is_the_slice_of_the_file(
    make_client: MakeClient, tmp_path: Path, data: st.DataObject
) -> None:
    size = data.draw(st.integers(min_value=1, max_value=3000), label="size")
    chunk_size = data.draw(st.integers(min_value=1, max_value=512), label="chunk_size")
    content = os.urandom(size)
    path = tmp_path / f"{size}-{chunk_size}.bin"
    path.write_bytes(content)
    kind = data.draw(st.sampled_from(["first-last", "first-", "-suffix"]), label="kind")
    if kind == "-suffix":
        suffix = data.draw(st.integers(min_value=1, max_value=size + 100), label="suffix")
        header, start, end = f"bytes=-{suffix}", max(size - suffix, 0), size - 1
    else:
        start = data.draw(st.integers(min_value=0, max_value=size - 1), label="first")
        if kind == "first-":
            header, end = f"bytes={start}-", size - 1
        else:
            last = data.draw(st.integers(min_value=start, max_value=size + 100), label="last")
            header, end = f"bytes={start}-{last}", min(last, size - 1)
    client = serve(make_client, path, chunk_size=chunk_size)
    response = client.get("/file", headers={"Range": header})
    assert response.status_code == 206
    assert response.content == content[start : end + 1]
    assert response.headers["content-range"] == f"bytes {start}-{end}/{size}"
    assert response.headers["content-length"] == str(end - start + 1)


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-4", 10, (0, 4)),
        ("bytes=-3", 10, (7, 9)),
        ("bytes=0-1,3-4", 10, None),
        ("bytes=\u0660-\u0663", 10, None),  # digits, but not ASCII ones
    ],
)
def test_parse_byte_range(header: str, size: int, expected: tuple[int, int] | None) -> None:
    assert parse_byte_range(header, size) == expected


def test_parse_byte_range_unsatisfiable() -> None:
    with pytest.raises(RangeNotSatisfiable) as raised:
        parse_byte_range("bytes=10-", 10)
    assert raised.value.headers == {"Content-Range": "bytes */10"}


# -- the body iterator -----------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[io.RawIOBase]:
    """Every file FileResponse opens, to check that each is closed."""
    files_opened: list[io.RawIOBase] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        file = builtins.open(*args, **kwargs)  # noqa: SIM115 (the caller closes it)
        files_opened.append(file)
        return file

    monkeypatch.setattr(files, "open", spy, raising=False)
    return files_opened


def test_file_is_opened_lazily_and_closed_at_the_end(
    data_file: Path, opened: list[io.RawIOBase]
) -> None:
    response = FileResponse(data_file, chunk_size=100)
    assert opened == []
    assert b"".join(body(response)) == DATA
    assert len(opened) == 1
    assert opened[0].closed


def test_file_is_closed_when_the_body_is_closed_early(
    data_file: Path, opened: list[io.RawIOBase]
) -> None:
    chunks = body(FileResponse(data_file, chunk_size=100))
    assert next(chunks) == DATA[:100]
    assert not opened[0].closed
    chunks.close()
    assert opened[0].closed


def test_head_and_304_never_open_the_file(
    make_client: MakeClient, data_file: Path, opened: list[io.RawIOBase]
) -> None:
    client = serve(make_client, data_file)
    assert client.head("/file").status_code == 200
    assert client.get("/file", headers={"If-None-Match": "*"}).status_code == 304
    assert opened == []


def test_every_file_served_is_closed(
    make_client: MakeClient, data_file: Path, opened: list[io.RawIOBase]
) -> None:
    client = serve(make_client, data_file, chunk_size=100)
    assert client.get("/file").content == DATA
    assert client.get("/file", headers={"Range": "bytes=5-500"}).content == DATA[5:501]
    assert len(opened) == 2
    assert all(file.closed for file in opened)


def test_a_file_changed_after_the_headers_is_refused(data_file: Path) -> None:
    response = FileResponse(data_file)
    data_file.write_bytes(b"new content")
    with pytest.raises(RuntimeError, match="changed"):
        list(body(response))


def test_a_file_truncated_while_sent_is_refused(data_file: Path) -> None:
    chunks = body(FileResponse(data_file, chunk_size=100))
    next(chunks)
    data_file.write_bytes(b"")
    with pytest.raises(RuntimeError, match="truncated"):
        list(chunks)
