def test_the_cart_is_kept_between_requests(client):
    client.post("/cart/apple")
    client.post("/cart/apple")
    assert client.post("/cart/pear").json() == {"apple": 2, "pear": 1}
    assert client.get("/cart").json() == {"apple": 2, "pear": 1}
    assert client.cookies["session"].count(".") == 2  # signed JSON: payload.time.signature


def test_login_keeps_the_cart_and_logout_forgets_everything(client):
    client.post("/cart/apple")
    client.post("/login")
    assert client.get("/cart").json() == {"apple": 1}
    response = client.post("/logout")
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert client.get("/cart").json() == {}


def test_views_that_do_not_use_the_session_pay_nothing(client):
    client.post("/cart/apple")
    response = client.get("/about")
    assert "set-cookie" not in response.headers
    assert "vary" not in response.headers


def test_a_forged_cookie_is_a_fresh_session(client):
    client.cookies.set("session", "eyJkIjp7ImNhcnQiOnsiZ29sZCI6OTl9fX0.AAAA.forged")
    assert client.get("/cart").json() == {}
