"""Saved carts in the admin: staff see who is about to buy what, and find it by name."""

from cart.models import CartItem
from cart.testing import make_product
from conftest import PASSWORD, log_in


def test_staff_see_saved_carts(app, client, db, make_user):
    ada = make_user("ada")
    grace = make_user("grace")
    sencha = make_product(db, "Sencha")
    gyokuro = make_product(db, "Gyokuro")
    db.add_all(
        [
            CartItem(user_id=ada.id, product_id=sencha.id, quantity=2),
            CartItem(user_id=grace.id, product_id=gyokuro.id, quantity=5),
        ]
    )
    db.commit()
    assert client.get("/admin/cart/cart_item/").status_code == 302  # to the login page
    log_in(client, "ada", PASSWORD)
    assert client.get("/admin/cart/cart_item/").status_code == 403  # customers are not staff
    make_user("boss", is_staff=True, is_superuser=True)
    with app.test_client(base_url="http://localhost") as staff:
        log_in(staff, "boss", PASSWORD)
        listing = staff.get("/admin/cart/cart_item/")
        assert ">ada</a></th><td>Sencha</td><td>2</td>" in listing.text
        assert ">grace</a></th><td>Gyokuro</td><td>5</td>" in listing.text
        found = staff.get("/admin/cart/cart_item/?q=gyokuro")
        assert ">grace</a></th>" in found.text and ">ada</a></th>" not in found.text
