"""Security headers and the HTTPS redirect, through HTTP under WSGI and ASGI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, HTMLResponse, Request, Response
from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.security import SecurityMiddleware, csp_nonce
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
HOSTS = ["testserver"]


def make_app(**settings: Any) -> App:
    app = App({"ALLOWED_HOSTS": HOSTS, **settings})
    app.add_middleware(SecurityMiddleware(app.settings))

    @app.get("/")
    def index() -> str:
        return "<p>hi</p>"

    @app.get("/script")
    def script(request: Request) -> HTMLResponse:
        return HTMLResponse(f'<script nonce="{csp_nonce(request)}">1</script>')

    @app.get("/async-script")
    async def async_script(request: Request) -> HTMLResponse:
        # The same nonce however often a page asks for it.
        assert csp_nonce(request) == csp_nonce(request)
        return HTMLResponse(f'<script nonce="{csp_nonce(request)}">1</script>')

    @app.get("/own")
    def own() -> Response:
        return Response(
            b"framed",
            headers={"X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "img-src *"},
        )

    @app.get("/search")
    def search(request: Request) -> str:
        return request.query.get("q", "")

    return app


DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def test_every_response_gets_the_headers(make_client: MakeClient) -> None:
    client = make_client(make_app())
    for path in ("/", "/missing"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        assert headers["permissions-policy"] == (
            "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
        )
        assert headers["content-security-policy"] == DEFAULT_CSP
        assert "strict-transport-security" not in headers  # plain HTTP


def test_a_nonce_appears_only_when_a_page_uses_one(make_client: MakeClient) -> None:
    client = make_client(make_app())
    for path in ("/script", "/async-script"):
        response = client.get(path)
        nonce = response.text.split('nonce="')[1].split('"')[0]
        assert len(nonce) >= 22
        csp = response.headers["content-security-policy"]
        assert f"script-src 'self' 'nonce-{nonce}';" in csp
    again = client.get("/script").text
    assert nonce not in again  # a new nonce per request
    assert "nonce" not in client.get("/").headers["content-security-policy"]


def test_a_views_own_header_wins(make_client: MakeClient) -> None:
    headers = make_client(make_app()).get("/own").headers
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["content-security-policy"] == "img-src *"
    assert headers["x-content-type-options"] == "nosniff"


def test_hsts_on_https_only_with_its_options(make_client: MakeClient) -> None:
    app = make_app(
        SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
    )
    https = make_client(app, base_url="https://testserver")
    assert https.get("/").headers["strict-transport-security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "strict-transport-security" not in make_client(app).get("/").headers
    plain = make_client(make_app(SECURE_HSTS_SECONDS=600), base_url="https://testserver")
    assert plain.get("/").headers["strict-transport-security"] == "max-age=600"


def test_hsts_behind_a_trusted_proxy(make_client: MakeClient) -> None:
    app = make_app(SECURE_HSTS_SECONDS=600, TRUSTED_PROXIES=["127.0.0.1"])
    client = make_client(app)
    forwarded = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.headers["strict-transport-security"] == "max-age=600"


def test_settings_change_or_turn_off_each_header(make_client: MakeClient) -> None:
    app = make_app(
        SECURE_CONTENT_TYPE_NOSNIFF=False,
        SECURE_REFERRER_POLICY="strict-origin-when-cross-origin",
        X_FRAME_OPTIONS="sameorigin",
        SECURE_CROSS_ORIGIN_OPENER_POLICY="",
        SECURE_PERMISSIONS_POLICY={"geolocation": ["self", "https://maps.example"]},
        SECURE_CSP={},
        SECURE_CSP_REPORT_ONLY={"default-src": "'self'", "report-uri": ["/csp-report"]},
    )
    headers = make_client(app).get("/").headers
    assert "x-content-type-options" not in headers
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "cross-origin-opener-policy" not in headers
    assert headers["permissions-policy"] == 'geolocation=(self "https://maps.example")'
    assert "content-security-policy" not in headers
    assert headers["content-security-policy-report-only"] == (
        "default-src 'self'; report-uri /csp-report"
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"X_FRAME_OPTIONS": "ALLOW-FROM x"}, "X_FRAME_OPTIONS must be"),
        ({"SECURE_CSP": {"script src": ["'self'"]}}, "not a CSP directive"),
        ({"SECURE_CSP": {"script-src": ["'self'; img-src *"]}}, "not one source"),
        ({"SECURE_CSP": {"script-src": [1]}}, "must be a list of sources"),
        ({"SECURE_CSP": ["default-src"]}, "must be a dict"),
        ({"SECURE_PERMISSIONS_POLICY": {"camera": "self"}}, "must be a list"),
        ({"SECURE_PERMISSIONS_POLICY": {"Cam era": []}}, "not a feature name"),
        ({"SECURE_PERMISSIONS_POLICY": ["camera"]}, "must be a dict"),
        ({"SECURE_REFERRER_POLICY": "same-origin\r\nX-Evil: 1"}, "security header setting"),
        ({"SECURE_SSL_HOST": "bad host/"}, "SECURE_SSL_HOST"),
    ],
)
def test_bad_header_settings_are_clear_errors(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        SecurityMiddleware(Settings({"ALLOWED_HOSTS": HOSTS, **settings}))


def test_http_is_redirected_to_https(make_client: MakeClient) -> None:
    client = make_client(make_app(SECURE_SSL_REDIRECT=True))
    response = client.get("/search?q=a%20b&x=1")
    assert response.status_code == 301
    assert response.headers["location"] == "https://testserver/search?q=a%20b&x=1"
    assert response.headers["x-frame-options"] == "DENY"
    https = make_client(make_app(SECURE_SSL_REDIRECT=True), base_url="https://testserver")
    assert https.get("/search?q=x").text == "x"


def test_the_redirect_goes_to_the_ssl_host_and_never_to_an_unlisted_host(
    make_client: MakeClient,
) -> None:
    client = make_client(make_app(SECURE_SSL_REDIRECT=True, SECURE_SSL_HOST="secure.example"))
    assert client.get("/").headers["location"] == "https://secure.example/"
    plain = make_client(make_app(SECURE_SSL_REDIRECT=True))
    # A forged Host is refused before any redirect could point at it.
    assert plain.get("/", headers={"Host": "evil.test"}).status_code == 400
