import re


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def log_in(client):
    page = client.get("/accounts/login/")
    form = {"csrf_token": csrf(page), "username": "ada", "password": "correct-horse-battery"}
    client.post("/accounts/login/", data=form)


def test_staff_log_in_through_the_auth_pages(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/admin/"
    log_in(client)
    home = client.get("/admin/")
    assert "Posts" in home.text and "Authors" in home.text


def test_the_change_list(client):
    log_in(client)
    page = client.get("/admin/blog/post/?q=ada&published=0")
    assert page.status_code == 200
    assert "Hello" in page.text and "Ada Lovelace" in page.text
    assert "<strong>1</strong> of 1 post" in page.text
    assert client.get("/admin/blog/post/?published=maybe").status_code == 400


def test_adding_a_post_and_its_history(client):
    log_in(client)
    form = client.get("/admin/blog/post/add/")
    answer = client.post(
        "/admin/blog/post/add/",
        data={"csrf_token": csrf(form), "title": "", "author_id": "1", "_save": "1"},
    )
    assert answer.status_code == 400 and "This field is required." in answer.text
    answer = client.post(
        "/admin/blog/post/add/",
        data={"csrf_token": csrf(form), "title": "Second", "author_id": "1", "_continue": "1"},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/blog/post/2/change/"
    assert "Added." in client.get("/admin/blog/post/2/history/").text


def test_a_bulk_action(client):
    log_in(client)
    page = client.get("/admin/blog/post/")
    answer = client.post(
        "/admin/blog/post/",
        data={"csrf_token": csrf(page), "action": "publish", "_selected": "1"},
    )
    assert answer.status_code == 303
    published = client.get("/admin/blog/post/?published=1")
    assert "Hello" in published.text


def test_the_stylesheet_is_served(client):
    assert client.get("/static/admin/admin.css").status_code == 200
