def test_the_dashboard_needs_a_login(client) -> None:
    response = client.get("/dashboard")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "log in first"


def test_the_app_is_ready(client) -> None:
    assert client.get("/health").json() == {"ready": True}
