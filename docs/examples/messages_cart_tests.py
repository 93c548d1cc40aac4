def test_a_message_shows_once_on_the_next_page(client):
    response = client.post("/cart", data={"item": "Tea <green>"})
    assert response.status_code == 303
    page = client.get("/cart").text
    assert '<ul class="messages" role="status" aria-live="polite">' in page
    assert (
        '<li class="message message-success"><span class="visually-hidden">Success: </span>'
        "Tea &lt;green&gt; is in your cart.</li>"
    ) in page
    assert "is in your cart" not in client.get("/cart").text  # shown once, then gone


def test_levels(client):
    client.post("/cart", data={})
    assert 'class="message message-error"' in client.get("/cart").text
