"""``trestle.messages`` in INSTALLED_APPS: a project's views can flash messages."""

from __future__ import annotations

from pathlib import Path

from trestle.apps.project import build_app
from trestle.conf.settings import Settings
from trestle.messages import MessagesMiddleware


def test_installed_in_a_project(tmp_path: Path, make_client) -> None:
    settings = Settings(
        SECRET_KEY="k" * 40,
        BASE_DIR=tmp_path,
        INSTALLED_APPS=["trestle.messages", "trestle.sessions"],
    )
    app = build_app(settings)
    assert isinstance(app.extensions["messages"], MessagesMiddleware)

    from trestle import messages

    @app.get("/add")
    def add(request):
        messages.info(request, "hello")
        return ""

    @app.get("/show")
    def show(request):
        return [message.text for message in messages.get_messages(request)]

    client = make_client(app)
    client.get("/add")
    # Listed before the sessions, the messages still live in the session.
    assert "messages" not in client.cookies
    assert client.get("/show").json() == ["hello"]
    assert client.get("/show").json() == []
