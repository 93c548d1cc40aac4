import re


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def log_in(client, password="correct-horse-battery", next=""):
    page = client.get("/accounts/login/")
    form = {"csrf_token": csrf(page), "username": "ada", "password": password, "next": next}
    return client.post("/accounts/login/", data=form)


def test_visitors_are_sent_to_the_login_page(client):
    assert client.get("/").text == "Hello, stranger."
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/account"


def test_log_in_and_out(client):
    response = log_in(client, next="/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    assert client.get("/account").json() == {"username": "ada", "two_factor": False}
    assert client.get("/reports").status_code == 403  # ada lacks the permission
    page = client.get("/accounts/password/change/")
    client.post("/accounts/logout/", data={"csrf_token": csrf(page)})
    assert client.get("/").text == "Hello, stranger."


def test_a_wrong_password_and_an_off_site_next(client):
    wrong = log_in(client, password="guess")
    assert wrong.status_code == 400
    assert "Please enter a correct username and password" in wrong.text
    response = log_in(client, next="https://evil.example/")
    assert response.headers["location"] == "/"  # not off-site


def test_too_many_failures_lock_the_account(client):
    for _ in range(5):
        log_in(client, password="guess")
    locked = log_in(client)
    assert locked.status_code == 429
    assert "Too many failed login attempts. Try again in 1 minute." in locked.text
