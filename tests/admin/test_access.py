"""Who gets in: visitors go to the login page, non-staff and users without a model's
permission get a 403 on every URL of it (typed URLs and forged posts included)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.admin.conftest import Book, Project, csrf_token, log_in

BOOK_URLS = [
    ("GET", "/admin/bookshop/book/"),
    ("POST", "/admin/bookshop/book/"),
    ("GET", "/admin/bookshop/book/add/"),
    ("POST", "/admin/bookshop/book/add/"),
    ("GET", "/admin/bookshop/book/{id}/change/"),
    ("POST", "/admin/bookshop/book/{id}/change/"),
    ("GET", "/admin/bookshop/book/{id}/delete/"),
    ("POST", "/admin/bookshop/book/{id}/delete/"),
    ("GET", "/admin/bookshop/book/{id}/history/"),
    ("GET", "/admin/bookshop/book/autocomplete/?term=a"),
]


def _call(client: Any, method: str, url: str, token: str) -> Any:
    if method == "GET":
        return client.get(url)
    form = {
        "csrf_token": token,
        "title": "Forged",
        "author_id": "1",
        "action": "delete_selected",
        "_selected": "1",
        "confirm": "yes",
    }
    return client.post(url, data=form)


def test_a_visitor_is_sent_to_the_login_page(project: Project, make_client: Any) -> None:
    client = make_client(project.app)
    answer = client.get("/admin/bookshop/book/?q=x")
    assert answer.status_code == 302
    assert answer.headers["location"] == "/accounts/login/?next=/admin/bookshop/book/%3Fq%3Dx"


def test_an_api_client_that_is_not_logged_in_gets_401(project: Project, make_client: Any) -> None:
    client = make_client(project.app)
    assert client.get("/admin/", headers={"accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("method, url", BOOK_URLS)
def test_a_user_who_is_not_staff_gets_403_everywhere(
    project: Project, make_client: Any, method: str, url: str
) -> None:
    ids = project.shop(1)
    project.user("reader", staff=False, superuser=True)
    client = make_client(project.app)
    log_in(client, "reader")
    token = csrf_token(client.get("/accounts/password/change/"))
    answer = _call(client, method, url.format(id=ids["books"][0]), token)
    assert answer.status_code == 403
    assert "without access to the admin" in answer.text
    assert project.count(Book) == 1


@pytest.mark.parametrize("method, url", BOOK_URLS)
def test_staff_without_the_models_permissions_gets_403_on_every_url(
    project: Project, staff_client: Any, method: str, url: str
) -> None:
    ids = project.shop(1)
    # Every permission of the app but the book's own.
    client = staff_client(perms=["bookshop.view_author", "bookshop.change_tag"])
    token = csrf_token(client.get("/admin/"))
    answer = _call(client, method, url.format(id=ids["books"][0]), token)
    assert answer.status_code == 403, answer.text[:300]
    assert "Permission denied" in answer.text
    assert project.count(Book) == 1
    assert project.get(Book, ids["books"][0]).title == "Book 000"


@pytest.mark.parametrize(
    "perms, method, url",
    [
        (["bookshop.view_book"], "GET", "/admin/bookshop/book/add/"),
        (["bookshop.view_book"], "POST", "/admin/bookshop/book/add/"),
        (["bookshop.view_book"], "POST", "/admin/bookshop/book/{id}/change/"),
        (["bookshop.view_book"], "GET", "/admin/bookshop/book/{id}/delete/"),
        (["bookshop.view_book"], "POST", "/admin/bookshop/book/{id}/delete/"),
        (["bookshop.add_book"], "GET", "/admin/bookshop/book/"),
        (["bookshop.add_book"], "GET", "/admin/bookshop/book/{id}/change/"),
        (["bookshop.delete_book"], "GET", "/admin/bookshop/book/"),
        (["bookshop.delete_book"], "POST", "/admin/bookshop/book/{id}/delete/"),
    ],
)
def test_each_page_needs_its_own_permission(
    project: Project, staff_client: Any, perms: list[str], method: str, url: str
) -> None:
    ids = project.shop(1)
    client = staff_client(perms=perms)
    token = csrf_token(client.get("/admin/"))
    answer = _call(client, method, url.format(id=ids["books"][0]), token)
    assert answer.status_code == 403
    assert project.count(Book) == 1


def test_an_action_needs_its_permission(project: Project, staff_client: Any) -> None:
    ids = project.shop(2)
    client = staff_client(perms=["bookshop.view_book"])
    page = client.get("/admin/bookshop/book/")
    assert "delete_selected" not in page.text and "mark_out_of_print" not in page.text
    for action in ("delete_selected", "mark_out_of_print"):
        answer = client.post(
            "/admin/bookshop/book/",
            data={"csrf_token": csrf_token(page), "action": action, "_selected": ids["books"]},
        )
        assert answer.status_code == 403
    assert project.count(Book) == 2


def test_change_permission_includes_view(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    client = staff_client(perms=["bookshop.change_book"])
    assert client.get("/admin/bookshop/book/").status_code == 200
    page = client.get(f"/admin/bookshop/book/{ids['books'][0]}/change/")
    assert page.status_code == 200 and 'name="title"' in page.text


def test_view_permission_shows_the_row_read_only(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    client = staff_client(perms=["bookshop.view_book"])
    page = client.get(f"/admin/bookshop/book/{ids['books'][0]}/change/")
    assert page.status_code == 200
    assert '<form method="post" novalidate' not in page.text
    assert 'name="title"' not in page.text
    assert "Book 000" in page.text and "Ada Lovelace" in page.text
    assert "You may view this book but not change it." in page.text


def test_an_inactive_staff_user_is_logged_out(project: Project, staff_client: Any) -> None:
    from trestle.auth.models import User

    client = staff_client(superuser=True, username="leaving")
    with project.session() as session:
        from sqlalchemy import update

        session.execute(update(User).where(User.username == "leaving").values(is_active=False))
        session.commit()
    answer = client.get("/admin/")
    assert answer.status_code == 302 and answer.headers["location"].startswith("/accounts/login/")


def test_unknown_models_and_rows_are_404(project: Project, staff_client: Any) -> None:
    project.shop(1)
    client = staff_client(superuser=True)
    for url in [
        "/admin/nope/",
        "/admin/bookshop/nope/",
        "/admin/auth/permission/",  # installed, but not registered
        "/admin/bookshop/book/999/change/",
        "/admin/bookshop/book/abc/change/",
        "/admin/bookshop/book/99999999999999999999999/delete/",
        "/admin/bookshop/book/-1/history/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_post_without_the_csrf_token_is_refused(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    client = staff_client(superuser=True)
    url = f"/admin/bookshop/book/{ids['books'][0]}/delete/"
    assert client.post(url, data={"confirm": "yes"}).status_code == 403
    assert client.post(url, data={"csrf_token": "forged" * 10}).status_code == 403
    assert project.count(Book) == 1


def test_admin_pages_are_not_cached(project: Project, staff_client: Any) -> None:
    client = staff_client(superuser=True)
    assert client.get("/admin/").headers["cache-control"] == "no-store, private"
