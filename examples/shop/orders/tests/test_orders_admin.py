"""Orders in the admin: staff list, search, filter and sort them, read their lines, and change
their status, and only that."""

import re

from cart.testing import fresh, make_product
from conftest import csrf
from orders.checkout import place_order
from orders.models import Order, OrderStatus

from .conftest import make_orders


def test_staff_find_orders_in_the_admin(client, db, ada, make_user, staff_client):
    grace = make_user("grace", email="grace@navy.example")
    sencha = make_product(db, "Sencha <b>bold</b>", price_cents=450)
    (ada_order,) = make_orders(db, ada, sencha, 1)
    grace_order = place_order(
        db, grace.id, [(sencha.id, 3)], full_name="Grace Hopper", email=grace.email, address="x"
    )
    listing = staff_client.get("/admin/orders/order/")
    assert listing.status_code == 200
    row = (
        f'<th scope="row"><a href="/admin/orders/order/{ada_order}/change/">{ada_order}</a></th>'
        "<td>ada</td><td>Placed</td><td>€4.50</td>"
    )
    assert row in listing.text
    assert "<td>grace</td><td>Placed</td><td>€13.50</td>" in listing.text
    found = staff_client.get("/admin/orders/order/?q=navy.example")
    assert "€13.50" in found.text and "€4.50" not in found.text
    found = staff_client.get("/admin/orders/order/?q=lovelace")
    assert "€4.50" in found.text and "€13.50" not in found.text
    shipped = staff_client.get("/admin/orders/order/?status=shipped")
    assert shipped.status_code == 200 and "€4.50" not in shipped.text
    assert "€4.50" in staff_client.get("/admin/orders/order/?status=placed").text
    assert staff_client.get("/admin/orders/order/?status=lost").status_code == 400
    by_total = staff_client.get("/admin/orders/order/?o=-total_display").text
    assert by_total.index("€13.50") < by_total.index("€4.50")

    change = staff_client.get(f"/admin/orders/order/{grace_order.id}/change/")
    assert change.status_code == 200
    assert (  # the lines, escaped
        "<tr><td>Sencha &lt;b&gt;bold&lt;/b&gt;</td><td class='number'>€4.50</td>"
        "<td class='number'>3</td><td class='number'>€13.50</td></tr>"
    ) in change.text
    assert "Grace Hopper" in change.text


def test_staff_change_the_status_and_nothing_else(db, ada, staff_client):
    sencha = make_product(db, "Sencha")
    (order_id,) = make_orders(db, ada, sencha, 1)
    url = f"/admin/orders/order/{order_id}/change/"
    page = staff_client.get(url)
    assert re.search(r'<select[^>]*name="status"', page.text)
    assert 'name="full_name"' not in page.text and 'name="total_cents"' not in page.text
    posted = staff_client.post(
        url,
        data={
            "csrf_token": csrf(page),
            "status": "shipped",
            "total_cents": "1",  # not a field of the form: ignored
            "_save": "1",
        },
    )
    assert posted.status_code == 303
    fresh(db)
    order = db.get(Order, order_id)
    assert (order.status, order.total_cents) == (OrderStatus.SHIPPED, 450)
    assert staff_client.get("/admin/orders/order/add/").status_code == 403
    assert staff_client.get(f"/admin/orders/order/{order_id}/delete/").status_code == 403


def test_customers_cannot_open_the_orders_admin(client, ada):
    assert client.get("/admin/orders/order/").status_code == 403


def test_cancelling_an_order_puts_its_items_back_once(db, ada, staff_client):
    from catalog.models import Product

    sencha = make_product(db, "Sencha", stock=5)
    (order_id,) = make_orders(db, ada, sencha, 1)
    fresh(db)
    before = db.get(Product, sencha.id).stock
    quantity = sum(line.quantity for line in db.get(Order, order_id).lines)
    url = f"/admin/orders/order/{order_id}/change/"

    def post_status(status: str):
        page = staff_client.get(url)
        return staff_client.post(url, data={"csrf_token": csrf(page), "status": status})

    assert post_status("cancelled").status_code == 303
    fresh(db)
    assert db.get(Product, sencha.id).stock == before + quantity
    assert post_status("cancelled").status_code == 303  # saved again: nothing more comes back
    fresh(db)
    assert db.get(Product, sencha.id).stock == before + quantity
    reopened = post_status("placed")
    assert reopened.status_code == 400
    assert "cannot be reopened" in reopened.text
    fresh(db)
    assert db.get(Order, order_id).status is OrderStatus.CANCELLED
