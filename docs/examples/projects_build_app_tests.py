def test_the_project_answers(client):
    assert client.get("/").json() == {"site": "Field notes", "apps": []}
