"""The admin, as the shopkeeper uses it: only staff get in, and what they change shows."""

import re

import pytest

from store.models import Item, Review


@pytest.fixture
def shopkeeper(logged_in, customer, db):
    """The logged-in client, its customer made staff and superuser: the shopkeeper."""
    from trestle.auth.models import User

    user = db.get(User, customer.id)
    user.is_staff = user.is_superuser = True
    db.commit()
    return logged_in


def csrf_token(page) -> str:
    """The CSRF token of the page's form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_visitors_are_sent_to_the_login_page(client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/admin/"


def test_customers_are_not_let_in(logged_in) -> None:
    assert logged_in.get("/admin/").status_code == 403
    assert logged_in.get("/admin/store/item/").status_code == 403


def test_the_list_of_items(shopkeeper) -> None:
    page = shopkeeper.get("/admin/store/item/").text
    assert "<strong>3</strong> items" in page
    assert "£4.50" in page and "£3.75" in page
    found = shopkeeper.get("/admin/store/item/", params={"q": "jam"}).text
    assert "<strong>1</strong> of 3 items" in found and "Plum jam" in found
    assert shopkeeper.get("/admin/store/item/", params={"is_available": "maybe"}).status_code == 400


def test_a_price_below_zero_is_refused(shopkeeper, db) -> None:
    form = shopkeeper.get("/admin/store/item/1/change/")
    sent = shopkeeper.post(
        "/admin/store/item/1/change/",
        data={
            "csrf_token": csrf_token(form),
            "name": "Assam tea",
            "slug": "assam-tea",
            "price_pence": "-5",
            "stock": "20",
            "is_available": "on",
            "_save": "1",
        },
    )
    assert sent.status_code == 400
    assert "Enter a number of at least 0." in sent.text
    assert db.get(Item, 1).price_pence == 450


def test_an_item_added_in_the_admin_is_in_the_shop(shopkeeper) -> None:
    form = shopkeeper.get("/admin/store/item/add/")
    sent = shopkeeper.post(
        "/admin/store/item/add/",
        data={
            "csrf_token": csrf_token(form),
            "name": "Lemon curd",
            "slug": "lemon-curd",
            "price_pence": "399",
            "stock": "12",
            "is_available": "on",
            "_save": "1",
        },
    )
    assert sent.status_code == 303
    assert "Lemon curd" in shopkeeper.get("/").text


def test_items_taken_off_the_shelves_leave_the_shop(shopkeeper, db) -> None:
    page = shopkeeper.get("/admin/store/item/")
    sent = shopkeeper.post(
        "/admin/store/item/",
        data={"csrf_token": csrf_token(page), "action": "take_off_the_shelves", "_selected": "3"},
    )
    assert sent.status_code == 303
    assert db.get(Item, 3).is_available is False
    assert "Plum jam" not in shopkeeper.get("/").text


def test_reviews_by_rating(shopkeeper, db) -> None:
    db.add(Review(item_id=1, author="ada", rating=5, text="Wakes me up."))
    db.add(Review(item_id=2, author="bob", rating=2, text="Too dry."))
    db.commit()
    page = shopkeeper.get("/admin/store/review/", params={"rating": "2"}).text
    assert "<strong>1</strong> of 2 reviews" in page
    assert '<a href="/admin/store/review/2/change/">Oat biscuits</a>' in page
    assert "<td>2: poor</td><td>bob</td>" in page
