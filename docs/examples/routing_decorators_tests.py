def test_converters_turn_text_into_values(client):
    assert client.get("/articles/2").json() == {"id": 2, "title": "Middleware without call_next"}
    order = client.get("/orders/9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e").json()
    assert order == {"order": "9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e", "version": "4"}
    assert client.get("/docs/guide/routing.md").json() == {"page": "guide/routing.md"}


def test_a_value_the_converter_refuses_is_a_404(client):
    assert client.get("/articles/two").status_code == 404
    assert client.get("/orders/42").status_code == 404
    assert client.get("/tags/not%20a%20slug").status_code == 404


def test_one_path_can_have_a_view_per_method(client):
    created = client.post("/articles/", json={"title": "Testing"})
    assert created.status_code == 201
    assert created.json() == {"id": 3, "title": "Testing"}
    assert len(client.get("/articles/").json()) == 3


def test_a_view_can_answer_several_methods(client):
    assert client.put("/articles/1/star").json() == {"id": 1, "starred": True}
    assert client.delete("/articles/1/star").json() == {"id": 1, "starred": False}
