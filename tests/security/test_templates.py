"""csrf_input, csrf_token and csp_nonce in templates (trestle.templating), through HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from trestle import App, Request
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "templates-test-key-" + "t" * 40
TEMPLATES = Path(__file__).parent / "templates"


def make_app(**settings: Any) -> App:
    import trestle.security
    import trestle.sessions
    from trestle.templating import Templates, render

    app = App({"SECRET_KEY": KEY, "ALLOWED_HOSTS": ["testserver", "127.0.0.1"], **settings})
    Templates(app, directory=TEMPLATES)
    trestle.sessions.install(app)
    trestle.security.install(app)

    @app.get("/")
    def form(request: Request) -> Any:
        return render(request, "form.html", {"text": request.query.get("text", "")})

    @app.get("/plain")
    def plain(request: Request) -> Any:
        return render(request, "plain.html", {"text": "no form here"})

    @app.post("/comment")
    def comment(request: Request) -> Any:
        return render(request, "plain.html", {"text": f"saved: {request.form['text']}"})

    return app


def test_the_form_carries_a_token_that_the_post_accepts(make_client: MakeClient) -> None:
    client = make_client(make_app())
    page = client.get("/").text
    field = page.split('<input type="hidden" name="csrf_token" value="')[1].split('"')[0]
    meta = page.split('<meta name="csrf-token" content="')[1].split('"')[0]
    assert len(field) == 86 and field == meta  # one masked token per response
    assert client.post("/comment", data={"csrf_token": field, "text": "hi"}).text.strip() == (
        "<p>saved: hi</p>"
    )
    assert client.post("/comment", headers={"X-CSRF-Token": meta}, data={"text": "x"}).is_success
    assert client.post("/comment", data={"text": "hi"}).status_code == 403


def test_the_nonce_in_the_page_is_the_one_in_the_policy(make_client: MakeClient) -> None:
    response = make_client(make_app()).get("/")
    nonce = response.text.split('<script nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response.headers["content-security-policy"]


def test_a_page_without_a_form_makes_no_token_and_no_session(make_client: MakeClient) -> None:
    response = make_client(make_app()).get("/plain")
    assert response.text.strip() == "<p>no form here</p>"
    assert "set-cookie" not in response.headers
    assert "nonce" not in response.headers["content-security-policy"]


def test_values_stay_escaped_next_to_the_safe_input(make_client: MakeClient) -> None:
    payload = '"><script>alert(1)</script>'
    page = make_client(make_app()).get("/", params={"text": payload}).text
    assert "<script>alert(1)</script>" not in page
    assert "&#34;&gt;&lt;script&gt;" in page
