SHOP = "https://shop.example.com"


def test_a_preflight_is_answered_by_the_middleware(client):
    response = client.options(
        "/cart/1",
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == SHOP
    assert response.headers["access-control-allow-methods"] == "DELETE, GET, POST"
    assert response.headers["access-control-allow-headers"] == "authorization"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-max-age"] == "3600"
    assert response.headers["vary"] == "Origin"


def test_an_allowed_origin_may_read_the_answer(client):
    response = client.get("/cart", headers={"Origin": "https://pr-42.preview.example.com"})
    assert response.headers["access-control-allow-origin"] == "https://pr-42.preview.example.com"
    assert response.headers["access-control-expose-headers"] == "x-total-count"


def test_another_origin_gets_no_cors_headers(client):
    response = client.get("/cart", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200  # served, but the browser hides it from the page
    assert "access-control-allow-origin" not in response.headers
    refused = client.options(
        "/cart", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "CORS preflight refused: this origin is not allowed"
