"""Add and change forms: errors by their fields, the three save buttons, foreign keys as
selects or keys, many-to-many, uploads, read-only fields, fieldsets, one transaction."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from tests.admin.conftest import Author, Book, Project, Status, Tag, csrf_token, post_form

from trestle.admin.models import LogEntry

ADD = "/admin/bookshop/book/add/"


def change_url(key: int) -> str:
    return f"/admin/bookshop/book/{key}/change/"


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00\x00\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def book_form(ids: dict[str, Any], **values: Any) -> dict[str, Any]:
    form = {"title": "Notes", "author_id": str(ids["ada"]), "status": "draft", "in_print": "on"}
    form.update(values)
    return form


def test_the_add_page_shows_the_fieldsets(project: Project, staff_client: Any) -> None:
    project.shop(0)
    page = staff_client(superuser=True).get(ADD)
    assert page.status_code == 200
    text = page.text
    assert 'enctype="multipart/form-data"' in text
    assert "<summary><h2>Details</h2></summary>" in text
    assert "What the catalogue shows." in text
    assert '<select id="id_author_id" name="author_id" required>' in text
    assert '<option value="1">Ada Lovelace</option>' in text
    assert 'name="tags"' in text and 'type="checkbox"' in text  # many-to-many as checkboxes
    assert 'name="cover"' in text and 'accept="image/gif,image/jpeg,image/png,image/webp"' in text
    assert '<span class="field-label">Added</span>' in text  # read-only, not an input
    assert 'name="added"' not in text
    assert text.index('name="title"') < text.index('name="released"')  # fieldsets' order
    for button in ("_save", "_addanother", "_continue"):
        assert f'name="{button}"' in text


def test_adding_with_errors_shows_them_by_the_fields(project: Project, staff_client: Any) -> None:
    ids = project.shop(0)
    client = staff_client(superuser=True)
    answer = post_form(client, ADD, book_form(ids, title="", price="12.345", author_id="999"))
    assert answer.status_code == 400
    text = answer.text
    assert '<ul class="field-errors" id="id_title-errors">' in text
    assert 'aria-invalid="true"' in text
    assert "This field is required." in text
    assert "Use at most 2 digits after the point." in text
    assert "Choose one of the options." in text
    assert 'value="12.345"' in text  # what was typed stays
    assert project.count(Book) == 0


@pytest.mark.parametrize(
    "button, location",
    [
        ("_save", "/admin/bookshop/book/"),
        ("_addanother", "/admin/bookshop/book/add/"),
        ("_continue", "/admin/bookshop/book/1/change/"),
    ],
)
def test_the_save_buttons(project: Project, staff_client: Any, button: str, location: str) -> None:
    ids = project.shop(0)
    client = staff_client(superuser=True)
    answer = post_form(client, ADD, {**book_form(ids, price="12.50"), button: "1"})
    assert answer.status_code == 303
    assert answer.headers["location"] == location
    book = project.get(Book, 1)
    assert (book.title, book.status, book.in_print, str(book.price)) == (
        "Notes",
        Status.DRAFT,
        True,
        "12.50",
    )
    assert "The book “Notes” was added." in client.get(location).text


def test_changing_a_row_and_its_history(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    client = staff_client(superuser=True, username="editor")
    page = client.get(change_url(key))
    assert 'value="Book 000"' in page.text
    answer = post_form(
        client,
        change_url(key),
        book_form(ids, title="Renamed", status="archived", released="2020-01-01", price="9.99"),
    )
    assert answer.status_code == 303
    book = project.get(Book, key)
    assert (book.title, book.status, book.in_print) == ("Renamed", Status.ARCHIVED, True)
    history = client.get(f"/admin/bookshop/book/{key}/history/")
    assert history.status_code == 200
    assert "Changed title, status and tags." in history.text
    assert "editor" in history.text
    with project.session() as session:
        from sqlalchemy import select

        entry = session.scalars(select(LogEntry)).one()
        assert (entry.app_label, entry.model_name, entry.object_id) == ("bookshop", "book", "1")
        assert entry.object_repr == "Renamed" and entry.is_change


def test_unticking_a_checkbox_and_emptying_optional_fields(
    project: Project, staff_client: Any
) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    form = book_form(ids, released="", price="")
    del form["in_print"]
    post_form(staff_client(superuser=True), change_url(key), form)
    book = project.get(Book, key)
    assert (book.in_print, book.released, book.price) == (False, None, None)


def test_many_to_many_as_checkboxes(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    client = staff_client(superuser=True)
    page = client.get(change_url(key))
    assert re.search(rf'value="{ids["maths"]}" checked', page.text)
    post_form(client, change_url(key), book_form(ids, tags=[str(ids["poetry"])]))
    with project.session() as session:
        book = session.get(Book, key)
        assert [tag.name for tag in book.tags] == ["poetry"]
    answer = post_form(client, change_url(key), book_form(ids, tags=["999"]))
    assert answer.status_code == 400 and "Choose only from the options." in answer.text


def test_large_tables_take_keys_with_an_autocomplete(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    project.add(*[Author(name=f"Writer {n}") for n in range(101)])
    project.add(*[Tag(name=f"tag {n}") for n in range(101)])
    client = staff_client(superuser=True)
    page = client.get(change_url(key))
    text = page.text
    assert "Writer 7<" not in text  # no select listing every author
    assert re.search(rf'<input[^>]* name="author_id"[^>]* value="{ids["ada"]}"', text)
    assert 'data-autocomplete="/admin/bookshop/author/autocomplete/"' in text
    assert 'href="/admin/bookshop/author/" target="_blank"' in text  # look the key up
    assert "Currently: Ada Lovelace" in text
    assert re.search(rf'name="tags"[^>]*value="{ids["maths"]}"', text)
    answer = post_form(
        client,
        change_url(key),
        book_form(ids, author_id=str(ids["grace"]), tags=f"{ids['poetry']}, {ids['maths']}"),
    )
    assert answer.status_code == 303
    with project.session() as session:
        book = session.get(Book, key)
        assert book.author_id == ids["grace"]
        assert sorted(tag.name for tag in book.tags) == ["maths", "poetry"]
    wrong = post_form(client, change_url(key), book_form(ids, author_id="5000", tags="1, x"))
    assert wrong.status_code == 400
    assert "Choose one of the options." in wrong.text and "&#39;x&#39; is not a key." in wrong.text
    missing = post_form(client, change_url(key), book_form(ids, tags="1, 4000"))
    assert "No row has the key 4000." in missing.text


def test_the_autocomplete_answers_json(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    client = staff_client(superuser=True)
    found = client.get("/admin/bookshop/author/autocomplete/?term=lovelace").json()
    assert found == {"results": [{"id": str(ids["ada"]), "text": "Ada Lovelace"}], "more": False}
    by_key = client.get(f"/admin/bookshop/author/autocomplete/?term={ids['grace']}").json()
    assert by_key["results"][0]["text"] == "Grace Hopper"
    project.add(*[Author(name=f"Writer {n}") for n in range(30)])
    many = client.get("/admin/bookshop/author/autocomplete/?term=writer").json()
    assert len(many["results"]) == 20 and many["more"] is True
    assert client.get("/admin/bookshop/tag/autocomplete/?term=x").json()["results"] == []


def test_uploading_replacing_and_removing_a_cover(
    project: Project, staff_client: Any, tmp_path: Path
) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    client = staff_client(superuser=True)
    page = client.get(change_url(key))
    answer = client.post(
        change_url(key),
        data={"csrf_token": csrf_token(page), **book_form(ids)},
        files={"cover": ("../../My Cover!.png", io.BytesIO(png()), "image/png")},
    )
    assert answer.status_code == 303, answer.text[:2000]
    stored = project.get(Book, key).cover
    assert re.fullmatch(r"covers/[0-9a-f]{8}_My-Cover\.png", stored)
    assert (tmp_path / "media" / stored).read_bytes() == png()
    page = client.get(change_url(key))
    assert f'<a href="/media/{stored}">{stored}</a>' in page.text
    # A file that is not an image is refused, and the stored one kept.
    refused = client.post(
        change_url(key),
        data={"csrf_token": csrf_token(page), **book_form(ids)},
        files={"cover": ("cover.png", io.BytesIO(b"not an image"), "image/png")},
    )
    assert refused.status_code == 400 and "Choose an image file" in refused.text
    assert project.get(Book, key).cover == stored
    # Saving without a file keeps it; ticking "remove" empties the column.
    post_form(client, change_url(key), book_form(ids))
    assert project.get(Book, key).cover == stored
    post_form(client, change_url(key), book_form(ids, **{"cover-clear": "on"}))
    assert project.get(Book, key).cover is None


def test_a_change_is_one_transaction(project: Project, staff_client: Any) -> None:
    """A failure after the row is changed (here, in the history) leaves nothing behind."""
    from trestle.admin import site

    ids = project.shop(1)
    key = ids["books"][0]
    client = staff_client(superuser=True)
    page = client.get(change_url(key))
    model_admin = site.model_admin_for(Book)
    assert model_admin is not None

    def failing_save(request: Any, row: Any, form: Any, change: bool) -> None:
        request.db.add(row)
        request.db.flush()
        raise RuntimeError("the disk is full")

    model_admin.save_model = failing_save  # type: ignore[method-assign]
    try:
        client_errors = client.post(
            change_url(key), data={"csrf_token": csrf_token(page), **book_form(ids)}
        )
    finally:
        del model_admin.save_model
    assert client_errors.status_code == 500
    assert project.get(Book, key).title == "Book 000"
    assert project.count(LogEntry) == 0


def test_a_bad_form_never_crashes(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    client = staff_client(superuser=True)
    for values in (
        {"status": "lost"},
        {"released": "2020-02-30"},
        {"price": "1e400"},
        {"title": "x" * 201},
        {"title": "a\x00b"},
        {"author_id": "-1"},
        {"author_id": "1.5"},
        {"tags": ["abc"]},
    ):
        answer = post_form(client, change_url(ids["books"][0]), book_form(ids, **values))
        assert answer.status_code == 400, values
    assert project.get(Book, ids["books"][0]).title == "Book 000"
