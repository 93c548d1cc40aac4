def test_a_model_body(client):
    response = client.post("/items/", json={"name": "Tea", "price": 4.5, "colour": "green"})
    assert response.json() == {"created": "Tea", "price": 4.5, "tags": []}
    replaced = client.put("/items/7?notify=true", json={"name": "Tea", "price": 5})
    assert replaced.json() == {"id": 7, "name": "Tea", "notify": True}


def test_invalid_fields_are_listed(client):
    response = client.post("/items/", json={"name": "", "tags": "not a list"})
    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["errors"]] == [
        (["body", "name"], "string_too_short"),
        (["body", "price"], "missing"),
        (["body", "tags"], "list_type"),
    ]


def test_unknown_fields_forbidden_by_the_model(client):
    assert client.put("/profile", json={"display_name": "Ada"}).json() == {
        "display_name": "Ada",
        "bio": "",
    }
    response = client.put("/profile", json={"display_name": "Ada", "is_admin": True})
    assert response.json()["errors"][0]["type"] == "extra_forbidden"


def test_dataclasses_and_several_body_parameters(client):
    assert client.post("/moves", json={"x": 1, "y": "2"}).json() == {"x": 1, "y": 2}
    body = {"source": "alice", "target": "bob", "amount": 10}
    assert client.post("/transfers", json=body).json() == {
        "from": "alice",
        "to": "bob",
        "amount": 10,
    }


def test_what_is_not_json(client):
    malformed = client.post(
        "/items/", content=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    not_json = client.post("/items/", content=b"Tea", headers={"Content-Type": "text/plain"})
    assert not_json.status_code == 415
    assert client.post("/items/").json()["errors"][0]["type"] == "missing"
