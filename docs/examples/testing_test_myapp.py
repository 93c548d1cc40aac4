from myapp import app, create_app


def test_login_sets_a_cookie_the_client_sends_back() -> None:
    client = app.test_client()
    response = client.post("/login", data={"user": "ada"})
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard"
    assert client.cookies["user"] == "ada"
    assert client.get("/dashboard").json() == {"user": "ada"}


def test_follow_redirects() -> None:
    client = app.test_client(follow_redirects=True)
    response = client.post("/login", data={"user": "ada"})
    assert response.url == "http://testserver/dashboard"
    assert response.json() == {"user": "ada"}


def test_cookies_given_up_front() -> None:
    client = app.test_client(cookies={"user": "grace"})
    assert client.get("/dashboard").json() == {"user": "grace"}


def test_over_https() -> None:
    client = app.test_client(base_url="https://testserver")
    response = client.post("/login", data={"user": "ada"})
    assert "Secure" in response.headers["set-cookie"]


def test_over_asgi_with_the_lifespan() -> None:
    fresh = create_app()  # start-up hooks run once per app: use a fresh one
    with fresh.test_client(asgi=True) as client:  # runs the start-up hooks
        assert client.get("/health").json() == {"ready": True}
    # leaving the block ran the shutdown hooks


def test_settings_per_test() -> None:
    client = create_app({"REDIRECT_SLASHES": False}).test_client()
    assert client.get("/health/").status_code == 404
