"""The project's own tests: run them with `pytest`."""


def test_home_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200


def test_unknown_page_is_not_found(client):
    assert client.get("/no-such-page/").status_code == 404
