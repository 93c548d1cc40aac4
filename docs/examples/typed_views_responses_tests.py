def test_the_response_model_filters_and_sets_the_status(client):
    created = client.post("/users", json={"username": "ada", "password": "s3cret"})
    assert (created.status_code, created.json()) == (201, {"username": "ada"})
    assert client.get("/users").json() == [{"username": "ada"}]
    assert client.get("/users/ada").json() == {"username": "ada"}
    assert client.get("/users/grace").status_code == 404
