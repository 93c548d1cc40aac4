"""Stock the shop with the demo catalogue and a staff user: ``python manage.py seed``.

Running it again changes nothing: rows are looked up by slug (a category by name too, the
staff user by username) and only the missing ones are added; nothing is updated or deleted.

The staff user's password comes from ``SHOP_STAFF_PASSWORD``. Without it, the well-known
demo password is used, but only while ``DEBUG`` is on: a password printed in a README must
never guard a production admin.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from trestle import App
from trestle.auth import Auth, PasswordValidationError

from .demo_data import CATEGORIES, PRODUCTS
from .models import Category, Product

STAFF_USERNAME = "staff"
STAFF_EMAIL = "staff@example.com"
#: The environment variable that sets the staff user's password.
PASSWORD_VARIABLE = "SHOP_STAFF_PASSWORD"
#: The demo password, used only while DEBUG is on and SHOP_STAFF_PASSWORD is not set.
DEMO_PASSWORD = "trestle-shop-staff"


class SeedError(Exception):
    """The demo data cannot be seeded as asked (the message says why and what to do)."""


@dataclass(frozen=True)
class SeedResult:
    """What a run of :func:`seed` made, and what was there already."""

    categories_created: int
    categories_existing: int
    products_created: int
    products_existing: int
    staff_username: str
    staff_password: str
    #: True when this run made the staff user; False when the user was there already.
    staff_created: bool
    #: Whether ``staff_password`` logs the staff user in (someone may have changed it since).
    staff_password_works: bool


def seed(app: App, session: Session, *, environ: Mapping[str, str] | None = None) -> SeedResult:
    """Add the demo categories, products and staff user that are missing; the caller commits.

    Raises :class:`SeedError`, having changed nothing, when DEBUG is off and no staff
    password of one's own is set, or when ``SHOP_STAFF_PASSWORD`` is too weak.
    """
    password = staff_password(app, os.environ if environ is None else environ)
    auth = Auth.of(app)
    staff, staff_created = _staff_user(auth, session, password)  # may refuse: before any write
    categories, categories_created = _seed_categories(session)
    products_created = _seed_products(session, categories)
    if staff_created:
        session.add(staff)
        session.flush()
    password_works = staff_created or auth.hasher.verify(staff.password, password)
    return SeedResult(
        categories_created=categories_created,
        categories_existing=len(CATEGORIES) - categories_created,
        products_created=products_created,
        products_existing=len(PRODUCTS) - products_created,
        staff_username=STAFF_USERNAME,
        staff_password=password,
        staff_created=staff_created,
        staff_password_works=password_works,
    )


def staff_password(app: App, environ: Mapping[str, str]) -> str:
    """The staff password to use: ``SHOP_STAFF_PASSWORD``, else the demo one in DEBUG only."""
    password = environ.get(PASSWORD_VARIABLE, "") or DEMO_PASSWORD
    if password == DEMO_PASSWORD and not app.settings.DEBUG:
        raise SeedError(
            f"DEBUG is off and {PASSWORD_VARIABLE} is not set (or is the demo password): "
            "refusing to give the staff user the public demo password. Set "
            f"{PASSWORD_VARIABLE} to a strong password of your own and run the command again."
        )
    return password


def _seed_categories(session: Session) -> tuple[dict[str, Category], int]:
    """Every demo category by slug (the missing ones added), and how many were added.

    A category is there already when its slug or its name is (names are unique too: staff
    may have made "Teaware" under another slug, and the demo products then go in it).
    """
    slugs = [data.slug for data in CATEGORIES]
    names = [data.name for data in CATEGORIES]
    existing = session.scalars(
        select(Category).where(or_(Category.slug.in_(slugs), Category.name.in_(names)))
    ).all()
    found: dict[str, Category] = {}
    created = 0
    for data in CATEGORIES:
        match = next((row for row in existing if row.slug == data.slug), None) or next(
            (row for row in existing if row.name == data.name), None
        )
        if match is None:
            match = Category(slug=data.slug, name=data.name, description=data.description)
            session.add(match)
            created += 1
        found[data.slug] = match
    session.flush()  # the new categories' ids, for their products
    return found, created


def _seed_products(session: Session, categories: dict[str, Category]) -> int:
    """Add the missing demo products; returns how many were added."""
    slugs = [data.slug for data in PRODUCTS]
    existing = set(session.scalars(select(Product.slug).where(Product.slug.in_(slugs))))
    now = datetime.now(UTC)
    created = 0
    for data in PRODUCTS:
        if data.slug in existing:
            continue
        session.add(
            Product(
                slug=data.slug,
                name=data.name,
                category_id=categories[data.category].id,
                description=data.description,
                price_cents=data.price_cents,
                stock=data.stock,
                image=data.image,
                is_active=data.is_active,
                created_at=now - timedelta(days=data.added_days_ago),
            )
        )
        created += 1
    session.flush()
    return created


def _staff_user(auth: Auth, session: Session, password: str) -> tuple[Any, bool]:
    """The staff user and False if it exists (left as it is), else a new one and True."""
    model: Any = auth.user_model
    username_column = getattr(model, model.USERNAME_FIELD)
    user = session.scalar(select(model).where(username_column == STAFF_USERNAME))
    if user is not None:
        return user, False
    user = model(
        **{model.USERNAME_FIELD: STAFF_USERNAME},
        email=STAFF_EMAIL,
        is_staff=True,
        is_superuser=True,
    )
    # The demo password (DEBUG only, see staff_password) is the one exempt from the checks.
    if password != DEMO_PASSWORD:
        try:
            auth.validate_password(password, user)
        except PasswordValidationError as error:
            raise SeedError(f"{PASSWORD_VARIABLE} is too weak: {error}") from None
    auth.set_password(user, password)
    return user, True
