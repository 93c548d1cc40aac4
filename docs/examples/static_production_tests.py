import re


def test_hashed_names_are_cached_for_a_year(client):
    static = client.app.extensions["staticfiles"]
    url = static.url("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    # url() references inside the stylesheet point at hashed names too.
    assert re.search(r"url\(\.\./img/hero\.[0-9a-f]{12}\.svg\)", response.text)


def test_the_original_names_still_work_but_are_revalidated(client):
    response = client.get("/static/css/site.css", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"


def test_conditional_requests(client):
    url = client.app.extensions["staticfiles"].url("img/hero.svg")
    first = client.get(url, headers={"Accept-Encoding": "identity"})
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
