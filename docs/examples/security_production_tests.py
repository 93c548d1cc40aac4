def test_plain_http_is_redirected_to_https(client):
    response = client.get("/?page=2", headers={"Host": "www.example.com"})
    assert response.status_code == 301
    assert response.headers["location"] == "https://www.example.com/?page=2"


def test_a_forwarded_scheme_counts_only_from_the_proxy(client):
    # The test client connects from 127.0.0.1, not the proxy: only the real scheme counts.
    headers = {"Host": "example.com", "X-Forwarded-Proto": "https"}
    assert client.get("/", headers=headers).status_code == 301


def test_over_https(client):
    client.base_url = "https://example.com"
    response = client.get("/")
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    nonce = response.text.split('nonce="')[1].split('"')[0]
    assert response.headers["content-security-policy"] == (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        "img-src 'self' https://images.example.com; frame-ancestors 'none'"
    )
