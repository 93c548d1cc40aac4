"""The smallest end-to-end check: one route, both protocols."""

from trestle import App


def test_hello_under_both_protocols(make_client) -> None:
    app = App()

    @app.get("/hello/<name>")
    def hello(name: str) -> dict[str, str]:
        return {"greeting": f"Hello, {name}."}

    response = make_client(app).get("/hello/Ada")
    assert response.status_code == 200
    assert response.json() == {"greeting": "Hello, Ada."}
