import re


def test_the_form_posts_with_its_token(client):
    page = client.get("/comments").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/comments", data={"text": "Nice!", "csrf_token": token})
    assert response.status_code == 201


def test_a_post_without_the_token_is_refused(client):
    client.get("/comments")
    response = client.post("/comments", data={"text": "forged"})
    assert response.status_code == 403
    assert "CSRF check failed" in response.text


def test_a_post_from_another_site_is_refused_even_with_a_token(client):
    page = client.get("/comments").text
    token = re.search(r'value="([^"]+)"', page).group(1)
    response = client.post(
        "/comments",
        data={"text": "x", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_every_response_carries_the_security_headers(client):
    headers = client.get("/comments").headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_host_that_is_not_listed_is_a_400(client):
    assert client.get("/comments", headers={"Host": "evil.example"}).status_code == 400
