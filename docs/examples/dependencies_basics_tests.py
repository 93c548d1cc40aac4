ADA = {"Authorization": "Bearer t-ada"}
GRACE = {"Authorization": "Bearer t-grace"}


def test_a_dependency_per_parameter(client):
    assert client.get("/me", headers=GRACE).json() == {"user": "grace"}
    refused = client.get("/me")
    assert (refused.status_code, refused.headers["www-authenticate"]) == (401, "Bearer")


def test_a_class_as_a_dependency(client):
    response = client.get("/articles/?page=3&size=2", headers=ADA)
    assert response.json() == {"reader": "ada", "ids": [5, 6]}
    assert client.get("/articles/?size=500", headers=ADA).status_code == 422


def test_dependencies_that_only_guard(client):
    assert client.delete("/articles/1", headers=GRACE).status_code == 403
    assert client.delete("/articles/1", headers=ADA).status_code == 204
