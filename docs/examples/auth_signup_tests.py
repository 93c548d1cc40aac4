def test_a_weak_password_is_refused_with_every_reason(client):
    response = client.post(
        "/signup", json={"username": "grace", "email": "g@example.com", "password": "12345"}
    )
    assert response.status_code == 400
    assert response.json()["password"] == [
        "This password is too short: it must have at least 12 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]


def test_the_basket_follows_the_visitor_into_the_account(client):
    client.post("/basket/sencha")
    client.post("/basket/sencha")
    assert client.get("/account/basket").status_code == 401
    data = {"username": "grace", "email": "g@example.com", "password": "a cup of green sencha"}
    assert client.post("/signup", json=data).json() == {"username": "grace"}
    assert client.get("/account/basket").json() == {"sencha": 2}  # moved by the login hook
    assert client.post("/basket/oolong").json() == {"oolong": 1}  # a new basket, saved next login
