"""A customer's cart: saved in CartItem rows, merged with the visitor's cart at login (through
the real login page), and the same in every browser the customer uses."""

from cart.cart import MAX_LINES
from cart.models import CartItem
from cart.testing import make_product, token_for
from conftest import PASSWORD, log_in

from .conftest import add, cart_count, quantities, saved_cart, session_data


def test_a_customers_cart_is_saved_in_rows(client, db, make_user):
    ada = make_user("ada")
    sencha = make_product(db, "Sencha")
    log_in(client, "ada", PASSWORD)
    add(client, sencha.id, 2)
    assert saved_cart(db, ada) == {sencha.id: 2}
    client.post(
        "/cart/update/", data={"csrf_token": token_for(client), f"quantity-{sencha.id}": "3"}
    )
    assert saved_cart(db, ada) == {sencha.id: 3}
    client.post(f"/cart/remove/{sencha.id}/", data={"csrf_token": token_for(client)})
    assert saved_cart(db, ada) == {}


def test_the_visitors_cart_is_merged_at_login(client, app, db, make_user):
    ada = make_user("ada")
    sencha = make_product(db, "Sencha", stock=3)
    gyokuro = make_product(db, "Gyokuro")
    db.add(CartItem(user_id=ada.id, product_id=sencha.id, quantity=2))  # saved earlier
    db.commit()
    add(client, sencha.id, 2)
    add(client, gyokuro.id, 1)
    assert cart_count(client.get("/cart/")) == 3

    response = log_in(client, "ada", PASSWORD, next="/cart/")
    assert response.status_code == 303
    assert response.headers["location"] == "/cart/"
    page = client.get("/cart/")
    assert "Only 3 left of Sencha: your cart holds 3." in page.text  # 2 + 2, capped at 3
    assert quantities(page) == {"gyokuro": 1, "sencha": 3}
    assert saved_cart(db, ada) == {sencha.id: 3, gyokuro.id: 1}
    assert "cart" not in session_data(client)  # merged, then gone from the session

    # Another browser of the same customer sees the same cart once logged in...
    with app.test_client(base_url="http://localhost") as laptop:
        assert cart_count(laptop.get("/cart/")) == 0
        log_in(laptop, "ada", PASSWORD)
        assert quantities(laptop.get("/cart/")) == {"gyokuro": 1, "sencha": 3}
        # ...and a change made there shows in the first one.
        laptop.post(f"/cart/remove/{gyokuro.id}/", data={"csrf_token": token_for(laptop)})
    assert quantities(client.get("/cart/")) == {"sencha": 3}


def test_logging_out_leaves_the_saved_cart_behind(client, db, make_user):
    ada = make_user("ada")
    sencha = make_product(db, "Sencha")
    log_in(client, "ada", PASSWORD)
    add(client, sencha.id, 2)
    client.post("/accounts/logout/", data={"csrf_token": token_for(client)})
    assert "Your cart is empty." in client.get("/cart/").text
    assert saved_cart(db, ada) == {sencha.id: 2}
    log_in(client, "ada", PASSWORD)  # an empty session cart adds nothing
    assert quantities(client.get("/cart/")) == {"sencha": 2}


def test_the_header_counts_the_cart_on_every_page(client, db, make_user):
    make_user("ada")
    sencha = make_product(db, "Sencha")
    add(client, sencha.id, 2)
    assert cart_count(client.get("/accounts/login/")) == 2
    log_in(client, "ada", PASSWORD)
    assert cart_count(client.get("/orders/")) == 2


def test_a_full_saved_cart_takes_what_fits_at_login(client, db, make_user):
    ada = make_user("ada")
    saved = [make_product(db, f"Saved tea {n:02d}") for n in range(MAX_LINES - 1)]
    for product in saved:
        db.add(CartItem(user_id=ada.id, product_id=product.id, quantity=1))
    db.commit()
    first, second = make_product(db, "Assam"), make_product(db, "Bancha")
    add(client, first.id, 1)
    add(client, second.id, 1)
    log_in(client, "ada", PASSWORD)
    page = client.get("/cart/")
    assert f"Your cart holds {MAX_LINES} different products, the most it can" in page.text
    cart = saved_cart(db, ada)
    assert len(cart) == MAX_LINES
    assert cart[first.id] == 1 and second.id not in cart
