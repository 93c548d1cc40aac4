"""Page numbers from the query string: a page that is not a number or past the end is a 4xx.

The decision: ``?page=`` that is not a whole number from 1 is a 400, and a page past the
last one a 404 (Trestle's pagination). Both are shown in the shop's frame with a link
back to the first page, never a 500 and never a silently different page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import card_names, find_all

if TYPE_CHECKING:
    from collections.abc import Callable

    from catalog.models import Product
    from catalog.seed import SeedResult
    from trestle.testing import TestClient


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "1.5", "1e3", "\uff12", " ", "99999999999999999999"]
)
def test_a_page_that_is_not_a_positive_number_is_a_400(
    client: TestClient, seeded: SeedResult, page: str
) -> None:
    response = client.get("/products/", params={"page": page})
    assert response.status_code == 400
    assert "<h1>No such page</h1>" in response.text
    assert "<p>Page must be a positive integer" in response.text
    assert '<a href="/products/">Go to the first page</a>' in response.text
    assert 'class="shop-nav"' in response.text  # the shop's frame, with its header


@pytest.mark.parametrize("page", ["3", "999", "999999999"])
def test_a_page_past_the_end_is_a_404(client: TestClient, seeded: SeedResult, page: str) -> None:
    response = client.get("/products/", params={"page": page})
    assert response.status_code == 404
    assert f"<p>Page {page} is past the last page.</p>" in response.text
    assert '<a href="/products/">Go to the first page</a>' in response.text


def test_the_way_back_keeps_the_search(client: TestClient, seeded: SeedResult) -> None:
    response = client.get("/products/", params={"q": "tea", "category": "teaware", "page": "9"})
    assert response.status_code == 404
    (back,) = [a for a in find_all(response.text, "a") if a.text == "Go to the first page"]
    assert back.attrs["href"] == "/products/?q=tea&category=teaware"


def test_category_pages_answer_the_same(client: TestClient, seeded: SeedResult) -> None:
    assert client.get("/categories/teaware/?page=abc").status_code == 400
    past = client.get("/categories/teaware/?page=2")
    assert past.status_code == 404
    assert '<a href="/categories/teaware/">Go to the first page</a>' in past.text


def test_page_one_and_an_empty_page_number_are_the_first_page(
    client: TestClient, seeded: SeedResult
) -> None:
    first = card_names(client.get("/products/").text)
    assert card_names(client.get("/products/?page=1").text) == first
    assert card_names(client.get("/products/?page=").text) == first
    assert card_names(client.get("/products/?page=2").text) != first


def test_the_first_page_of_nothing_is_fine(client: TestClient) -> None:
    response = client.get("/products/?page=1")
    assert response.status_code == 200
    assert "No products here yet." in response.text
    assert client.get("/products/?page=2").status_code == 404


def test_the_last_page_is_exact(client: TestClient, add_product: Callable[..., Product]) -> None:
    for number in range(24):
        add_product(f"Tin {number:02d}")
    assert len(card_names(client.get("/products/?page=2").text)) == 12
    assert client.get("/products/?page=3").status_code == 404
    add_product("Tin 24")
    assert card_names(client.get("/products/?page=3").text) == ["Tin 24"]
