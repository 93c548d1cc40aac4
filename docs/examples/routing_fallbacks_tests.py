def test_no_route_is_a_404(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_wrong_method_is_a_405_with_allow(client):
    response = client.delete("/notes/")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"


def test_options_lists_the_methods(client):
    response = client.options("/notes/")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"


def test_head_runs_the_get_view_without_a_body(client):
    response = client.head("/notes/")
    assert response.status_code == 200
    assert response.headers["content-length"] == client.get("/notes/").headers["content-length"]
    assert response.content == b""


def test_an_unknown_method_is_a_501(client):
    assert client.request("BREW", "/notes/").status_code == 501


def test_the_other_slash_redirects(client):
    response = client.get("/notes?page=2")
    assert response.status_code == 301
    assert response.headers["location"] == "/notes/?page=2"
    response = client.post("/notes")
    assert response.status_code == 308  # keeps the method and the body
    assert response.headers["location"] == "/notes/"
