def test_pages_link_their_static_files(client):
    page = client.get("/").text
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert '<link rel="stylesheet" href="/static/trestle/trestle.css">' in page


def test_files_are_served_in_development(client):
    css = client.get("/static/css/site.css")
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert css.headers["cache-control"] == "no-cache"
    assert "url(../img/hero.svg)" in css.text
    assert client.get("/static/img/hero.svg").headers["content-type"] == "image/svg+xml"
    assert client.get("/static/../static_site.py").status_code == 404
