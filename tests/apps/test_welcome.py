"""The welcome page of a new project: it says the project runs and links to the docs."""

from __future__ import annotations

from collections.abc import Callable

from trestle import App, Settings, path
from trestle.apps import Apps
from trestle.apps.welcome import DOCS_URL, welcome
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


def test_welcome_page(make_client: MakeClient) -> None:
    app = App(
        Settings({"DEBUG": True, "ROOT_URLCONF": "mysite.urls"}, environ={}),
        urlpatterns=[path("", welcome, name="home")],
    )
    response = make_client(app).get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert "<title>Welcome to mysite</title>" in page
    assert "<code>mysite.urls</code> routes <code>/</code>" in page
    assert f'<a id="docs" href="{DOCS_URL}">' in page
    assert "Add <code>trestle.admin</code> to INSTALLED_APPS" in page
    assert "DEBUG is on" in page


def test_the_admin_link_when_the_admin_is_installed(make_client: MakeClient) -> None:
    app = App({"DEBUG": False}, urlpatterns=[path("", welcome)])
    apps = Apps(())
    apps.is_installed = lambda name: name == "trestle.admin"  # type: ignore[method-assign]
    app.extensions["apps"] = apps
    page = make_client(app).get("/").text
    assert '<a id="admin" href="/admin/">Open the admin</a>' in page
    assert "<title>Welcome to Your project</title>" in page
    assert "DEBUG is on" not in page
