def test_log_in_through_the_api(client):
    assert client.get("/api/me").status_code == 401
    wrong = client.post("/api/login", json={"username": "ada", "password": "guess"})
    assert wrong.status_code == 400
    response = client.post(
        "/api/login", json={"username": "ada", "password": "correct-horse-battery"}
    )
    assert response.json() == {"username": "ada"}
    assert client.get("/api/me").json() == {"username": "ada"}
    assert client.get("/api/whoami").json() == {"username": "ada"}
    client.post("/api/logout")
    assert client.get("/api/whoami").json() == {"username": None}


def test_async_views_await_the_twins(client):
    data = {"username": "ada", "password": "correct-horse-battery"}
    assert client.post("/api/async-login", json=data).json() == {"username": "ada"}
    assert client.get("/api/me").json() == {"username": "ada"}
