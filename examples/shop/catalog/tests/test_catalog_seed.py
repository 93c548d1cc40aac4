"""The demo data: what ``seed`` makes, that a second run changes nothing, and the staff login."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.demo_data import CATEGORIES, PRODUCTS
from catalog.models import Category, Product
from catalog.seed import DEMO_PASSWORD, SeedError, seed
from conftest import log_in
from trestle.auth import Auth
from trestle.auth.models import User

if TYPE_CHECKING:
    from catalog.seed import SeedResult
    from trestle import App
    from trestle.testing import TestClient


STRONG = "sencha at dawn, 7 leaves"


def run_seed(app: Any, **environ: str) -> Any:
    """Seed in a session of its own and commit, as the command does."""
    with app.extensions["db"].session() as session:
        result = seed(app, session, environ=environ)
        session.commit()
    return result


def snapshot(app: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Any]]:
    """Every catalogue row and user, column by column."""
    with app.extensions["db"].session() as session:
        categories = session.execute(select(Category.__table__).order_by(Category.id)).all()
        products = session.execute(select(Product.__table__).order_by(Product.id)).all()
        users = session.execute(select(User.__table__).order_by(User.id)).all()
    return [tuple(row) for row in categories], [tuple(row) for row in products], users


def count(db: Session, model: Any) -> int:
    """How many rows ``model`` has (in a new transaction)."""
    db.rollback()
    return db.scalars(select(func.count()).select_from(model)).one()


def test_seed_stocks_the_demo_shop(seeded: SeedResult, db: Session) -> None:
    assert (seeded.categories_created, seeded.categories_existing) == (5, 0)
    assert (seeded.products_created, seeded.products_existing) == (25, 0)
    assert seeded.staff_created and seeded.staff_password_works
    assert (seeded.staff_username, seeded.staff_password) == ("staff", DEMO_PASSWORD)
    assert count(db, Category) == 5 and count(db, Product) == 25
    products = db.scalars(select(Product)).all()
    active = [product for product in products if product.is_active]
    assert len(active) == 24
    assert {product.stock for product in active} >= {0, 1, 2}
    assert all(product.price_cents > 0 and product.description for product in products)
    assert {product.category.slug for product in products} == {data.slug for data in CATEGORIES}
    staff = db.scalars(select(User).where(User.username == "staff")).one()
    assert staff.is_staff and staff.is_superuser and staff.is_active
    assert staff.password.startswith("$argon2id$")


def test_seeding_again_changes_nothing(app: App, seeded: SeedResult) -> None:
    before = snapshot(app)
    again = run_seed(app)
    assert (again.categories_created, again.categories_existing) == (0, 5)
    assert (again.products_created, again.products_existing) == (0, 25)
    assert not again.staff_created and again.staff_password_works
    assert snapshot(app) == before


def test_seeding_keeps_what_staff_changed_and_adds_what_is_missing(app: App, db: Session) -> None:
    # Staff made "Teaware" under their own slug and sell Earl Grey at their own price.
    pots = Category(name="Teaware", slug="pots")
    db.add(pots)
    db.add(
        Product(
            name="Our Earl Grey",
            slug="earl-grey",
            category=pots,
            price_cents=999,
            stock=3,
        )
    )
    db.commit()
    result = run_seed(app)
    assert (result.categories_created, result.categories_existing) == (4, 1)
    assert (result.products_created, result.products_existing) == (24, 1)
    db.rollback()
    earl = db.scalars(select(Product).where(Product.slug == "earl-grey")).one()
    assert (earl.name, earl.price_cents, earl.category.slug) == ("Our Earl Grey", 999, "pots")
    teapot = db.scalars(select(Product).where(Product.slug == "kyusu-tokoname")).one()
    assert teapot.category.slug == "pots"
    assert count(db, Category) == 5


def test_the_seeded_staff_logs_in_to_the_admin_with_the_printed_password(
    client: TestClient, seeded: SeedResult
) -> None:
    log_in(client, seeded.staff_username, seeded.staff_password)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Products" in page.text and "Categories" in page.text


def test_the_staff_password_from_the_environment(app: App, client: TestClient) -> None:
    result = run_seed(app, SHOP_STAFF_PASSWORD=STRONG)
    assert result.staff_password == STRONG
    log_in(client, "staff", STRONG)
    assert client.get("/admin/").status_code == 200


def test_a_weak_password_from_the_environment_is_refused_and_nothing_is_written(
    app: App, db: Session
) -> None:
    with pytest.raises(SeedError, match="SHOP_STAFF_PASSWORD is too weak"):
        run_seed(app, SHOP_STAFF_PASSWORD="staff")
    assert count(db, Category) == count(db, Product) == count(db, User) == 0


def test_a_staff_password_changed_since_is_kept(app: App, seeded: SeedResult, db: Session) -> None:
    auth = Auth.of(app)
    staff = db.scalars(select(User).where(User.username == "staff")).one()
    auth.set_password(staff, STRONG)
    db.commit()
    again = run_seed(app)
    assert not again.staff_created and not again.staff_password_works
    db.rollback()
    assert auth.hasher.verify(db.get_one(User, staff.id).password, STRONG)


@pytest.fixture
def production_app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The shop with DEBUG off, as in production."""
    monkeypatch.setenv("TRESTLE_DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "a production key that is long and random: Zx81qPv4Lm0Tr6")
    from trestle.apps import build_app

    app = build_app()
    assert app.settings.DEBUG is False
    yield app
    app.extensions["db"].dispose()


@pytest.mark.parametrize(
    "environ", [{}, {"SHOP_STAFF_PASSWORD": ""}, {"SHOP_STAFF_PASSWORD": DEMO_PASSWORD}]
)
def test_with_debug_off_the_demo_password_is_refused(
    production_app: App, environ: dict[str, str]
) -> None:
    with pytest.raises(SeedError, match="DEBUG is off and SHOP_STAFF_PASSWORD is not set"):
        run_seed(production_app, **environ)
    with production_app.extensions["db"].session() as session:
        assert session.scalar(select(func.count()).select_from(Category)) == 0


def test_with_debug_off_a_password_of_ones_own_works(production_app: App) -> None:
    result = run_seed(production_app, SHOP_STAFF_PASSWORD=STRONG)
    assert result.staff_created and result.staff_password == STRONG
    assert result.products_created == len(PRODUCTS)
