"""The JSON API: what it answers, and what it refuses."""

import pytest

from store.models import Item

TOKEN = "a-test-token-for-the-stock-keeper"
STOCK = "/api/items/plum-jam/stock/"


@pytest.fixture
def stock_keeper(monkeypatch):
    """The Authorization header of the stock keeper, whose token the server knows."""
    monkeypatch.setenv("STORE_API_TOKEN", TOKEN)
    return {"Authorization": f"Bearer {TOKEN}"}


def test_the_items(client) -> None:
    items = client.get("/api/items/").json()
    assert [item["slug"] for item in items] == ["assam-tea", "oat-biscuits", "plum-jam"]
    assert items[0] == {
        "slug": "assam-tea",
        "name": "Assam tea",
        "description": "A strong, malty black tea: the one to wake up to.",
        "price_pence": 450,
        "stock": 20,
    }


def test_one_item(client) -> None:
    assert client.get("/api/items/plum-jam/").json()["stock"] == 8
    missing = client.get("/api/items/caviar/")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"] == "no item on sale is called 'caviar'"


def test_the_stock_keeper_sets_the_stock(client, db, stock_keeper) -> None:
    response = client.put(STOCK, json={"stock": 30}, headers=stock_keeper)
    assert response.status_code == 200
    assert response.json()["stock"] == 30
    assert db.get(Item, 3).stock == 30


def test_no_token_or_a_wrong_one_is_a_401(client, db, stock_keeper) -> None:
    missing = client.put(STOCK, json={"stock": 30})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.put(STOCK, json={"stock": 30}, headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    assert db.get(Item, 3).stock == 8


def test_without_a_token_on_the_server_nobody_sets_the_stock(client, monkeypatch) -> None:
    monkeypatch.delenv("STORE_API_TOKEN", raising=False)
    response = client.put(STOCK, json={"stock": 30}, headers={"Authorization": "Bearer "})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [{"stock": -1}, {"stock": 10**30}, {"stock": "many"}, {}, {"stock": 3, "price_pence": 1}],
)
def test_bad_stock_is_a_422(client, db, stock_keeper, body) -> None:
    response = client.put(STOCK, json=body, headers=stock_keeper)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert db.get(Item, 3).stock == 8


def test_a_body_that_is_not_json_is_a_400(client, stock_keeper) -> None:
    headers = {**stock_keeper, "Content-Type": "application/json"}
    assert client.put(STOCK, content=b"{stock: 1", headers=headers).status_code == 400


def test_the_stock_of_an_unknown_item(client, stock_keeper) -> None:
    response = client.put("/api/items/caviar/stock/", json={"stock": 1}, headers=stock_keeper)
    assert response.status_code == 404


def test_the_openapi_document(client) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["info"]["title"] == "The Corner Shop"
    assert list(document["paths"]) == [
        "/api/items/",
        "/api/items/{slug}/",
        "/api/items/{slug}/stock/",
    ]
    stock = document["paths"]["/api/items/{slug}/stock/"]["put"]
    assert stock["security"] == [{"HTTPBearer": []}]
    assert document["components"]["schemas"]["StockIn"]["properties"]["stock"]["minimum"] == 0


def test_the_docs_page(client) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert 'data-openapi-url="/api/openapi.json"' in page.text
