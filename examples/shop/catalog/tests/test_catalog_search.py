"""Search (``?q=``) and the category filter of the product list: words are data, not patterns."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import card_names, find_all

if TYPE_CHECKING:
    from collections.abc import Callable

    from catalog.models import Product
    from catalog.seed import SeedResult
    from trestle.testing import TestClient


def test_search_matches_the_name_ignoring_case(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"q": "EARL grey"})
    assert page.status_code == 200
    assert card_names(page.text) == ["Earl Grey with Bergamot"]
    assert '<p class="result-count">1 product</p>' in page.text
    assert "<h1>Products matching “EARL grey”</h1>" in page.text
    assert "<title>Search: EARL grey · Trestle Shop</title>" in page.text


def test_search_matches_the_description(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"q": "chestnut"})
    assert card_names(page.text) == ["Longjing Dragon Well"]


def test_every_word_must_match(client: TestClient, seeded: SeedResult) -> None:
    assert card_names(client.get("/products/?q=muscat").text) == [
        "Darjeeling First Flush Castleton",
        "Oriental Beauty",
    ]
    assert card_names(client.get("/products/?q=muscat+leafhoppers").text) == ["Oriental Beauty"]


def test_search_keeps_what_was_typed_in_the_form(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"q": "  bergamot  "})
    (field,) = find_all(page.text, "input", id="filter-q")
    assert field.attrs["value"] == "bergamot"
    assert card_names(page.text) == ["Earl Grey with Bergamot"]


def test_no_results(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"q": "coffee"})
    assert page.status_code == 200
    assert "No products match “coffee”." in page.text
    assert card_names(page.text) == []
    assert '<a href="/products/">see every product</a>' in page.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%", ["50% Off Sampler"]),
        ("50%", ["50% Off Sampler"]),
        ("_", ["Gift_Box"]),
        ("i_t", []),  # as a wildcard, "_" would match the "f" of both gift boxes
        ("ft_B", ["Gift_Box"]),
        ("/", ["Half / Half"]),  # the escape character itself
        ("\\", ["Back\\slash Blend"]),
    ],
)
def test_like_wildcards_match_themselves(
    client: TestClient, add_product: Callable[..., Product], text: str, expected: list[str]
) -> None:
    for name in ["50% Off Sampler", "Gift_Box", "Giftbox", "Half / Half", "Back\\slash Blend"]:
        add_product(name)
    add_product("Other", description="Nothing special here, 5000 of them.")
    page = client.get("/products/", params={"q": text})
    assert page.status_code == 200
    assert card_names(page.text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "'",
        '"',
        "' OR 1=1 --",
        '"; DROP TABLE catalog_product; --',
        "é ü 茶",
        "a" * 5000,
        "%%%%____",
    ],
)
def test_strange_searches_are_answered(client: TestClient, seeded: SeedResult, text: str) -> None:
    page = client.get("/products/", params={"q": text})
    assert page.status_code == 200
    assert card_names(page.text) == []
    assert client.get("/products/").text.count("product-card") == 12  # the table is still there


def test_control_characters_are_spaces(client: TestClient, seeded: SeedResult) -> None:
    assert len(card_names(client.get("/products/", params={"q": "\x00"}).text)) == 12
    page = client.get("/products/", params={"q": "earl\x00\x1bgrey\t"})
    assert card_names(page.text) == ["Earl Grey with Bergamot"]
    assert "Products matching “earl grey”" in page.text


def test_a_long_search_is_cut_short(
    client: TestClient, add_product: Callable[..., Product]
) -> None:
    add_product("Tea", description="x" * 200)
    page = client.get("/products/", params={"q": "x" * 150})
    assert card_names(page.text) == ["Tea"]  # the first 100 characters are searched
    (field,) = find_all(page.text, "input", id="filter-q")
    assert field.attrs["value"] == "x" * 100


def test_markup_in_a_search_is_escaped(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    (field,) = find_all(page.text, "input", id="filter-q")
    assert field.attrs["value"] == "<script>alert(1)</script>"


def test_a_query_string_that_is_not_utf8_is_a_400(client: TestClient, seeded: SeedResult) -> None:
    assert client.get("/products/?q=%ff%fe").status_code == 400


def test_category_filter(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"category": "teaware"})
    assert page.status_code == 200
    assert "<h1>Teaware</h1>" in page.text
    assert len(card_names(page.text)) == 6
    (selected,) = [o for o in find_all(page.text, "option") if "selected" in o.attrs]
    assert selected.attrs["value"] == "teaware"


def test_search_within_a_category(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/", params={"q": "pouch", "category": "oolong-tea"})
    assert card_names(page.text) == [
        "Dong Ding Oolong",
        "Oriental Beauty",
        "Tie Guan Yin Iron Goddess",
    ]
    assert "Products matching “pouch” in Oolong tea" in page.text
    assert (
        "No products match “teapot” in Oolong tea."
        in client.get("/products/", params={"q": "teapot", "category": "oolong-tea"}).text
    )


def test_unknown_category_filter_is_not_found(client: TestClient, seeded: SeedResult) -> None:
    assert client.get("/products/", params={"category": "coffee"}).status_code == 404
    markup = client.get(
        "/products/", params={"category": "<b>x</b>"}, headers={"Accept": "text/html"}
    )
    assert markup.status_code == 404
    assert "<b>x</b>" not in markup.text and "&lt;b&gt;x&lt;/b&gt;" in markup.text


def test_an_empty_filter_shows_everything(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/?q=&category=")
    assert '<p class="result-count">24 products</p>' in page.text


def test_pages_of_a_search_keep_the_search(
    client: TestClient, add_product: Callable[..., Product]
) -> None:
    for number in range(14):
        add_product(f"Green {number:02d}", category="Greens" if number % 2 else "Others")
    add_product("Black 01", category="Greens")
    page = client.get("/products/", params={"q": "green"})
    assert '<p class="result-count">14 products</p>' in page.text
    (next_link,) = find_all(page.text, "a", rel="next")
    url = urlsplit(next_link.attrs["href"])
    assert url.path == "/products/"
    assert parse_qs(url.query) == {"q": ["green"], "page": ["2"]}
    second = client.get(next_link.attrs["href"])
    assert card_names(second.text) == ["Green 12", "Green 13"]

    filtered = client.get("/products/", params={"q": "green", "category": "greens"})
    assert '<p class="result-count">7 products</p>' in filtered.text
    assert not find_all(filtered.text, "a", rel="next")
