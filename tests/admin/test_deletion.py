"""Deleting: the confirmation page lists what goes too, what stays unlinked and what forbids
it; bulk "delete selected" and custom actions; each in one transaction with its history."""

from __future__ import annotations

from typing import Any

from tests.admin.conftest import Book, Project, Review, Sale, Tag, csrf_token, post_form

from trestle.admin.models import LogEntry

LIST = "/admin/bookshop/book/"


def test_the_confirmation_lists_the_rows_that_go_too(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    page = staff_client(superuser=True).get(f"{LIST}{key}/delete/")
    assert page.status_code == 200
    text = page.text
    assert "Delete the book <strong>“Book 000”</strong>?" in text
    assert "<strong>1 review</strong> will be deleted" in text and "<li>4 stars</li>" in text
    assert "<strong>1 link to tags</strong> will be deleted" in text
    assert 'name="confirm" value="yes"' in text
    assert project.count(Book) == 1  # asking deletes nothing


def test_deleting_a_row_takes_its_cascade_and_is_logged(
    project: Project, staff_client: Any
) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    client = staff_client(superuser=True, username="remover")
    answer = post_form(client, f"{LIST}{key}/delete/", {"confirm": "yes"})
    assert answer.status_code == 303 and answer.headers["location"] == LIST
    assert "The book “Book 000” was deleted." in client.get(LIST).text
    assert (project.count(Book), project.count(Review), project.count(Tag)) == (0, 0, 2)
    history = client.get(f"{LIST}{key}/history/")
    assert history.status_code == 200  # the history outlives the row
    assert "Deleted." in history.text and "remover" in history.text
    home = client.get("/admin/")
    assert "Book 000" in home.text and "action-deleted" in home.text


def test_rows_that_refer_to_it_forbid_the_delete(project: Project, staff_client: Any) -> None:
    ids = project.shop(1)
    key = ids["books"][0]
    project.add(Sale(book_id=key, quantity=3))
    client = staff_client(superuser=True)
    page = client.get(f"{LIST}{key}/delete/")
    assert "Cannot delete" in page.text and "<strong>1 sale</strong> refer to it" in page.text
    assert 'name="confirm"' not in page.text
    answer = post_form(
        client, f"{LIST}{key}/delete/", {"confirm": "yes"}, page=f"{LIST}{key}/change/"
    )
    assert answer.status_code == 409
    assert project.count(Book) == 1 and project.count(LogEntry) == 0


def test_an_author_with_books_cannot_be_deleted(project: Project, staff_client: Any) -> None:
    ids = project.shop(3)
    page = staff_client(superuser=True).get(f"/admin/bookshop/author/{ids['ada']}/delete/")
    assert "Cannot delete" in page.text and "<strong>2 books</strong> refer to it" in page.text


def test_delete_selected_asks_then_deletes(project: Project, staff_client: Any) -> None:
    ids = project.shop(4)
    client = staff_client(superuser=True)
    page = client.get(LIST)
    chosen = [str(key) for key in ids["books"][:3]]
    ask = client.post(
        LIST + "?o=title",
        data={"csrf_token": csrf_token(page), "action": "delete_selected", "_selected": chosen},
    )
    assert ask.status_code == 200
    assert "Delete these 3 books?" in ask.text
    assert "<strong>1 review</strong> will be deleted" in ask.text
    assert project.count(Book) == 4
    done = client.post(
        LIST + "?o=title",
        data={
            "csrf_token": csrf_token(ask),
            "action": "delete_selected",
            "_selected": chosen,
            "confirm": "yes",
        },
    )
    assert done.status_code == 303 and done.headers["location"] == LIST + "?o=title"
    assert project.count(Book) == 1 and project.count(LogEntry) == 3
    assert "Deleted 3 books." in client.get(done.headers["location"]).text


def test_a_bulk_delete_is_all_or_nothing(project: Project, staff_client: Any) -> None:
    ids = project.shop(3)
    project.add(Sale(book_id=ids["books"][2]))
    client = staff_client(superuser=True)
    page = client.get(LIST)
    answer = client.post(
        LIST,
        data={
            "csrf_token": csrf_token(page),
            "action": "delete_selected",
            "_selected": [str(key) for key in ids["books"]],
            "confirm": "yes",
        },
    )
    assert answer.status_code == 409 and "Cannot delete" in answer.text
    assert project.count(Book) == 3


def test_a_custom_action(project: Project, staff_client: Any) -> None:
    ids = project.shop(4)
    client = staff_client(perms=["bookshop.view_book", "bookshop.change_book"])
    page = client.get(LIST)
    assert '<option value="mark_out_of_print">Mark as out of print</option>' in page.text
    answer = client.post(
        LIST,
        data={
            "csrf_token": csrf_token(page),
            "action": "mark_out_of_print",
            "_selected": [str(ids["books"][0]), str(ids["books"][2])],
        },
    )
    assert answer.status_code == 303
    assert [project.get(Book, key).in_print for key in ids["books"]] == [False, False, False, False]


def test_action_mistakes(project: Project, staff_client: Any) -> None:
    ids = project.shop(2)
    client = staff_client(superuser=True)
    token = csrf_token(client.get(LIST))

    def run(**data: Any) -> Any:
        return client.post(LIST, data={"csrf_token": token, **data})

    assert run(_selected="1").status_code == 303  # no action chosen: a message, no change
    assert "Choose an action to run." in client.get(LIST).text
    assert run(action="delete_selected").status_code == 303
    assert "Select the rows to act on first." in client.get(LIST).text
    assert run(action="drop_tables", _selected="1").status_code == 400
    assert run(action="delete_selected", _selected="one").status_code == 400
    assert run(action="delete_selected", _selected="777").status_code == 303
    assert "None of the selected rows exists any more." in client.get(LIST).text
    assert project.count(Book) == 2 and ids


def test_select_all_needs_javascript_and_is_hidden_without(
    project: Project, staff_client: Any
) -> None:
    project.shop(1)
    page = staff_client(superuser=True).get(LIST)
    assert (
        '<input type="checkbox" id="select-all" aria-label="Select every row on this page" hidden>'
        in page.text
    )
    assert 'name="_selected" value="1"' in page.text
