"""A visitor's cart through HTTP: the page, the three forms, the limits, and every kind of bad
input answered with a 4xx or a message, never a 500."""

import pytest

from cart.cart import MAX_LINES, MAX_QUANTITY, SessionStore
from cart.testing import make_product, token_for
from trestle.db import count_queries

from .conftest import add, cart_count, quantities, session_data

# -- a visitor's cart ---------------------------------------------------------------------------


def test_an_empty_cart(client):
    page = client.get("/cart/")
    assert page.status_code == 200
    assert "Your cart is empty." in page.text
    assert "/checkout/" not in page.text.split("<main", 1)[1]
    assert cart_count(page) == 0


def test_adding_shows_every_part_of_a_line(client, db):
    sencha = make_product(db, "Sencha", price_cents=450, image="shop/shop.css")
    response = add(client, sencha.id, 2)
    assert response.status_code == 303
    assert response.headers["location"] == "/cart/"
    page = client.get("/cart/")
    assert "Added 2 of Sencha to your cart." in page.text
    assert quantities(page) == {"sencha": 2}
    assert '<img src="/static/shop/shop.css" alt="" width="64" height="64">' in page.text
    assert '<a href="/products/sencha/">Sencha</a>' in page.text
    assert '<td class="number">€4.50</td>' in page.text  # the unit price
    assert '<td class="number">€9.00</td>' in page.text  # the subtotal
    assert '<td class="number cart-total">€9.00</td>' in page.text
    assert 'action="/cart/update/"' in page.text
    assert f'action="/cart/remove/{sencha.id}/"' in page.text
    assert '<a class="button" href="/checkout/">Check out</a>' in page.text
    assert cart_count(page) == 2


def test_the_quantity_defaults_to_one_and_adds_up(client, db):
    sencha = make_product(db, "Sencha")
    gyokuro = make_product(db, "Gyokuro", price_cents=1250)
    add(client, sencha.id)
    add(client, sencha.id)
    add(client, gyokuro.id, 3)
    page = client.get("/cart/")
    assert quantities(page) == {"gyokuro": 3, "sencha": 2}  # in name order
    assert '<td class="number cart-total">€46.50</td>' in page.text
    assert cart_count(page) == 5


def test_the_cart_is_json_in_the_session(client, db):
    sencha = make_product(db, "Sencha")
    add(client, sencha.id, 2)
    assert session_data(client)["cart"] == {str(sencha.id): 2}


def test_next_is_followed_only_on_this_site(client, db):
    sencha = make_product(db, "Sencha", stock=100)
    for next, expected in [
        ("/products/sencha/?from=list", "/products/sencha/?from=list"),
        ("https://evil.example/", "/cart/"),
        ("//evil.example/", "/cart/"),
        ("/\\evil.example/", "/cart/"),
        ("javascript:alert(1)", "/cart/"),
        ("", "/cart/"),
    ]:
        response = add(client, sencha.id, 1, next=next)
        assert response.status_code == 303
        assert response.headers["location"] == expected, next


def test_quantities_are_capped_at_the_stock(client, db):
    sencha = make_product(db, "Sencha", stock=3)
    add(client, sencha.id, 2)
    response = add(client, sencha.id, 5)
    assert response.status_code == 303
    page = client.get("/cart/")
    assert "Only 3 left of Sencha: your cart holds 3." in page.text
    assert quantities(page) == {"sencha": 3}


def test_a_sold_out_product_is_not_added(client, db):
    matcha = make_product(db, "Matcha", stock=0)
    add(client, matcha.id, 1)
    page = client.get("/cart/")
    assert "Matcha is sold out." in page.text
    assert "Your cart is empty." in page.text


def test_the_per_line_limit(client, db):
    bulk = make_product(db, "Bulk tea", stock=5000)
    add(client, bulk.id, MAX_QUANTITY)
    add(client, bulk.id, 1)
    page = client.get("/cart/")
    assert f"At most {MAX_QUANTITY} of Bulk tea per order: your cart holds {MAX_QUANTITY}." in (
        page.text
    )
    assert quantities(page) == {"bulk-tea": MAX_QUANTITY}


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("abc", "Enter a whole number."),
        ("1.5", "Enter a whole number."),
        ("-3", "Enter a number of at least 1."),
        ("0", "Enter a number of at least 1."),
        (str(10**20), f"Enter a number of at most {MAX_QUANTITY}."),
        (str(10**30), "Enter a whole number."),  # longer than any number a form takes
        ("9" * 5000, "Enter a whole number."),
    ],
)
def test_a_bad_quantity_is_a_400_with_a_message(client, db, quantity, message):
    sencha = make_product(db, "Sencha")
    response = add(client, sencha.id, quantity)
    assert response.status_code == 400
    assert f"Quantity: {message}" in response.text
    assert "Your cart is empty." in response.text  # nothing was added


@pytest.mark.parametrize("product_id", ["99999", str(2**31), str(10**30)])
def test_an_unknown_product_is_a_404(client, db, product_id):
    make_product(db, "Sencha")
    response = add(client, product_id, 1)
    assert response.status_code == 404
    assert "There is no such product for sale." in response.text


def test_a_hidden_product_cannot_be_added(client, db):
    retired = make_product(db, "Retired blend", is_active=False)
    assert add(client, retired.id, 1).status_code == 404
    assert "Your cart is empty." in client.get("/cart/").text


def test_forms_without_the_csrf_token_are_refused(client, db):
    sencha = make_product(db, "Sencha")
    assert client.post(f"/cart/add/{sencha.id}/", data={"quantity": "1"}).status_code == 403
    add(client, sencha.id, 2)
    forged = {"csrf_token": "forged", f"quantity-{sencha.id}": "1"}
    assert client.post("/cart/update/", data=forged).status_code == 403
    assert client.post(f"/cart/remove/{sencha.id}/", data={}).status_code == 403
    assert quantities(client.get("/cart/")) == {"sencha": 2}


def test_the_forms_only_take_posts(client, db):
    sencha = make_product(db, "Sencha")
    for url in (f"/cart/add/{sencha.id}/", "/cart/update/", f"/cart/remove/{sencha.id}/"):
        assert client.get(url).status_code == 405, url


# -- the cart page's forms ----------------------------------------------------------------------


def test_update_sets_every_quantity_at_once(client, db):
    sencha = make_product(db, "Sencha", stock=4)
    gyokuro = make_product(db, "Gyokuro")
    hojicha = make_product(db, "Hojicha")
    for product in (sencha, gyokuro, hojicha):
        add(client, product.id, 1)
    response = client.post(
        "/cart/update/",
        data={
            "csrf_token": token_for(client),
            f"quantity-{sencha.id}": "9",
            f"quantity-{gyokuro.id}": "0",
            f"quantity-{hojicha.id}": " 2 ",
            "quantity-99999": "5",  # not in the cart: ignored, never added
        },
    )
    assert response.status_code == 303
    page = client.get("/cart/")
    assert "Your cart is updated." in page.text
    assert "Only 4 left of Sencha: your cart holds 4." in page.text
    assert quantities(page) == {"hojicha": 2, "sencha": 4}


@pytest.mark.parametrize("bad", ["abc", "-3", str(10**30), ""])
def test_update_with_a_bad_quantity_changes_nothing(client, db, bad):
    sencha = make_product(db, "Sencha")
    gyokuro = make_product(db, "Gyokuro")
    add(client, sencha.id, 2)
    add(client, gyokuro.id, 1)
    response = client.post(
        "/cart/update/",
        data={
            "csrf_token": token_for(client),
            f"quantity-{sencha.id}": bad,
            f"quantity-{gyokuro.id}": "3",
        },
    )
    assert response.status_code == 400
    assert "Nothing was changed:" in response.text
    assert "<li>Sencha: " in response.text
    assert 'aria-invalid="true"' in response.text
    assert quantities(client.get("/cart/")) == {"gyokuro": 1, "sencha": 2}


def test_remove(client, db):
    sencha = make_product(db, "Sencha")
    gyokuro = make_product(db, "Gyokuro")
    add(client, sencha.id, 2)
    add(client, gyokuro.id, 1)
    response = client.post(f"/cart/remove/{sencha.id}/", data={"csrf_token": token_for(client)})
    assert response.status_code == 303
    page = client.get("/cart/")
    assert "Sencha is out of your cart." in page.text
    assert quantities(page) == {"gyokuro": 1}
    again = client.post(f"/cart/remove/{sencha.id}/", data={"csrf_token": token_for(client)})
    assert again.status_code == 404
    assert "That product is not in your cart." in again.text
    huge = client.post(f"/cart/remove/{10**30}/", data={"csrf_token": token_for(client)})
    assert huge.status_code == 404


def test_products_that_change_after_being_added(client, db):
    sencha = make_product(db, "Sencha", stock=10)
    gyokuro = make_product(db, "Gyokuro")
    hojicha = make_product(db, "Hojicha")
    add(client, sencha.id, 5)
    add(client, gyokuro.id, 1)
    add(client, hojicha.id, 1)
    sencha.stock = 2
    gyokuro.is_active = False
    db.delete(hojicha)
    db.commit()
    page = client.get("/cart/")
    assert "Only 2 left of Sencha: your cart holds 2." in page.text
    assert "Gyokuro is no longer sold: it left your cart." in page.text
    assert "A product that is no longer sold left your cart." in page.text
    assert quantities(page) == {"sencha": 2}
    assert cart_count(page) == 2
    # Stored so: the notices are not repeated on the next page.
    again = client.get("/cart/")
    assert "left your cart" not in again.text and "Only 2 left" not in again.text


def test_the_cart_page_costs_the_same_queries_for_one_line_or_many(client, db):
    products = [make_product(db, f"Tea {n}") for n in range(6)]
    add(client, products[0].id, 1)
    database = client.app.extensions["db"]
    with count_queries(database) as one_line:
        client.get("/cart/")
    for product in products[1:]:
        add(client, product.id, 1)
    with count_queries(database) as six_lines:
        page = client.get("/cart/")
    assert len(quantities(page)) == 6
    assert one_line.count == six_lines.count == 1  # the products, in one query


def test_the_session_cart_ignores_what_is_not_a_cart():
    store = SessionStore(
        {"cart": {"7": 2, "abc": 1, "5": -1, "6": "2", "8": True, "٣": 1, "9" * 30: 1}}
    )
    assert store.load() == {7: 2}
    assert SessionStore({"cart": ["not", "a", "dict"]}).load() == {}


def test_a_cart_holds_a_bounded_number_of_products(client, db):
    # A visitor's cart lives in a cookie, which browsers cap at 4 KB.
    products = [make_product(db, f"Tea {n:02d}") for n in range(MAX_LINES + 1)]
    token = token_for(client)
    for product in products[:MAX_LINES]:
        response = client.post(f"/cart/add/{product.id}/", data={"csrf_token": token})
        assert response.status_code == 303
    full = client.post(f"/cart/add/{products[-1].id}/", data={"csrf_token": token})
    assert full.status_code == 400
    assert f"Your cart holds {MAX_LINES} different products, the most it can" in full.text
    assert len(quantities(full)) == MAX_LINES
    # More of a product already there still fits.
    assert (
        client.post(f"/cart/add/{products[0].id}/", data={"csrf_token": token}).status_code == 303
    )
    assert cart_count(client.get("/cart/")) == MAX_LINES + 1
