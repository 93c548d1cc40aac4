import re


def test_the_page(client):
    page = client.get("/teas/green-sencha/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Green Sencha</h1>" in page.text
    assert "<p>Grassy &amp; &lt;fresh&gt;</p>" in page.text  # autoescaped
    assert '<p class="price">€8.50</p>' in page.text
    assert page.headers["x-frame-options"] == "DENY"  # added on the way out
    # The form's CSRF token made a secret, kept in the session: a new visitor gets a cookie.
    assert page.headers["set-cookie"].startswith("session=")
    again = client.get("/teas/green-sencha/")
    assert "set-cookie" not in again.headers  # nothing in the session changed
    assert again.headers["vary"] == "Cookie"


def test_the_typed_query_parameter(client):
    assert '<p class="price">£7.22</p>' in client.get("/teas/green-sencha/?currency=GBP").text
    wrong = client.get("/teas/green-sencha/?currency=USD")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["loc"] == ["query", "currency"]


def test_answers_the_view_never_sees(client):
    moved = client.get("/teas/green-sencha")
    assert (moved.status_code, moved.headers["location"]) == (301, "/teas/green-sencha/")
    assert client.get("/teas/oolong/").status_code == 404  # first_or_404
    assert client.options("/teas/green-sencha/").headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.delete("/teas/green-sencha/").status_code == 405
    assert client.get("/teas/green-sencha/", headers={"Host": "evil.example"}).status_code == 400


def test_a_post_of_the_form(client):
    page = client.get("/teas/green-sencha/")
    assert client.post("/teas/green-sencha/basket").status_code == 403  # no CSRF token
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    added = client.post("/teas/green-sencha/basket", data={"csrf_token": token})
    assert (added.status_code, added.headers["location"]) == (303, "/teas/green-sencha/")
    assert "Green Sencha is in your basket." in client.get("/teas/green-sencha/").text
