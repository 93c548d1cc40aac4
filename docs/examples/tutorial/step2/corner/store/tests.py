"""Tests of the store app. `app` and `client` come from the project's conftest.py."""


def test_the_home_page_lists_every_item(app, client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    link = app.url_for("store:item_detail", slug="plum-jam")
    assert link == "/items/plum-jam/"
    assert f'<a href="{link}">Plum jam</a>' in response.text


def test_an_item_is_json(client) -> None:
    response = client.get("/items/assam-tea/")
    assert response.json() == {"slug": "assam-tea", "name": "Assam tea", "price_pence": 450}


def test_an_unknown_item_is_not_found(client) -> None:
    response = client.get("/items/caviar/")
    assert response.status_code == 404
    assert response.json()["detail"] == "The Corner Shop does not sell 'caviar'."
