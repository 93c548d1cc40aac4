"""Reviews: only customers who logged in write them, and each finds their own."""

import re

from sqlalchemy import select

from store.models import Review

PAGE = "/items/plum-jam/"
SEND = "/items/plum-jam/reviews/"


def csrf_token(page) -> str:
    """The CSRF token of the page's form, which the browser would send back."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def send_review(client, **fields):
    """Open the item's page and send its form, as a browser does."""
    token = csrf_token(client.get(PAGE))
    return client.post(SEND, data={"csrf_token": token, **fields})


def test_visitors_are_asked_to_log_in(client) -> None:
    page = client.get(PAGE).text
    assert '<a href="/accounts/login/?next=/items/plum-jam/">Log in</a> to write a review.' in page
    assert "<textarea" not in page


def test_a_visitor_cannot_send_a_review(client, db) -> None:
    token = csrf_token(client.get("/accounts/login/"))
    sent = client.post(SEND, data={"csrf_token": token, "rating": "1", "text": "Bad."})
    assert sent.status_code == 302
    assert sent.headers["location"] == "/accounts/login/?next=/items/plum-jam/reviews/"
    assert db.scalars(select(Review)).all() == []


def test_a_customer_writes_a_review(logged_in, customer, db) -> None:
    sent = send_review(logged_in, rating="5", text="Lovely on toast.")
    assert sent.status_code == 303
    assert sent.headers["location"] == PAGE
    page = logged_in.get(PAGE).text
    assert "Thank you for your review, ada!" in page
    assert "5 stars, from ada" in page
    (review,) = db.scalars(select(Review)).all()
    assert (review.item.slug, review.user.username, review.rating) == ("plum-jam", "ada", 5)


def test_mistakes_are_shown_by_their_fields(logged_in, db) -> None:
    sent = send_review(logged_in, rating="9", text="")
    assert sent.status_code == 400
    assert "Choose one of the options." in sent.text
    assert "This field is required." in sent.text
    assert db.scalars(select(Review)).all() == []


def test_a_review_too_long_is_refused(logged_in) -> None:
    sent = send_review(logged_in, rating="4", text="Yum! " * 500)
    assert sent.status_code == 400
    assert "Use at most 2000 characters (you used 2499)." in sent.text


def test_missing_fields_are_errors_not_crashes(logged_in) -> None:
    sent = send_review(logged_in)
    assert sent.status_code == 400
    assert sent.text.count("This field is required.") == 2


def test_a_form_without_its_csrf_token_is_refused(logged_in, db) -> None:
    sent = logged_in.post(SEND, data={"rating": "1", "text": "Bad."})
    assert sent.status_code == 403
    assert db.scalars(select(Review)).all() == []


def test_reviews_are_escaped(logged_in) -> None:
    send_review(logged_in, rating="3", text="<script>alert(1)</script>")
    page = logged_in.get(PAGE).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_no_review_for_an_unknown_item(logged_in) -> None:
    token = csrf_token(logged_in.get(PAGE))
    sent = logged_in.post("/items/caviar/reviews/", data={"csrf_token": token, "rating": "5"})
    assert sent.status_code == 404


def test_my_reviews(logged_in) -> None:
    assert "You have not written a review yet." in logged_in.get("/my-reviews/").text
    send_review(logged_in, rating="4", text="Good with cheese.")
    page = logged_in.get("/my-reviews/").text
    assert "Good with cheese." in page
    assert '4 stars for\n    <a href="/items/plum-jam/">Plum jam</a>' in page


def test_my_reviews_need_a_login(client) -> None:
    response = client.get("/my-reviews/")
    assert response.headers["location"] == "/accounts/login/?next=/my-reviews/"


def test_the_menu_follows_the_login(client, customer) -> None:
    assert "Log out" not in client.get("/").text
    page = client.get("/accounts/login/")
    assert "The Corner Shop" in page.text  # the login page is in the shop's frame
    form = {
        "csrf_token": csrf_token(page),
        "username": "ada",
        "password": "plum jam and a pot of assam",
    }
    client.post("/accounts/login/", data=form)
    home = client.get("/").text
    assert "Log out ada" in home and 'href="/my-reviews/"' in home
    client.post("/accounts/logout/", data={"csrf_token": csrf_token(client.get("/"))})
    assert "Log out" not in client.get("/").text
