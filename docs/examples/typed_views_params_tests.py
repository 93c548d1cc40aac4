def test_values_arrive_converted(client):
    response = client.get("/articles/?page=2&per-page=50&tag=web&tag=python&since=2024-05-01")
    assert response.json() == {
        "page": 2,
        "per_page": 50,
        "tags": ["web", "python"],
        "sort": "newest",
        "since": "2024-05-01",
    }
    order = client.get("/orders/9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e?verbose=yes").json()
    assert order == {"order": "9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e", "verbose": True}


def test_headers_and_cookies(client):
    client.cookies.set("theme", "dark")
    response = client.get("/whoami", headers={"User-Agent": "curl/8", "X-Request-ID": "r-1"})
    assert response.json() == {"user_agent": "curl/8", "request_id": "r-1", "theme": "dark"}


def test_invalid_values_are_a_422_listing_every_problem(client):
    response = client.get("/articles/?page=0&per-page=500&sort=random")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["in"], e["name"], e["type"]) for e in response.json()["errors"]] == [
        ("query", "page", "greater_than_equal"),
        ("query", "per-page", "less_than_equal"),
        ("query", "sort", "enum"),
    ]
    assert client.get("/orders/42").json()["errors"][0]["type"] == "uuid_parsing"
