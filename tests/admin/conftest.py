"""A project with the admin and the bookshop app, users with chosen permissions, and logins."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.admin.bookshop.models import Author, Book, Review, Sale, Status, Tag

from trestle import App
from trestle.apps import build_app
from trestle.conf.settings import Settings

PASSWORD = "admin-test-password-1"

INSTALLED_APPS = [
    "trestle.sessions",
    "trestle.security",
    "trestle.messages",
    "trestle.auth",
    "trestle.staticfiles",
    "trestle.admin",
    "tests.admin.bookshop",
]


def project_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "SECRET_KEY": "admin-tests-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'admin.sqlite3'}",
        "INSTALLED_APPS": INSTALLED_APPS,
        "ROOT_URLCONF": "tests.admin.bookshop.urls",
        "ALLOWED_HOSTS": ["testserver", "127.0.0.1"],
        "LOGIN_THROTTLE_STORE": "memory",
        "PASSWORD_ARGON2_TIME_COST": 1,
        "PASSWORD_ARGON2_MEMORY_COST": 64,
        "PASSWORD_ARGON2_PARALLELISM": 1,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "MEDIA_URL": "/media/",
        "DATABASE_REPEATED_QUERIES": "error",
    }
    values.update(overrides)
    return Settings(values)


class Project:
    """The built app, with helpers to add users and rows."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.extensions["db"]

    def session(self) -> Any:
        return self.db.session()

    def user(
        self,
        username: str,
        *,
        perms: Sequence[str] = (),
        staff: bool = True,
        superuser: bool = False,
        active: bool = True,
    ) -> Any:
        """A user with the permissions named (``"bookshop.view_book"``)."""
        from sqlalchemy import select

        from trestle.auth import Auth
        from trestle.auth.models import Permission, User

        auth = Auth.of(self.app)
        with self.session() as session:
            user = User(
                username=username,
                email=f"{username}@example.com",
                password=auth.hasher.hash(PASSWORD),
                is_staff=staff,
                is_superuser=superuser,
                is_active=active,
            )
            for name in perms:
                label, codename = name.split(".")
                permission = session.scalars(
                    select(Permission).where(
                        Permission.app_label == label, Permission.codename == codename
                    )
                ).one()
                user.user_permissions.append(permission)
            session.add(user)
            session.commit()
            session.refresh(user)
            session.expunge(user)
        return user

    def add(self, *rows: Any) -> list[Any]:
        """Insert rows; they come back detached, with their keys."""
        with self.session() as session:
            session.add_all(rows)
            session.commit()
            for row in rows:
                session.refresh(row)
            session.expunge_all()
        return list(rows)

    def shop(self, books: int = 3) -> dict[str, Any]:
        """Two authors, tags, ``books`` books (the first with a review and a tag)."""
        import datetime as dt
        from decimal import Decimal

        with self.session() as session:
            ada = Author(name="Ada Lovelace", email="ada@example.com")
            grace = Author(name="Grace Hopper", email="grace@example.com")
            poetry, maths = Tag(name="poetry"), Tag(name="maths")
            session.add_all([ada, grace, poetry, maths])
            session.flush()
            made = []
            for index in range(books):
                book = Book(
                    title=f"Book {index:03d}",
                    author_id=ada.id if index % 2 == 0 else grace.id,
                    status=Status.PUBLISHED if index % 3 == 0 else Status.DRAFT,
                    in_print=index % 2 == 0,
                    released=dt.date(2020, 1, 1) + dt.timedelta(days=index * 30),
                    price=Decimal("9.99"),
                )
                session.add(book)
                made.append(book)
            session.flush()
            if made:
                made[0].tags.append(maths)
                session.add(Review(book_id=made[0].id, stars=4, text="Fine"))
            session.commit()
            ids = {"ada": ada.id, "grace": grace.id, "poetry": poetry.id, "maths": maths.id}
            ids["books"] = [book.id for book in made]
        return ids

    def count(self, model: type[Any]) -> int:
        from sqlalchemy import func, select

        with self.session() as session:
            return int(session.execute(select(func.count()).select_from(model)).scalar_one())

    def get(self, model: type[Any], key: Any) -> Any:
        with self.session() as session:
            row = session.get(model, key)
            if row is not None:
                session.expunge(row)
            return row


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A fresh project (SQLite in tmp_path) with every table and the permission rows."""
    from trestle.auth.permissions import create_permissions

    app = build_app(project_settings(tmp_path))
    made = Project(app)
    made.db.create_all()
    with made.session() as session:
        create_permissions(session)
    yield made
    made.db.dispose()


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page: Any) -> str:
    """The CSRF token of the first form on a page."""
    match = _TOKEN.search(page.text)
    assert match, f"no CSRF field on the page:\n{page.text[:1500]}"
    return match.group(1)


def log_in(client: Any, username: str) -> None:
    """Log in through the auth app's page, as a browser does."""
    page = client.get("/accounts/login/")
    answer = client.post(
        "/accounts/login/",
        data={"csrf_token": csrf_token(page), "username": username, "password": PASSWORD},
    )
    assert answer.status_code in (302, 303), answer.text[:500]


def post_form(client: Any, url: str, data: dict[str, Any], **options: Any) -> Any:
    """Post to ``url`` with the CSRF token of the page at ``url`` (or ``page=``)."""
    page = client.get(options.pop("page", url))
    return client.post(url, data={"csrf_token": csrf_token(page), **data}, **options)


@pytest.fixture
def staff_client(project: Project, make_client: Callable[..., Any]) -> Callable[..., Any]:
    """``staff_client(perms=[...], superuser=False)``: a client logged in as a new staff user."""
    counter = iter(range(1000))

    def make(*, perms: Sequence[str] = (), superuser: bool = False, **user: Any) -> Any:
        name = user.pop("username", f"staff{next(counter)}")
        project.user(name, perms=perms, superuser=superuser, **user)
        client = make_client(project.app)
        log_in(client, name)
        return client

    return make


__all__ = ["Author", "Book", "Review", "Sale", "Status", "Tag"]
