"""The shop's frame: the home page, and its own error pages for browsers."""

from typing import Any

HTML = {"Accept": "text/html"}


def test_home_page_answers(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "<title>" in response.text and "Trestle Shop" in response.text


def test_unknown_page_is_the_shops_404_for_browsers(client: Any) -> None:
    response = client.get("/no-such-page/", headers=HTML)
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert 'class="shop-nav"' in response.text  # in the shop's frame, with its header


def test_api_clients_still_get_json_errors(client: Any) -> None:
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page.headers["content-type"] == "application/problem+json"
    api = client.get("/api/products/999999", headers=HTML)  # even from a browser
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/")
    assert "We could not find" not in api.text


def test_the_500_page_stands_alone(app: Any) -> None:
    from trestle.templating import Templates

    page = Templates.for_project(app).render_to_string("500.html", {"request_id": "abc123"})
    assert "Something went wrong" in page and "abc123" in page
