def test_api_clients_get_problem_details(client):
    response = client.get("/books/0000")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "no book has the ISBN 0000",
    }


def test_the_detail_may_be_any_json_value(client):
    response = client.delete("/books/9780262510875")
    assert response.status_code == 409
    assert response.json()["detail"] == {"reason": "on loan", "isbn": "9780262510875"}


def test_browsers_get_an_html_page(client):
    response = client.get("/books/0000", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "no book has the ISBN 0000" in response.text


def test_headers_and_the_default_detail(client):
    response = client.get("/admin")
    assert response.status_code == 403
    assert response.headers["x-reason"] == "staff only"
    assert response.json()["detail"] == "Forbidden"
