"""The bookshop's models: every kind of field and relation the admin handles."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import Column, DateTime, ForeignKey, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle.db import Model


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Author(Model):
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), default="")

    def __str__(self) -> str:
        return self.name


class Tag(Model):
    name: Mapped[str] = mapped_column(String(50), unique=True)

    def __str__(self) -> str:
        return self.name


book_tags = Table(
    "bookshop_book_tags",
    Model.metadata,
    Column("book_id", ForeignKey("bookshop_book.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("bookshop_tag.id", ondelete="CASCADE"), primary_key=True),
    info={"app_label": "bookshop"},
)


class Book(Model):
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("bookshop_author.id"))
    # Targets given as classes, not looked up by name: the registry is shared by the whole
    # test session, where other modules may have models called Author or Tag.
    author: Mapped[Author] = relationship(Author)
    status: Mapped[Status] = mapped_column(default=Status.DRAFT)
    in_print: Mapped[bool] = mapped_column(default=True)
    released: Mapped[dt.date | None] = mapped_column(default=None)
    added: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    price: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), default=None)
    cover: Mapped[str | None] = mapped_column(
        String(255), default=None, info={"upload_to": "covers", "image": True}
    )
    blurb: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Tag]] = relationship(Tag, secondary=book_tags)
    reviews: Mapped[list[Review]] = relationship(
        lambda: Review, back_populates="book", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.title


class Review(Model):
    book_id: Mapped[int] = mapped_column(ForeignKey("bookshop_book.id"))
    book: Mapped[Book] = relationship(Book, back_populates="reviews")
    stars: Mapped[int] = mapped_column(default=5)
    text: Mapped[str] = mapped_column(Text, default="")

    def __str__(self) -> str:
        return f"{self.stars} stars"


class Sale(Model):
    """A sale keeps its book: a book that sold cannot be deleted."""

    book_id: Mapped[int] = mapped_column(ForeignKey("bookshop_book.id"))
    quantity: Mapped[int] = mapped_column(default=1)

    def __str__(self) -> str:
        return f"Sale of {self.quantity}"
