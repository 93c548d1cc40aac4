def test_a_good_token(client):
    response = client.get("/me", headers={"Authorization": "Bearer tok-ada-7f3c"})
    assert response.json() == {"user": "ada"}


def test_no_token_or_a_malformed_one_is_a_401_with_a_challenge(client):
    missing = client.get("/me")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    malformed = client.get("/me", headers={"Authorization": "Bearer not a token"})
    assert malformed.status_code == 401
    assert malformed.headers["www-authenticate"] == 'Bearer error="invalid_request"'
    unknown = client.get("/me", headers={"Authorization": "Bearer tok-unknown"})
    assert unknown.json()["detail"] == "unknown or expired token"


def test_an_api_key(client):
    ok = client.get("/partners/orders", headers={"X-Partner-Key": "pk-acme-91b2"})
    assert ok.json() == {"partner": "acme", "orders": []}
    assert client.get("/partners/orders").status_code == 401
    assert client.get("/partners/orders", headers={"X-Partner-Key": "pk-x"}).status_code == 403


def test_optional_credentials(client):
    assert client.get("/greeting").json() == {"greeting": "Hello, stranger."}
    welcomed = client.get("/greeting", headers={"Authorization": "Bearer tok-ada-7f3c"})
    assert welcomed.json() == {"greeting": "Welcome back!"}
