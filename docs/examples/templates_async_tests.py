def test_templates_can_await(client):
    assert client.get("/stats").text == "<p>2 posts, 5 comments</p>"
