"""Fixtures and helpers for the catalog's tests: rows to arrange, pages to read, logins."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Category, Product

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    """One element of a page: its tag, attributes and the text inside it."""

    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        return " ".join("".join(self.parts).split())

    @property
    def classes(self) -> list[str]:
        """The element's classes."""
        return self.attrs.get("class", "").split()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if self._open:
            self._open[-1].children.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.parts.append(data)


def find_all(html: str, tag: str, class_: str | None = None, **attrs: str) -> list[Element]:
    """The elements ``tag`` of ``html`` with the class and attributes given."""
    collector = _Collector()
    collector.feed(html)
    return [
        element
        for element in collector.elements
        if element.tag == tag
        and (class_ is None or class_ in element.classes)
        and all(element.attrs.get(name) == value for name, value in attrs.items())
    ]


def table_rows(html: str) -> list[list[str]]:
    """The cells' texts of each row of the page's tables that has cells."""
    rows = [
        [cell.text for cell in row.children if cell.tag in ("th", "td")]
        for row in find_all(html, "tr")
    ]
    return [row for row in rows if any(row)]


def card_names(html: str) -> list[str]:
    """The names of the product cards on a page, in order."""
    return [
        element.text
        for element in find_all(html, "h2", "product-name") + find_all(html, "h3", "product-name")
    ]


@pytest.fixture
def add_product(db: Session) -> Callable[..., Product]:
    """``add_product("Name", category="Tins", stock=0, is_active=False...)``, committed."""

    def add(
        name: str,
        *,
        category: str = "Test shelf",
        price_cents: int = 500,
        stock: int = 10,
        description: str = "",
        is_active: bool = True,
    ) -> Product:
        category_slug = re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")
        shelf = db.scalar(select(Category).where(Category.slug == category_slug))
        if shelf is None:
            shelf = Category(name=category, slug=category_slug)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "product"
        taken = db.scalar(select(Product).where(Product.slug == slug))
        if taken is not None:
            slug = f"{slug}-{db.query(Product).count() + 1}"
        product = Product(
            name=name,
            slug=slug,
            category=shelf,
            price_cents=price_cents,
            stock=stock,
            description=description,
            is_active=is_active,
        )
        db.add(product)
        db.commit()
        return product

    return add
