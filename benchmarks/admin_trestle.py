"""The Trestle side of the admin benchmark: two models, their admin, a one-file app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle.db import Model


class BenchAuthor(Model):
    __app_label__ = "benchadmin"
    __tablename__ = "benchadmin_author"

    name: Mapped[str] = mapped_column(String(100))

    def __str__(self) -> str:
        return self.name


class BenchBook(Model):
    __app_label__ = "benchadmin"
    __tablename__ = "benchadmin_book"

    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("benchadmin_author.id"))
    author: Mapped[BenchAuthor] = relationship()
    in_print: Mapped[bool] = mapped_column(default=True)
    released: Mapped[dt.date | None] = mapped_column(default=None)
    price: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), default=None)

    def __str__(self) -> str:
        return self.title


def make_app(folder: Path, rows: list[dict[str, Any]], authors: int) -> tuple[Any, str]:
    """The app (WSGI) and the Cookie header of a logged-in superuser."""
    import trestle.messages
    import trestle.security
    import trestle.sessions
    from trestle import App
    from trestle.admin import AdminSite, ModelAdmin
    from trestle.auth import Auth
    from trestle.auth.models import User
    from trestle.db import Database
    from trestle.templating import Templates

    app = App(
        {
            "SECRET_KEY": "benchmark-" + "k" * 40,
            "DATABASE_URL": f"sqlite:///{folder / 'trestle.sqlite3'}",
            "ALLOWED_HOSTS": ["localhost"],
            "LOGIN_THROTTLE_STORE": "memory",
            "DATABASE_REPEATED_QUERIES": "off",
        }
    )
    Templates.for_project(app)
    database = Database.install(app)
    trestle.sessions.install(app)
    trestle.security.install(app)
    trestle.messages.install(app)
    auth = Auth.install(app)

    class BookAdmin(ModelAdmin):
        list_display = ("title", "author", "in_print", "released", "price")
        search_fields = ("title",)
        list_per_page = 100

    site = AdminSite()
    site.register(BenchAuthor)
    site.register(BenchBook, BookAdmin)
    site.install(app)
    app.include("trestle.admin.urls", prefix="/admin/")

    database.create_all()
    with database.session() as session:
        session.bulk_insert(BenchAuthor, ({"name": f"Author {n}"} for n in range(authors)))
        session.bulk_insert(BenchBook, rows)
        password = "benchmark-password"
        session.add(
            User(
                username="admin",
                password=auth.hasher.hash(password),
                is_staff=True,
                is_superuser=True,
            )
        )
        session.commit()
    with app.test_client(base_url="http://localhost") as client:
        page = client.get("/accounts/login/")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post(
            "/accounts/login/",
            data={"csrf_token": token, "username": "admin", "password": password},
        )
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    return app, cookie
