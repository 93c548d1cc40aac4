from trestle.mail import outbox


def test_the_welcome_message(client):
    client.post("/signup", data={"email": "ada@example.com"})
    (message,) = outbox(client.app)
    assert message["To"] == "ada@example.com"
    assert message["From"] == "Trestle Shop <shop@example.com>"
    assert message["Subject"] == "Welcome to the shop"
    text = message.get_body(("plain",)).get_content()
    assert "Your account for ada@example.com is ready." in text
    assert message.get_body(("html",)).get_content().startswith("<p>Hello!</p>")


def test_a_line_break_in_an_address_is_refused(client):
    response = client.post("/signup", data={"email": "ada@example.com\nBcc: all@example.com"})
    assert response.status_code == 400
    assert outbox(client.app) == []
