"""Trestle's data layer: models, sessions and migrations on SQLAlchemy 2 and Alembic.

::

    from sqlalchemy.orm import Mapped, mapped_column
    from trestle.db import Database, Model

    class Post(Model):                     # table "blog_post" in the app "blog"
        title: Mapped[str]

    db = Database(app)                     # request.db in every view

Importing this package imports SQLAlchemy; ``import trestle`` does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trestle.db.database import Database
from trestle.db.dependencies import get_async_db, get_db
from trestle.db.errors import (
    DatabaseUnavailable,
    RepeatedQueryError,
    RepeatedQueryWarning,
)
from trestle.db.model import Model
from trestle.db.pagination import KeysetPage, Page, paginate, paginate_keyset
from trestle.db.queries import bulk_insert, first_or_404, get_or_404
from trestle.db.session import Session
from trestle.db.testing import assert_num_queries, count_queries
from trestle.db.transactions import atomic

if TYPE_CHECKING:
    from trestle.db.async_session import AsyncSession

__all__ = [
    "AsyncSession",
    "Database",
    "DatabaseUnavailable",
    "KeysetPage",
    "Model",
    "Page",
    "RepeatedQueryError",
    "RepeatedQueryWarning",
    "Session",
    "assert_num_queries",
    "atomic",
    "bulk_insert",
    "count_queries",
    "first_or_404",
    "get_async_db",
    "get_db",
    "get_or_404",
    "paginate",
    "paginate_keyset",
]


def __getattr__(name: str) -> Any:
    # AsyncSession brings in asyncio and greenlet: loaded when first asked for.
    if name == "AsyncSession":
        from trestle.db.async_session import AsyncSession

        return AsyncSession
    raise AttributeError(f"module 'trestle.db' has no attribute {name!r}")
