"""Checking out through HTTP: who may, the form, the order and its lines written with the stock
taken, and stock that ran out meanwhile answered with the checkout again, nothing written."""

import pytest
from sqlalchemy import select

from cart.testing import make_product, token_for
from conftest import PASSWORD, csrf, log_in
from orders.checkout import OutOfStock, place_order
from orders.models import Order, OrderStatus

from .conftest import DELIVERY, check_out, fill_cart, order_count, saved_cart, stock_of

# -- who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/checkout/", "/orders/", "/orders/1/"])
def test_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["location"] == f"/accounts/login/?next={url}"


def test_a_visitor_posting_the_checkout_is_sent_to_log_in(client, db):
    response = client.post("/checkout/", data={"csrf_token": token_for(client), **DELIVERY})
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/checkout/"
    assert order_count(db) == 0


def test_log_in_then_come_back_to_the_checkout(client, db, make_user):
    ada = make_user("ada")
    fill_cart(db, ada, (make_product(db, "Sencha"), 1))
    response = log_in(client, "ada", PASSWORD, next="/checkout/")
    assert response.headers["location"] == "/checkout/"
    assert client.get("/checkout/").status_code == 200


def test_an_empty_cart_goes_back_to_the_cart(client, db, ada):
    response = client.get("/checkout/")
    assert response.status_code == 303
    assert response.headers["location"] == "/cart/"
    assert "Your cart is empty: add something before checking out." in client.get("/cart/").text
    posted = client.post("/checkout/", data={"csrf_token": token_for(client), **DELIVERY})
    assert posted.status_code == 303
    assert posted.headers["location"] == "/cart/"
    assert order_count(db) == 0


# -- checking out -------------------------------------------------------------------------------


def test_the_checkout_page(client, db, ada):
    sencha = make_product(db, "Sencha", price_cents=450)
    gyokuro = make_product(db, "Gyokuro", price_cents=1250)
    fill_cart(db, ada, (sencha, 2), (gyokuro, 1))
    page = client.get("/checkout/")
    assert page.status_code == 200
    assert '<form method="post" action="/checkout/">' in page.text
    assert 'name="csrf_token"' in page.text
    assert 'id="id_full_name" name="full_name"' in page.text
    assert 'name="email" type="email" value="ada@example.com"' in page.text  # from the account
    assert '<textarea id="id_address" name="address"' in page.text
    assert '<tr><td>Gyokuro</td><td class="number">1</td>' in page.text
    assert '<tr><td>Sencha</td><td class="number">2</td>' in page.text
    assert '<td class="number checkout-total">€21.50</td>' in page.text
    assert "Place the order (€21.50)" in page.text


def test_placing_an_order(client, db, ada):
    sencha = make_product(db, "Sencha", price_cents=450, stock=5)
    gyokuro = make_product(db, "Gyokuro", price_cents=1250, stock=1)
    fill_cart(db, ada, (sencha, 2), (gyokuro, 1))
    response = check_out(client)
    assert response.status_code == 303
    order = db.scalar(select(Order))
    assert response.headers["location"] == f"/orders/{order.id}/"
    assert (order.user_id, order.status, order.total_cents) == (ada.id, OrderStatus.PLACED, 2150)
    assert (order.full_name, order.email, order.address) == tuple(DELIVERY.values())
    lines = [(x.product_name, x.unit_price_cents, x.quantity) for x in order.lines]
    assert lines == [("Sencha", 450, 2), ("Gyokuro", 1250, 1)]  # in product id order
    assert (stock_of(db, sencha), stock_of(db, gyokuro)) == (3, 0)
    assert saved_cart(db, ada) == {}

    page = client.get(response.headers["location"])
    assert f"Thank you! Your order #{order.id} is placed." in page.text
    assert "<td>Sencha</td>" in page.text and "<td>Gyokuro</td>" in page.text
    assert '<td class="number order-total">€21.50</td>' in page.text
    assert "12 St James&#39;s Square\nLondon SW1Y 4JH" in page.text
    assert '<span class="cart-count" aria-label="items in the cart">0</span>' in page.text


def test_the_next_checkout_offers_the_last_delivery_address(client, db, ada):
    sencha = make_product(db, "Sencha")
    fill_cart(db, ada, (sencha, 1))
    check_out(client)
    fill_cart(db, ada, (sencha, 1))
    page = client.get("/checkout/")
    assert 'name="full_name" type="text" value="Ada Lovelace"' in page.text
    assert "12 St James&#39;s Square\nLondon SW1Y 4JH</textarea>" in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"full_name": ""}, "This field is required."),
        ({"email": "ada@"}, "Enter an email address, like name@example.com."),
        ({"address": "x" * 1001}, "Use at most 1000 characters (you used 1001)."),
        ({"full_name": "Ada\x00"}, "Remove the control characters from the text."),
    ],
)
def test_a_form_with_errors_writes_nothing(client, db, ada, fields, message):
    sencha = make_product(db, "Sencha", stock=5)
    fill_cart(db, ada, (sencha, 2))
    response = check_out(client, **fields)
    assert response.status_code == 400
    assert message in response.text
    assert "<tr><td>Sencha</td>" in response.text  # the summary is still there
    assert order_count(db) == 0
    assert stock_of(db, sencha) == 5
    assert saved_cart(db, ada) == {sencha.id: 2}


def test_the_checkout_form_needs_its_csrf_token(client, db, ada):
    sencha = make_product(db, "Sencha", stock=5)
    fill_cart(db, ada, (sencha, 1))
    assert client.post("/checkout/", data=DELIVERY).status_code == 403
    assert order_count(db) == 0
    assert stock_of(db, sencha) == 5


def test_out_of_stock_shows_the_checkout_again_and_writes_nothing(client, db, ada):
    sencha = make_product(db, "Sencha", stock=10)
    gyokuro = make_product(db, "Gyokuro", stock=10)
    matcha = make_product(db, "Matcha", stock=10)
    fill_cart(db, ada, (sencha, 3), (gyokuro, 1), (matcha, 2))
    page = client.get("/checkout/")
    # Other customers buy while Ada fills in the form.
    sencha.stock, gyokuro.stock = 1, 0
    db.commit()
    response = client.post("/checkout/", data={"csrf_token": csrf(page), **DELIVERY})
    assert response.status_code == 409
    assert "Some items ran out while you were shopping. Nothing was ordered" in response.text
    assert "<li>Only 1 left of Sencha.</li>" in response.text
    assert "<li>Gyokuro is sold out.</li>" in response.text
    assert 'value="Ada Lovelace"' in response.text  # what was typed stays
    assert order_count(db) == 0
    assert [stock_of(db, p) for p in (sencha, gyokuro, matcha)] == [1, 0, 10]
    assert saved_cart(db, ada) == {sencha.id: 1, matcha.id: 2}  # adjusted to what is left
    # The adjusted cart can be bought as it is.
    again = client.post("/checkout/", data={"csrf_token": csrf(response), **DELIVERY})
    assert again.status_code == 303
    assert [stock_of(db, p) for p in (sencha, gyokuro, matcha)] == [0, 0, 8]


def test_everything_sold_out_leaves_an_empty_cart(client, db, ada):
    sencha = make_product(db, "Sencha", stock=1)
    fill_cart(db, ada, (sencha, 1))
    page = client.get("/checkout/")
    sencha.is_active = False  # withdrawn from sale meanwhile
    db.commit()
    response = client.post("/checkout/", data={"csrf_token": csrf(page), **DELIVERY})
    assert response.status_code == 409
    assert "<li>Sencha is sold out.</li>" in response.text
    assert "Your cart is empty now." in response.text
    assert saved_cart(db, ada) == {}
    assert stock_of(db, sencha) == 1


def test_the_lines_keep_the_price_paid(client, db, ada):
    sencha = make_product(db, "Sencha", price_cents=450)
    fill_cart(db, ada, (sencha, 2))
    location = check_out(client).headers["location"]
    sencha.price_cents, sencha.name = 999, "Sencha (new harvest)"
    db.commit()
    page = client.get(location)
    assert "<td>Sencha</td>" in page.text
    assert '<td class="number">€4.50</td>' in page.text
    assert "€9.99" not in page.text


def test_place_order_refuses_nonsense(db, make_user):
    ada = make_user("ada")
    sencha = make_product(db, "Sencha")
    with pytest.raises(ValueError, match="at least one line"):
        place_order(db, ada.id, [], **DELIVERY)
    with pytest.raises(ValueError, match="at least 1"):
        place_order(db, ada.id, [(sencha.id, 0)], **DELIVERY)
    with pytest.raises(OutOfStock) as raised:
        place_order(db, ada.id, [(sencha.id, 4), (sencha.id, 7), (424242, 1)], **DELIVERY)
    assert [(s.name, s.requested, s.available) for s in raised.value.shortages] == [
        ("Sencha", 11, 10),
        ("product 424242", 1, 0),
    ]
    assert stock_of(db, sencha) == 10
