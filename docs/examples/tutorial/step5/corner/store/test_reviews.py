"""The review form: what it shows, what it keeps, what it refuses."""

import re

from sqlalchemy import select

from store.models import Review

PAGE = "/items/plum-jam/"


def csrf_token(page) -> str:
    """The CSRF token of the page's form, which the browser would send back."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def send_review(client, **fields):
    """Open the item's page and send its form, as a browser does."""
    token = csrf_token(client.get(PAGE))
    return client.post(PAGE, data={"csrf_token": token, **fields})


def test_the_page_has_the_form(client) -> None:
    page = client.get(PAGE)
    assert "No reviews yet." in page.text
    assert '<textarea id="id_text" name="text" required maxlength="2000">' in page.text
    assert 'name="csrf_token"' in page.text


def test_a_review_is_saved_and_thanked_for(client, db) -> None:
    sent = send_review(client, author="Ada", rating="5", text="Lovely on toast.")
    assert sent.status_code == 303
    assert sent.headers["location"] == PAGE
    page = client.get(PAGE).text
    assert "Thank you for your review, Ada!" in page
    assert "Lovely on toast." in page and "5 stars, from Ada" in page
    (review,) = db.scalars(select(Review)).all()
    assert (review.item.slug, review.rating) == ("plum-jam", 5)
    assert "Thank you for your review" not in client.get(PAGE).text  # shown once


def test_mistakes_are_shown_by_their_fields(client, db) -> None:
    sent = send_review(client, author="Ada", rating="9", text="")
    assert sent.status_code == 400
    assert "Choose one of the options." in sent.text
    assert "This field is required." in sent.text
    assert 'value="Ada"' in sent.text  # what was typed stays
    assert db.scalars(select(Review)).all() == []


def test_a_review_too_long_is_refused(client) -> None:
    sent = send_review(client, author="Ada", rating="4", text="Yum! " * 500)
    assert sent.status_code == 400
    assert "Use at most 2000 characters (you used 2499)." in sent.text


def test_missing_fields_are_errors_not_crashes(client) -> None:
    sent = send_review(client)
    assert sent.status_code == 400
    assert sent.text.count("This field is required.") == 3


def test_a_form_without_its_csrf_token_is_refused(client, db) -> None:
    client.get(PAGE)
    sent = client.post(PAGE, data={"author": "Mallory", "rating": "1", "text": "Bad."})
    assert sent.status_code == 403
    assert db.scalars(select(Review)).all() == []


def test_reviews_are_escaped(client) -> None:
    send_review(client, author="<b>Eve</b>", rating="3", text="<script>alert(1)</script>")
    page = client.get(PAGE).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Thank you for your review, &lt;b&gt;Eve&lt;/b&gt;!" in page
    assert "<script>alert" not in page


def test_no_review_for_an_unknown_item(client) -> None:
    token = csrf_token(client.get(PAGE))
    sent = client.post("/items/caviar/", data={"csrf_token": token, "author": "Ada"})
    assert sent.status_code == 404
