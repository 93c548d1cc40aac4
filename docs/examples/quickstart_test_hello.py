from hello import app


def test_index() -> None:
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_hello() -> None:
    client = app.test_client()
    response = client.get("/hello/Ada", params={"excited": "1"})
    assert response.json() == {"greeting": "Hello, Ada!"}


def test_hello_over_asgi() -> None:
    client = app.test_client(asgi=True)
    response = client.get("/hello/Ada")
    assert response.json() == {"greeting": "Hello, Ada."}
