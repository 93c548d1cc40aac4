def test_a_page_built_on_the_base_template(client):
    page = client.get("/posts/")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Posts · My blog</title>" in page.text
    assert '<link rel="stylesheet" href="/static/trestle/trestle.css">' in page.text
    assert '<a href="/posts/hello">Hello, world</a>' in page.text
    assert '<a href="/posts/jinja">Templates &amp; you</a>' in page.text  # escaped
    assert "6 min read" in page.text  # the filter


def test_values_are_escaped_in_html(client):
    page = client.get("/posts/hello")
    assert "<div>&lt;b&gt;Hi&lt;/b&gt;</div>" in page.text


def test_status_and_other_formats(client):
    assert client.get("/posts/nope").status_code == 404
    feed = client.get("/feed.xml")
    assert feed.headers["content-type"] == "application/xml; charset=utf-8"
    assert "<title>My blog</title>" in feed.text


def test_which_template_and_context(client):
    templates = client.app.extensions["templates"]
    with templates.record() as rendered:
        client.get("/posts/hello")
    (page,) = rendered
    assert page.name == "blog/detail.html"
    assert page.context["title"] == "Hello, world"
