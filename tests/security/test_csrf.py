"""CSRF through HTTP: session-bound and cookie tokens, masking, origins, fetch metadata, 403s."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request, View
from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.security import (
    CSRFMiddleware,
    SecurityMiddleware,
    csrf_exempt,
    csrf_token,
    rotate_csrf_token,
)
from trestle.security.csrf import SALT, mask, matches, new_secret
from trestle.sessions import SessionMiddleware
from trestle.signing import Signer
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "csrf-test-key-" + "c" * 40


def make_app(*, sessions: bool = True, **settings: Any) -> App:
    app = App({"SECRET_KEY": KEY, "ALLOWED_HOSTS": ["testserver"], **settings})
    app.add_middleware(SecurityMiddleware(app.settings))
    if sessions:
        app.add_middleware(SessionMiddleware(app.settings))
    app.add_middleware(CSRFMiddleware(app.settings))

    @app.get("/form")
    def form(request: Request) -> dict[str, str]:
        return {"token": csrf_token(request)}

    @app.get("/two-tokens")
    def two_tokens(request: Request) -> list[str]:
        return [csrf_token(request), csrf_token(request)]

    @app.route("/submit", methods=["POST", "PUT", "PATCH", "DELETE"])
    def submit(request: Request) -> dict[str, Any]:
        return {"ok": True, "method": request.method}

    @app.post("/submit-async")
    async def submit_async() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/login")
    def login(request: Request) -> str:
        if sessions:
            request.session.cycle_key()
            request.session["user"] = "ada"
        rotate_csrf_token(request)
        return "logged in"

    @app.post("/hook")
    @csrf_exempt
    def hook() -> str:
        return "webhook accepted"

    class Items(View):
        def get(self) -> str:
            return "items"

        def post(self) -> str:
            return "created"

    app.route("/items")(Items)

    @csrf_exempt
    class ClassHook(View):
        def post(self) -> str:
            return "class webhook accepted"

    class MethodHook(View):
        @csrf_exempt
        def post(self) -> str:
            return "method webhook accepted"

    app.route("/class-hook")(ClassHook)
    app.route("/method-hook")(MethodHook)
    return app


def token_of(client: TestClient) -> str:
    token: str = client.get("/form").json()["token"]
    return token


@pytest.fixture(params=["session", "cookie"])
def storage(request: pytest.FixtureRequest) -> str:
    """Where the secret lives: the session, or the signed cookie (no sessions)."""
    return str(request.param)


def client_for(make_client: MakeClient, storage: str, **settings: Any) -> TestClient:
    return make_client(make_app(sessions=storage == "session", **settings))


def test_a_form_post_with_its_token_passes(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    token = token_of(client)
    assert client.post("/submit", data={"csrf_token": token}).json()["ok"] is True
    assert client.post("/submit-async", data={"csrf_token": token}).json()["ok"] is True
    for method in ("PUT", "PATCH", "DELETE"):
        response = client.request(method, "/submit", headers={"X-CSRF-Token": token})
        assert response.json() == {"ok": True, "method": method}
    multipart = client.post("/submit", data={"csrf_token": token}, files={"f": b"x"})
    assert multipart.status_code == 200
    json_body = client.post("/submit", json={"a": 1}, headers={"X-CSRF-Token": token})
    assert json_body.status_code == 200


def test_where_the_secret_is_kept(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    response = client.get("/form")
    cookies = response.headers.get_list("set-cookie")
    names = [cookie.partition("=")[0] for cookie in cookies]
    assert names == (["session"] if storage == "session" else ["csrftoken"])
    assert all("HttpOnly" in cookie and "SameSite=Lax" in cookie for cookie in cookies)
    assert response.headers["vary"] == "Cookie"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_missing_token_is_a_403(make_client: MakeClient, storage: str, method: str) -> None:
    client = client_for(make_client, storage)
    token_of(client)
    response = client.request(method, "/submit", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert "CSRF check failed" in response.json()["detail"]


@pytest.mark.parametrize(
    "forged",
    [
        "x",
        "A" * 86,
        "!" * 86,
        "",
        "%%%",
        "a" * 10_000,
    ],
)
def test_a_forged_token_is_a_403(make_client: MakeClient, storage: str, forged: str) -> None:
    client = client_for(make_client, storage)
    token_of(client)
    assert client.post("/submit", data={"csrf_token": forged}).status_code == 403
    assert client.post("/submit", headers={"X-CSRF-Token": forged}).status_code == 403


def test_a_token_from_another_visitor_is_a_403(make_client: MakeClient, storage: str) -> None:
    attacker = client_for(make_client, storage)
    victim = client_for(make_client, storage)
    token_of(victim)
    stolen = token_of(attacker)
    assert victim.post("/submit", data={"csrf_token": stolen}).status_code == 403


def test_a_token_without_its_secret_is_a_403(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    token = token_of(client)
    client.cookies.clear()  # the session (or CSRF cookie) is gone
    assert client.post("/submit", data={"csrf_token": token}).status_code == 403


def test_each_response_masks_the_token_differently(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    first, second = token_of(client), token_of(client)
    assert first != second
    same_page = client.get("/two-tokens").json()
    assert same_page[0] == same_page[1]
    for token in (first, second, *same_page):
        assert client.post("/submit", data={"csrf_token": token}).status_code == 200


def test_login_rotates_the_token(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    before = token_of(client)
    assert client.post("/login", data={"csrf_token": before}).status_code == 200
    assert client.post("/submit", data={"csrf_token": before}).status_code == 403
    assert client.post("/submit", data={"csrf_token": token_of(client)}).status_code == 200


def test_an_expired_csrf_cookie_is_a_403(make_client: MakeClient) -> None:
    client = make_client(make_app(sessions=False, CSRF_COOKIE_AGE=3600))
    secret = new_secret()
    old = Signer(KEY, salt=SALT).sign(secret, timestamp=time.time() - 3601)
    client.cookies.set("csrftoken", old)
    response = client.post("/submit", data={"csrf_token": mask(secret)})
    assert response.status_code == 403
    fresh = Signer(KEY, salt=SALT).sign(secret)
    client.cookies.set("csrftoken", fresh)
    assert client.post("/submit", data={"csrf_token": mask(secret)}).status_code == 200


def test_an_expired_session_takes_its_token_with_it(make_client: MakeClient) -> None:
    from trestle.sessions import SessionRecord
    from trestle.sessions.config import SessionConfig

    app = make_app(SESSION_IDLE_TIMEOUT=600)
    client = make_client(app)
    secret = new_secret()
    now = int(time.time())
    store = SessionConfig(app.settings).store
    stale = store.save(SessionRecord({"_csrf_secret": secret}, now - 700, now - 601), None, 60)
    client.cookies.set("session", stale)
    assert client.post("/submit", data={"csrf_token": mask(secret)}).status_code == 403
    alive = store.save(SessionRecord({"_csrf_secret": secret}, now - 700, now - 10), None, 60)
    client.cookies.set("session", alive)
    assert client.post("/submit", data={"csrf_token": mask(secret)}).status_code == 200


def test_a_forged_csrf_cookie_is_a_403(make_client: MakeClient) -> None:
    client = make_client(make_app(sessions=False))
    secret = new_secret()
    forged = Signer("not-the-key-" + "z" * 40, salt=SALT).sign(secret)
    client.cookies.set("csrftoken", forged)
    assert client.post("/submit", data={"csrf_token": mask(secret)}).status_code == 403
    client.cookies.set("csrftoken", secret)  # unsigned
    assert client.post("/submit", data={"csrf_token": mask(secret)}).status_code == 403


@pytest.mark.parametrize(
    "origin", ["https://evil.test", "http://testserver.evil.test", "null", "http://testserver:81"]
)
def test_another_origin_is_a_403_even_with_a_token(
    make_client: MakeClient, storage: str, origin: str
) -> None:
    client = client_for(make_client, storage)
    token = token_of(client)
    response = client.post("/submit", data={"csrf_token": token}, headers={"Origin": origin})
    assert response.status_code == 403


def test_the_own_origin_passes(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    token = token_of(client)
    for origin in ("http://testserver", "HTTP://TESTSERVER", "http://testserver:80"):
        headers = {"Origin": origin}
        assert client.post("/submit", data={"csrf_token": token}, headers=headers).is_success


def test_cross_site_fetch_metadata_is_a_403(make_client: MakeClient, storage: str) -> None:
    client = client_for(make_client, storage)
    token = token_of(client)
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert client.post("/submit", data={"csrf_token": token}, headers=cross).status_code == 403
    for site in ("same-origin", "same-site", "none"):
        headers = {"Sec-Fetch-Site": site}
        assert client.post("/submit", data={"csrf_token": token}, headers=headers).is_success


def test_trusted_origins_may_post(make_client: MakeClient) -> None:
    trusted = ["https://pay.example", "https://*.partner.example"]
    client = make_client(make_app(CSRF_TRUSTED_ORIGINS=trusted))
    token = token_of(client)
    for origin in ("https://pay.example", "https://a.partner.example", "https://pay.example:443"):
        headers = {"Origin": origin, "Sec-Fetch-Site": "cross-site"}
        assert client.post("/submit", data={"csrf_token": token}, headers=headers).is_success
    for origin in ("http://pay.example", "https://partner.example.evil", "https://evil.example"):
        headers = {"Origin": origin}
        assert (
            client.post("/submit", data={"csrf_token": token}, headers=headers).status_code == 403
        )


def test_https_without_origin_needs_a_same_site_referer(make_client: MakeClient) -> None:
    client = make_client(make_app(), base_url="https://testserver")
    token = token_of(client)
    data = {"csrf_token": token}
    assert client.post("/submit", data=data).status_code == 403  # neither header
    for referer in ("https://evil.test/page", "http://testserver/page", "not a url", "https://"):
        assert client.post("/submit", data=data, headers={"Referer": referer}).status_code == 403
    ok = client.post("/submit", data=data, headers={"Referer": "https://testserver/form"})
    assert ok.status_code == 200
    assert client.post("/submit", data=data, headers={"Origin": "https://testserver"}).is_success


def test_exempt_views_bearer_apis_and_safe_methods_are_not_checked(
    make_client: MakeClient, storage: str
) -> None:
    client = client_for(make_client, storage)
    assert client.post("/hook").text == "webhook accepted"
    bearer = client.post("/submit", headers={"Authorization": "Bearer abc.def"})
    assert bearer.json()["ok"] is True
    basic = client.post("/submit", headers={"Authorization": "Basic YTpi"})
    assert basic.status_code == 403  # browsers add Basic credentials by themselves
    assert client.get("/form").status_code == 200
    assert client.options("/submit").status_code == 204
    assert client.get("/items").text == "items"
    assert client.post("/items").status_code == 403
    assert client.post("/items", data={"csrf_token": token_of(client)}).text == "created"


def test_requests_no_view_answers_get_the_router_s_answer(
    make_client: MakeClient, storage: str
) -> None:
    client = client_for(make_client, storage)
    unknown = client.post("/nowhere")
    assert unknown.status_code == 404
    wrong_method = client.put("/items")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert client.post("/items").status_code == 403  # a view is there: checked


def test_the_403_page_says_why_only_with_debug(make_client: MakeClient) -> None:
    plain = make_client(make_app())
    page = plain.post("/submit", headers={"Accept": "text/html"})
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "security token" in page.text and "reload the page" in page.text
    assert "missing" not in page.text
    debug = make_client(make_app(DEBUG=True))
    detail = debug.post("/submit", headers={"Accept": "application/json"}).json()["detail"]
    assert detail.startswith("CSRF check failed: the CSRF token is missing.")
    assert "{{ csrf_input }}" in detail and "CSRF_TRUSTED_ORIGINS" in detail


def test_the_field_and_header_names_come_from_the_settings(make_client: MakeClient) -> None:
    client = make_client(make_app(CSRF_FIELD_NAME="_token", CSRF_HEADER_NAME="X-XSRF"))
    token = token_of(client)
    assert client.post("/submit", data={"_token": token}).status_code == 200
    assert client.post("/submit", headers={"X-XSRF": token}).status_code == 200
    assert client.post("/submit", data={"csrf_token": token}).status_code == 403


def test_a_malformed_form_body_is_a_4xx_not_a_500(make_client: MakeClient) -> None:
    client = make_client(make_app())
    token_of(client)
    response = client.post(
        "/submit",
        content=b"--x\r\nbroken",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert 400 <= response.status_code < 500


def test_csrf_token_without_the_middleware_says_what_to_add(make_client: MakeClient) -> None:
    app = App()

    @app.get("/")
    def index(request: Request) -> str:
        return csrf_token(request)

    assert make_client(app).get("/").status_code == 500
    with pytest.raises(RuntimeError, match="CSRFMiddleware"):
        csrf_token(Request("GET", "/"))


def test_tokens_are_compared_in_constant_time_and_checked_strictly() -> None:
    import inspect

    from trestle.security import csrf

    assert "hmac.compare_digest" in inspect.getsource(csrf.matches)
    secret = new_secret()
    token = mask(secret)
    assert matches(token, secret)
    assert not matches(token[:-1], secret)
    assert not matches(token, new_secret())
    assert not matches(token, "not base64!")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"CSRF_TRUSTED_ORIGINS": ["pay.example"]}, "not an origin"),
        ({"CSRF_TRUSTED_ORIGINS": ["ftp://pay.example"]}, "not an origin"),
        ({"CSRF_COOKIE_SAMESITE": "sometimes"}, "CSRF_COOKIE_SAMESITE"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
    ],
)
def test_bad_csrf_settings_are_clear_errors(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        CSRFMiddleware(Settings({"SECRET_KEY": KEY, **settings}))


def test_csrf_middleware_without_settings_reads_the_apps(make_client: MakeClient) -> None:
    app = App({"SECRET_KEY": KEY})
    app.add_middleware(CSRFMiddleware)

    @app.get("/form")
    def form(request: Request) -> str:
        return csrf_token(request)

    @app.post("/submit")
    def submit() -> str:
        return "ok"

    client = make_client(app)
    token = client.get("/form").text
    assert client.post("/submit", data={"csrf_token": token}).text == "ok"
    assert client.post("/submit").status_code == 403


def test_csrf_exempt_on_a_view_class_or_its_method(make_client: MakeClient) -> None:
    client = make_client(make_app())
    assert client.post("/class-hook").text == "class webhook accepted"
    assert client.post("/method-hook").text == "method webhook accepted"
    assert client.post("/items").status_code == 403
