"""ALLOWED_HOSTS through HTTP: listed names, wildcards, ports, IPv6, DEBUG, and bad Hosts → 400."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request
from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.security import SecurityMiddleware
from trestle.security.hosts import AllowedHosts, split_host
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


def make_app(**settings: Any) -> App:
    app = App(settings)
    app.add_middleware(SecurityMiddleware)

    @app.get("/")
    def index(request: Request) -> dict[str, str]:
        return {"host": request.host}

    return app


ALLOWED = ["example.com", ".shop.example", "127.0.0.1", "[::1]", "[2001:db8::7]"]


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "EXAMPLE.com",
        "example.com:8000",
        "example.com.",
        "shop.example",
        "www.shop.example",
        "a.b.shop.example:443",
        "127.0.0.1",
        "127.0.0.1:8000",
        "[::1]",
        "[::1]:8000",
        "[2001:db8::7]:443",
    ],
)
def test_listed_hosts_are_served(make_client: MakeClient, host: str) -> None:
    client = make_client(make_app(ALLOWED_HOSTS=ALLOWED))
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 200
    assert response.json() == {"host": host}


@pytest.mark.parametrize(
    "host",
    [
        "",  # empty
        "evil.test",
        "example.com.evil.test",
        "notexample.com",
        "xshop.example",
        "example.com:99999",  # no such port
        "example.com:80a",
        "example.com:",
        "exa mple.com",
        "example.com/path",
        "user@example.com",
        "example.com\\@evil.test",
        "[::2]",
        "[::1",
        "::1",
        "[fe80::1%eth0]",
        "[zz::1]",
        "127.0.0.2",
        ":80",
    ],
)
def test_bad_or_unlisted_hosts_are_a_400(make_client: MakeClient, host: str) -> None:
    client = make_client(make_app(ALLOWED_HOSTS=ALLOWED))
    response = client.get("/", headers={"Host": host, "Accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The Host header does not name a site this server answers for."
    )


def test_a_non_ascii_host_is_a_400_under_both_protocols() -> None:
    app = make_app(ALLOWED_HOSTS=ALLOWED)
    # httpx's WSGI transport cannot send raw bytes in a header, so build the environ a
    # server would: PEP 3333 headers are latin-1 text.
    statuses: list[str] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "SERVER_NAME": "example.com",
        "SERVER_PORT": "80",
        "HTTP_HOST": "ex\xe4mple.com",
        "wsgi.url_scheme": "http",
    }
    app(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["400 Bad Request"]
    with app.test_client(asgi=True) as client:
        response = client.get("/", headers={"Host": "ex\xe4mple.com".encode("latin-1")})
        assert response.status_code == 400


def test_with_debug_the_message_says_what_to_add(make_client: MakeClient) -> None:
    client = make_client(make_app(DEBUG=True, ALLOWED_HOSTS=["example.com"]))
    detail = client.get("/", headers={"Host": "evil.test:8000"}).json()["detail"]
    assert detail == (
        "The Host header 'evil.test:8000' is not in ALLOWED_HOSTS: add 'evil.test' to "
        "ALLOWED_HOSTS if this server should answer for it."
    )
    bad = client.get("/", headers={"Host": "a b"}).json()["detail"]
    assert bad == "The Host header 'a b' is not a valid host name."


def test_a_star_allows_any_well_formed_host(make_client: MakeClient) -> None:
    client = make_client(make_app(ALLOWED_HOSTS=["*"]))
    assert client.get("/", headers={"Host": "anything.test:81"}).status_code == 200
    assert client.get("/", headers={"Host": "bad host"}).status_code == 400


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost", 200),
        ("localhost:8000", 200),
        ("app.localhost", 200),
        ("127.0.0.1:5000", 200),
        ("[::1]:5000", 200),
        ("testserver", 400),
        ("example.com", 400),
    ],
)
def test_debug_with_no_hosts_allows_localhost(
    make_client: MakeClient, host: str, status: int
) -> None:
    client = make_client(make_app(DEBUG=True))
    assert client.get("/", headers={"Host": host}).status_code == status


def test_no_hosts_without_debug_refuses_everything_and_names_the_setting(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(make_app())
    for host in ("localhost", "testserver", "example.com"):
        response = client.get("/", headers={"Host": host, "Accept": "text/html"})
        assert response.status_code == 400
        assert "ALLOWED_HOSTS is empty" in response.text
    assert "ALLOWED_HOSTS is empty" in caplog.text


def test_the_400_still_carries_the_security_headers(make_client: MakeClient) -> None:
    client = make_client(make_app(ALLOWED_HOSTS=["example.com"]))
    response = client.get("/", headers={"Host": "evil.test"})
    assert response.status_code == 400
    assert response.headers["x-frame-options"] == "DENY"


def test_a_forwarded_host_is_checked_when_the_proxy_is_trusted(make_client: MakeClient) -> None:
    app = make_app(ALLOWED_HOSTS=["example.com"], TRUSTED_PROXIES=["127.0.0.1"])
    client = make_client(app)
    ok = {"Host": "internal:8000", "X-Forwarded-Host": "example.com"}
    assert client.get("/", headers=ok).status_code == 200
    evil = {"Host": "example.com", "X-Forwarded-Host": "evil.test"}
    assert client.get("/", headers=evil).status_code == 400
    # From an untrusted peer the forwarded host is ignored: the Host header is checked.
    untrusted = make_client(make_app(ALLOWED_HOSTS=["example.com"]))
    assert untrusted.get("/", headers=evil).status_code == 200


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("localhost:8000", "without ports"),
        ("https://example.com", "not a host name pattern"),
        ("exa mple.com", "not a host name pattern"),
        ("*.example.com", "not a host name pattern"),
    ],
)
def test_bad_patterns_are_settings_errors(pattern: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        SecurityMiddleware(Settings(ALLOWED_HOSTS=[pattern]))


def test_split_host_and_the_cache_of_allowed_hosts() -> None:
    assert split_host("Example.COM:8080") == "example.com"
    assert split_host("[::1]:80") == "[::1]"
    assert split_host("a..b") == "a..b"  # the pattern list decides; a..b matches none
    assert split_host("") is None
    hosts = AllowedHosts(["*"])
    for n in range(200):
        assert hosts.allows(f"h{n}.test")
    assert len(hosts._known) == 64  # bounded, however many hosts clients send
    refused = AllowedHosts(["example.com"])
    for n in range(100):
        assert not refused.allows(f"h{n}.test")
    assert refused._known == {}
