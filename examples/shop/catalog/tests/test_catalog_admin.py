"""Staff manage categories and products in the admin; nobody else may."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from catalog.models import Category, Product
from conftest import csrf, log_in

from .conftest import find_all, table_rows

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from sqlalchemy.orm import Session

    from catalog.seed import SeedResult
    from trestle.testing import TestClient


PRODUCTS_URL = "/admin/catalog/product/"


@pytest.fixture
def matcha(seeded: SeedResult, db: Session) -> Product:
    """The seeded matcha, one left."""
    return db.scalars(select(Product).where(Product.slug == "matcha-uji")).one()


def reloaded(db: Session, product: Product) -> Product:
    """The product as the database has it now (a new transaction: SQLite keeps snapshots)."""
    db.rollback()
    return db.get_one(Product, product.id)


def change_form(product: Product, **changes: str) -> dict[str, str]:
    """The fields of the product's change form, as the page fills them, with ``changes``."""
    form = {
        "name": product.name,
        "slug": product.slug,
        "category_id": str(product.category_id),
        "description": product.description,
        "image": product.image,
        "price_cents": str(product.price_cents),
        "stock": str(product.stock),
        "is_active": "on" if product.is_active else "",
        "_save": "1",
    }
    form.update(changes)
    return {name: value for name, value in form.items() if value != ""}


def test_staff_see_the_product_list_with_prices_and_filters(
    client: TestClient, seeded: SeedResult, make_user: Callable[..., Any]
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    page = client.get(PRODUCTS_URL)
    assert page.status_code == 200
    header, *rows = table_rows(page.text)
    assert [name.removesuffix(" (sort)") for name in header] == [
        "",
        "Name",
        "Category",
        "Price",
        "Stock",
        "Is active",
    ]
    assert len(rows) == 25  # the retired one too: staff see everything
    assert ["", "Uji Ceremonial Matcha", "Green tea", "€24.00", "1", "✓Yes"] in rows
    names = [row[1] for row in rows]
    assert names == sorted(names)
    hidden = client.get(PRODUCTS_URL, params={"is_active": "0"})
    assert [row[1:] for row in table_rows(hidden.text)[1:]] == [
        ["Sakura Sencha (spring edition)", "Green tea", "€9.50", "0", "✗No"]
    ]
    found = client.get(PRODUCTS_URL, params={"q": "chestnut"})  # in a description
    assert [row[1] for row in table_rows(found.text)[1:]] == ["Longjing Dragon Well"]
    by_price = client.get(PRODUCTS_URL, params={"o": "-price"})
    assert table_rows(by_price.text)[1][1] == "Cast-Iron Tetsubin, 0.8 l"


def test_staff_filter_products_by_category(
    client: TestClient, seeded: SeedResult, make_user: Callable[..., Any], db: Session
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    teaware = db.scalars(select(Category).where(Category.slug == "teaware")).one()
    page = client.get(PRODUCTS_URL, params={"category_id": str(teaware.id)})
    rows = table_rows(page.text)[1:]
    assert len(rows) == 6 and all(row[2] == "Teaware" for row in rows)


def test_staff_search_categories(
    client: TestClient, seeded: SeedResult, make_user: Callable[..., Any]
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    page = client.get("/admin/catalog/category/", params={"q": "oolong"})
    assert page.status_code == 200
    assert table_rows(page.text)[1:] == [["", "Oolong tea", "oolong-tea"]]


def test_staff_edit_a_product_and_the_shop_shows_it(
    client: TestClient, matcha: Product, make_user: Callable[..., Any], db: Session
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    url = f"{PRODUCTS_URL}{matcha.id}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert find_all(page.text, "input", name="stock")[0].attrs["value"] == "1"
    form = change_form(matcha, stock="7", price_cents="2250", csrf_token=csrf(page))
    answer = client.post(url, data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == PRODUCTS_URL
    changed = reloaded(db, matcha)
    assert (changed.stock, changed.price_cents) == (7, 2250)
    shop_page = client.get("/products/matcha-uji/").text
    assert "€22.50" in shop_page and "In stock" in shop_page and 'max="7"' in shop_page


def test_staff_retire_a_product(
    client: TestClient, matcha: Product, make_user: Callable[..., Any]
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    url = f"{PRODUCTS_URL}{matcha.id}/change/"
    form = change_form(matcha, is_active="", csrf_token=csrf(client.get(url)))
    assert client.post(url, data=form).status_code == 303
    assert client.get("/products/matcha-uji/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stock", "-1", "This cannot be below zero."),
        ("price_cents", "-100", "This cannot be below zero."),
        ("slug", "green tea!", "Use only letters, digits, hyphens and underscores"),
        ("image", "../../settings.py", "Give a path under the static files"),
        ("image", "https://example.com/x.svg", "Give a path under the static files"),
        ("stock", "lots", ""),
        ("stock", "99999999999999", ""),
        ("category_id", "999", ""),
    ],
)
def test_bad_values_are_form_errors(
    client: TestClient,
    matcha: Product,
    make_user: Callable[..., Any],
    db: Session,
    field: str,
    value: str,
    message: str,
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    url = f"{PRODUCTS_URL}{matcha.id}/change/"
    form = change_form(matcha, csrf_token=csrf(client.get(url)), **{field: value})
    answer = client.post(url, data=form)
    assert answer.status_code == 400
    assert message in answer.text
    (invalid,) = find_all(answer.text, "input", **{"aria-invalid": "true"}) + find_all(
        answer.text, "select", **{"aria-invalid": "true"}
    )
    assert invalid.attrs["name"] == field
    assert reloaded(db, matcha).stock == 1  # nothing saved


def test_a_slug_in_use_is_a_form_error(
    client: TestClient, matcha: Product, make_user: Callable[..., Any]
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    url = f"{PRODUCTS_URL}{matcha.id}/change/"
    form = change_form(matcha, slug="earl-grey", csrf_token=csrf(client.get(url)))
    assert client.post(url, data=form).status_code == 400


def test_a_user_who_is_not_staff_is_refused(
    client: TestClient, matcha: Product, make_user: Callable[..., Any], db: Session
) -> None:
    make_user("bob")
    log_in(client, "bob")
    url = f"{PRODUCTS_URL}{matcha.id}/change/"
    assert client.get(PRODUCTS_URL).status_code == 403
    assert client.get(url).status_code == 403
    token = csrf(client.get("/"))
    assert (
        client.post(url, data=change_form(matcha, stock="99", csrf_token=token)).status_code == 403
    )
    assert reloaded(db, matcha).stock == 1


def test_a_visitor_is_sent_to_log_in(client: TestClient, matcha: Product) -> None:
    answer = client.get(PRODUCTS_URL)
    assert answer.status_code == 302
    assert answer.headers["location"].startswith("/accounts/login/?next=")


def test_a_post_without_the_csrf_token_is_refused(
    client: TestClient, matcha: Product, make_user: Callable[..., Any], db: Session
) -> None:
    make_user("ada", is_staff=True, is_superuser=True)
    log_in(client, "ada")
    url = f"{PRODUCTS_URL}{matcha.id}/change/"
    assert client.post(url, data=change_form(matcha, stock="99")).status_code == 403
    assert reloaded(db, matcha).stock == 1
