"""The Corner Shop's tests: run them with `pytest`."""

from shop import app


def test_the_home_page_lists_every_item() -> None:
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<a href="/items/plum-jam">Plum jam</a>' in response.text


def test_an_item_is_json() -> None:
    client = app.test_client()
    response = client.get("/items/assam-tea")
    assert response.json() == {"slug": "assam-tea", "name": "Assam tea", "price_pence": 450}


def test_an_unknown_item_is_not_found() -> None:
    client = app.test_client()
    response = client.get("/items/caviar")
    assert response.status_code == 404
    assert response.json()["detail"] == "The Corner Shop does not sell 'caviar'."
