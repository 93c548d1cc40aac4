"""A customer's orders: the history, newest first and paged, and the order page, which nobody
else can open (another customer's order is a 404, so ids cannot be probed)."""

import re

import pytest

from cart.testing import make_product

from .conftest import make_orders


def listed_orders(page) -> list[int]:
    """The ids of the orders the history page lists, in order."""
    return [int(n) for n in re.findall(r'<a href="/orders/(\d+)/">Order #\d+</a>', page.text)]


def test_the_history_lists_ones_own_orders_newest_first(client, db, ada, make_user):
    grace = make_user("grace")
    sencha = make_product(db, "Sencha", stock=100)
    empty = client.get("/orders/")
    assert "You have not ordered anything yet." in empty.text
    mine = make_orders(db, ada, sencha, 12)
    theirs = make_orders(db, grace, sencha, 2)
    first = client.get("/orders/")
    assert first.status_code == 200
    assert listed_orders(first) == mine[::-1][:10]
    assert "Page 1 of 2" in first.text
    assert '<a href="?page=2" rel="next">Older orders</a>' in first.text
    assert '<td class="number">1</td>' in first.text  # items
    assert '<td class="number">€4.50</td>' in first.text
    second = client.get("/orders/?page=2")
    assert listed_orders(second) == mine[::-1][10:]
    assert not set(theirs) & set(listed_orders(first) + listed_orders(second))


@pytest.mark.parametrize(("page", "status"), [("abc", 400), ("0", 400), ("-1", 400), ("99", 404)])
def test_a_bad_history_page_is_a_4xx(client, db, ada, page, status):
    make_orders(db, ada, make_product(db, "Sencha"), 1)
    assert client.get(f"/orders/?page={page}").status_code == status


def test_someone_elses_order_is_not_found(client, db, ada, make_user):
    grace = make_user("grace")
    sencha = make_product(db, "Sencha")
    (theirs,) = make_orders(db, grace, sencha, 1)
    (mine,) = make_orders(db, ada, sencha, 1)
    assert client.get(f"/orders/{mine}/").status_code == 200
    for order_id in (theirs, 99999, 2**31, 10**30):
        response = client.get(f"/orders/{order_id}/")
        assert response.status_code == 404, order_id
    assert client.get("/orders/abc/").status_code == 404
