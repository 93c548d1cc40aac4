def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}


def test_with_a_check_of_ones_own(client):
    checks = client.get("/healthz/full").json()["checks"]
    assert checks["payments"]["ok"] is True
