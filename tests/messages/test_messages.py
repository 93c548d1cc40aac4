"""Flash messages through HTTP: added, carried to the next page, shown once; cookie or session."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from trestle import App, RedirectResponse, messages
from trestle.conf.settings import SettingsError
from trestle.messages import MessagesError, MessagesMiddleware
from trestle.messages.storage import COOKIE_SALT, SESSION_KEY
from trestle.signing import dumps
from trestle.templating import Templates, render

KEY = "a-long-and-random-test-secret-key-for-the-messages"


def make_app(tmp_path: Path, *, sessions: bool = False, **settings: object) -> App:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(
        "{% extends 'trestle/base.html' %}{% block content %}<p>page</p>{% endblock %}"
    )
    (folder / "peek.html").write_text("{{ messages | length }}")
    app = App({"SECRET_KEY": KEY, **settings})
    Templates(app, directory=folder)
    if sessions:
        import trestle.sessions

        trestle.sessions.install(app)
    messages.install(app)

    @app.post("/save")
    def save(request):
        for level in request.form.getlist("level"):
            messages.add_message(request, level, f"{level} <b>message</b>")
        return RedirectResponse("/", 303)

    @app.get("/")
    def page(request):
        return render(request, "page.html")

    @app.get("/peek")
    def peek(request):
        return render(request, "peek.html")

    @app.get("/show-then-add")
    def show_then_add(request):
        shown = [message.text for message in messages.get_messages(request)]
        messages.warning(request, "added after showing")
        return {"shown": shown}

    @app.get("/helpers")
    def helpers(request):
        messages.debug(request, "d")
        messages.info(request, "i")
        messages.success(request, "s")
        messages.warning(request, "w")
        messages.error(request, "e")
        return [[m.tag, m.text] for m in messages.get_messages(request)]

    return app


@pytest.mark.parametrize("sessions", [False, True], ids=["cookie", "session"])
def test_shown_once_after_a_redirect(tmp_path: Path, make_client, sessions: bool) -> None:
    client = make_client(make_app(tmp_path, sessions=sessions))
    response = client.post("/save", data={"level": ["success", "error"]})
    assert response.status_code == 303
    if sessions:
        assert "messages" not in response.cookies  # the session carries them
    else:
        assert response.cookies["messages"]
    page = client.get("/").text
    assert '<ul class="messages" role="status" aria-live="polite">' in page
    assert (
        '<li class="message message-success"><span class="visually-hidden">Success: </span>'
        "success &lt;b&gt;message&lt;/b&gt;</li>" in page
    )
    assert 'class="message message-error"' in page
    assert page.index("message-success") < page.index("message-error")  # in order
    again = client.get("/").text
    assert "message-success" not in again
    assert "messages" not in again.split("<main")[1]


@pytest.mark.parametrize("sessions", [False, True], ids=["cookie", "session"])
def test_looking_without_showing_keeps_them(tmp_path: Path, make_client, sessions: bool) -> None:
    client = make_client(make_app(tmp_path, sessions=sessions))
    client.post("/save", data={"level": "info"})
    assert client.get("/peek").text == "1"  # `| length` does not show them
    assert client.get("/peek").text == "1"
    assert "info &lt;b&gt;" in client.get("/").text
    assert client.get("/peek").text == "0"


@pytest.mark.parametrize("sessions", [False, True], ids=["cookie", "session"])
def test_added_after_showing_waits_for_the_next_page(
    tmp_path: Path, make_client, sessions: bool
) -> None:
    client = make_client(make_app(tmp_path, sessions=sessions))
    client.post("/save", data={"level": "info"})
    assert client.get("/show-then-add").json() == {"shown": ["info <b>message</b>"]}
    assert client.get("/show-then-add").json() == {"shown": ["added after showing"]}


def test_the_level_setting_drops_lower_messages(tmp_path: Path, make_client) -> None:
    client = make_client(make_app(tmp_path))
    assert client.get("/helpers").json() == [
        ["info", "i"],
        ["success", "s"],
        ["warning", "w"],
        ["error", "e"],
    ]
    debug_client = make_client(make_app(tmp_path, MESSAGES_LEVEL="debug"))
    assert debug_client.get("/helpers").json()[0] == ["debug", "d"]
    quiet = make_client(make_app(tmp_path, MESSAGES_LEVEL="warning"))
    assert [tag for tag, _ in quiet.get("/helpers").json()] == ["warning", "error"]


def test_a_forged_cookie_is_dropped(tmp_path: Path, make_client) -> None:
    client = make_client(make_app(tmp_path))
    forged = dumps([[40, "pwned"]], key="another-key", salt=COOKIE_SALT)
    client.cookies.set("messages", forged)
    response = client.get("/")
    assert "pwned" not in response.text
    assert response.headers["set-cookie"].startswith("messages=; Max-Age=0")


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "a.b.c",
        dumps({"not": "a list"}, key=KEY, salt=COOKIE_SALT),
        dumps([[1], ["x", "y"], [True, "z"], "text"], key=KEY, salt=COOKIE_SALT),
        dumps([[20, "ok"]], key=KEY, salt="another.purpose"),
    ],
)
def test_malformed_cookies_never_crash(tmp_path: Path, make_client, value: str) -> None:
    client = make_client(make_app(tmp_path))
    client.cookies.set("messages", value)
    response = client.get("/peek")
    assert response.status_code == 200
    assert response.text == "0"


def test_a_cookie_signed_with_a_fallback_key_still_reads(tmp_path: Path, make_client) -> None:
    client = make_client(make_app(tmp_path, SECRET_KEY_FALLBACKS=["old-key"]))
    client.cookies.set("messages", dumps([[25, "from before"]], key="old-key", salt=COOKIE_SALT))
    assert "from before" in client.get("/").text


def test_too_many_messages_for_a_cookie_keep_the_newest(
    tmp_path: Path,
    make_client,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import os

    app = make_app(tmp_path)

    @app.get("/flood")
    def flood(request):
        for index in range(40):
            # Random text does not compress: the cookie would pass 4 KB.
            messages.info(request, f"{index}: {os.urandom(60).hex()}")
        return ""

    @app.get("/huge")
    def huge(request):
        messages.info(request, os.urandom(4000).hex())
        return ""

    client = make_client(app)
    response = client.get("/flood")
    assert len(response.cookies["messages"]) <= 3800
    page = client.get("/").text
    assert "</span>39: " in page and "</span>0: " not in page
    with caplog.at_level(logging.WARNING, "trestle.messages"):
        response = client.get("/huge")
    assert "messages" not in response.cookies
    assert "too long for the messages cookie" in caplog.text


def test_install_needs_a_secret_key() -> None:
    with pytest.raises(SettingsError, match="needs SECRET_KEY") as caught:
        messages.install(App())
    assert caught.value.setting == "SECRET_KEY"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MESSAGES_LEVEL": "loud"}, "MESSAGES_LEVEL"),
        ({"MESSAGES_COOKIE_NAME": ""}, "MESSAGES_COOKIE_NAME"),
    ],
)
def test_install_checks_the_settings(settings: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        messages.install(App({"SECRET_KEY": KEY, **settings}))


def test_install_twice_is_once() -> None:
    app = App({"SECRET_KEY": KEY})
    assert messages.install(app) is messages.install(app)
    assert isinstance(app.extensions["messages"], MessagesMiddleware)


def test_middleware_from_settings_without_a_key_fails_clearly(make_client) -> None:
    # Listed in MIDDLEWARE, the middleware is made without the app: the key is checked
    # when a message is stored.
    app = App({"DEBUG": True}, middleware=[MessagesMiddleware()])

    @app.get("/")
    def add(request):
        messages.info(request, "x")
        return ""

    response = make_client(app).get("/")
    assert response.status_code == 500
    assert "needs SECRET_KEY" in response.json()["detail"]


def test_without_any_store_the_error_says_what_to_add(make_client) -> None:
    app = App()

    @app.get("/")
    def add(request):
        try:
            messages.info(request, "x")
        except MessagesError as error:
            return {"error": str(error)}
        return {}

    assert "trestle.messages.install(app)" in make_client(app).get("/").json()["error"]


def test_sessions_alone_can_carry_messages(tmp_path: Path, make_client) -> None:
    import trestle.sessions

    app = App({"SECRET_KEY": KEY})
    trestle.sessions.install(app)

    @app.get("/add")
    def add(request):
        messages.success(request, "kept in the session")
        return {"in_session": request.session[SESSION_KEY]}

    @app.get("/show")
    def show(request):
        return [m.text for m in messages.get_messages(request)]

    client = make_client(app)
    assert client.get("/add").json() == {"in_session": [[25, "kept in the session"]]}
    assert client.get("/show").json() == ["kept in the session"]
    assert client.get("/show").json() == []


def test_templates_without_messages_show_none(tmp_path: Path, make_client) -> None:
    app = App()
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "p.html").write_text("[{% for m in messages %}{{ m }}{% endfor %}]")
    Templates(app, directory=folder)

    @app.get("/")
    def page(request):
        return render(request, "p.html")

    assert make_client(app).get("/").text == "[]"
