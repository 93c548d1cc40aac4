"""User data is escaped on every admin page: lists, filters, forms, deletes, history, JSON."""

from __future__ import annotations

from typing import Any

from tests.admin.conftest import Author, Book, Project, Review, Tag, post_form

EVIL = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def _shop(project: Project) -> tuple[int, int]:
    (author,) = project.add(Author(name=EVIL, email="evil@example.com"))
    (tag,) = project.add(Tag(name=EVIL))
    (book,) = project.add(Book(title=EVIL, author_id=author.id, blurb=EVIL))
    with project.session() as session:
        row = session.get(Book, book.id)
        row.tags.append(session.get(Tag, tag.id))
        session.add(Review(book_id=book.id, text=EVIL))
        session.commit()
    return author.id, book.id


def _safe(page: Any) -> None:
    assert "<script>alert" not in page.text
    assert ESCAPED in page.text or "&lt;script&gt;" in page.text


def test_every_page_escapes_user_data(project: Project, staff_client: Any) -> None:
    author, book = _shop(project)
    client = staff_client(superuser=True)
    for url in [
        "/admin/bookshop/book/",
        f"/admin/bookshop/book/?q={EVIL}",
        f"/admin/bookshop/book/?author_id={author}",
        f"/admin/bookshop/book/{book}/change/",
        f"/admin/bookshop/book/{book}/delete/",
        "/admin/bookshop/author/",
        f"/admin/bookshop/author/{author}/delete/",
        "/admin/bookshop/tag/",
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        _safe(page)
    post_form(client, f"/admin/bookshop/book/{book}/change/", {"title": EVIL, "author_id": author})
    for url in ("/admin/", f"/admin/bookshop/book/{book}/history/", "/admin/bookshop/book/"):
        _safe(client.get(url))


def test_a_form_with_errors_escapes_what_was_typed(project: Project, staff_client: Any) -> None:
    _, book = _shop(project)
    client = staff_client(superuser=True)
    answer = post_form(
        client,
        f"/admin/bookshop/book/{book}/change/",
        {"title": EVIL, "author_id": "", "price": EVIL},
    )
    assert answer.status_code == 400
    _safe(answer)


def test_error_messages_escape_the_bad_value(project: Project, staff_client: Any) -> None:
    _shop(project)
    client = staff_client(superuser=True)
    answer = client.get(f"/admin/bookshop/book/?o={EVIL}", headers={"accept": "text/html"})
    assert answer.status_code == 400
    assert "<script>alert" not in answer.text


def test_the_autocomplete_sends_text_not_markup(project: Project, staff_client: Any) -> None:
    author, _ = _shop(project)
    answer = staff_client(superuser=True).get("/admin/bookshop/author/autocomplete/?term=script")
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json()["results"] == [{"id": str(author), "text": EVIL}]
