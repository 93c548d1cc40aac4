"""The scenarios: what each request sends and what a correct app must answer.

A scenario is protocol-neutral; :meth:`Scenario.environ` and :meth:`Scenario.scope` turn it
into the WSGI environ and ASGI scope a server would build. Both are built once per scenario;
the drivers copy them per request, since frameworks store things in them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from io import BytesIO
from typing import Any

#: Headers every request carries, as a minimal real client (curl) would send them.
COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("host", "localhost:8000"),
    ("user-agent", "trestle-bench/1.0"),
    ("accept", "*/*"),
)


@dataclass(frozen=True)
class Expected:
    """What a correct response looks like; ``None`` fields are not checked."""

    status: int
    content_type: str | None = None
    #: The exact body (text scenarios).
    body: bytes | None = None
    #: The body decoded as JSON (JSON scenarios: frameworks differ in whitespace).
    json: Any = None
    #: ``(name, value)`` of a cookie the response must set, with HttpOnly, SameSite=Lax, Path=/.
    cookie: tuple[str, str] | None = None


@dataclass(frozen=True)
class Scenario:
    """One request and the response it must get."""

    key: str
    title: str
    method: str
    path: str
    expected: Expected
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    content_type: str | None = None
    #: The targets that run this scenario (empty: every target). S8 needs typed
    #: validation, which only some frameworks have.
    targets: tuple[str, ...] = ()

    def applies_to(self, target: str) -> bool:
        """True when ``target`` runs this scenario."""
        return not self.targets or target in self.targets

    def all_headers(self) -> list[tuple[str, str]]:
        """Lower-case ``(name, value)`` pairs in the order a client sends them."""
        headers = [*COMMON_HEADERS, *self.headers]
        if self.body:
            headers.append(("content-type", self.content_type or "application/octet-stream"))
            headers.append(("content-length", str(len(self.body))))
        return headers

    def environ(self) -> dict[str, Any]:
        """The PEP 3333 environ a WSGI server would build (``wsgi.input`` is replaced per call)."""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": self.path,
            "QUERY_STRING": self.query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "REMOTE_PORT": "50000",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(self.body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self.all_headers():
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            environ[key] = value
        return environ

    def scope(self) -> dict[str, Any]:
        """The ASGI 3 HTTP scope a server would build (the body comes through ``receive``)."""
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode("ascii"),
            "query_string": self.query.encode("ascii"),
            "root_path": "",
            "headers": [
                (name.encode("latin-1"), value.encode("latin-1"))
                for name, value in self.all_headers()
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("localhost", 8000),
        }


#: S8's body: ten fields, as a client would send them.
TYPED_BODY = (
    b'{"customer":"Ada Lovelace","email":"ada@example.com","sku":"TEA-42","quantity":3,'
    b'"unit_price":4.5,"currency":"EUR","express":true,"tags":["gift","fragile"],'
    b'"notes":"ring twice","coupon":null}'
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="S1",
        title="plaintext",
        method="GET",
        path="/plaintext",
        expected=Expected(200, "text/plain", body=b"Hello, World!"),
    ),
    Scenario(
        key="S2",
        title="JSON",
        method="GET",
        path="/json",
        expected=Expected(200, "application/json", json={"message": "Hello, World!"}),
    ),
    Scenario(
        key="S3",
        title="path param + query",
        method="GET",
        path="/users/42",
        query="page=2&sort=name",
        expected=Expected(200, "application/json", json={"id": 42, "page": 2, "sort": "name"}),
    ),
    Scenario(
        key="S4",
        title="form POST",
        method="POST",
        path="/form",
        # "+" and "%40" so every framework really decodes what it parses.
        body=b"name=Ada+Lovelace&email=ada%40example.com&age=36",
        content_type="application/x-www-form-urlencoded",
        expected=Expected(
            200,
            "application/json",
            json={"name": "Ada Lovelace", "email": "ada@example.com", "age": "36"},
        ),
    ),
    Scenario(
        key="S5",
        title="cookie in, cookie out",
        method="GET",
        path="/cookie",
        headers=(("cookie", "theme=dark; visits=41"),),
        expected=Expected(200, "text/plain", body=b"visits: 41", cookie=("visits", "42")),
    ),
    Scenario(
        key="S6",
        title="unrouted 404",
        method="GET",
        path="/no/such/page",
        # Each framework's own 404 page: only the status is comparable.
        expected=Expected(404),
    ),
    Scenario(
        key="S7",
        title="last of 100 routes",
        method="GET",
        path="/api/res99/7",
        expected=Expected(200, "text/plain", body=b"route 99: item 7"),
    ),
    Scenario(
        key="S8",
        title="typed JSON API",
        method="POST",
        path="/typed/42",
        query="limit=10&dry_run=true",
        body=TYPED_BODY,
        content_type="application/json",
        expected=Expected(
            200,
            "application/json",
            json={
                "store_id": 42,
                "customer": "Ada Lovelace",
                "sku": "TEA-42",
                "quantity": 3,
                "total": 13.5,
                "currency": "EUR",
                "express": True,
                "limit": 10,
                "dry_run": True,
            },
        ),
        targets=("trestle-wsgi", "trestle-asgi", "fastapi", "litestar"),
    ),
)

BY_KEY: dict[str, Scenario] = {scenario.key: scenario for scenario in SCENARIOS}
