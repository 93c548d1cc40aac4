"""CORS middleware: preflights, simple requests, credentials, Vary, and refused or odd input."""

from __future__ import annotations

import pytest

from trestle import App, Response
from trestle.api import CORSMiddleware
from trestle.api.cors import add_vary

SITE = "https://app.example.com"


def api(**options: object) -> App:
    app = App(middleware=[CORSMiddleware(**options)])  # type: ignore[arg-type]

    @app.get("/items")
    def items() -> dict[str, list[int]]:
        return {"items": [1, 2]}

    @app.route("/items/<int:id>", methods=["PUT", "DELETE"])
    def item(id: int) -> dict[str, int]:
        return {"id": id}

    @app.get("/varies")
    def varies() -> Response:
        return Response("x", headers={"Vary": "Accept-Encoding"})

    return app


def preflight(client, path: str = "/items/1", origin: str = SITE, method: str = "PUT", **extra):
    headers = {"Origin": origin, "Access-Control-Request-Method": method, **extra}
    return client.options(path, headers=headers)


# -- preflights --------------------------------------------------------------------------------


def test_preflight_is_answered_directly(make_client) -> None:
    client = make_client(api(allow_origins=[SITE], max_age=300))
    response = preflight(
        client, **{"Access-Control-Request-Headers": "Content-Type, Authorization"}
    )
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == SITE
    assert response.headers["access-control-allow-methods"] == (
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    )
    assert response.headers["access-control-allow-headers"] == "content-type, authorization"
    assert response.headers["access-control-max-age"] == "300"
    assert response.headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in response.headers
    assert "allow" not in response.headers  # not routing's OPTIONS answer


def test_preflight_for_a_path_without_an_options_route_or_any_route(make_client) -> None:
    client = make_client(api(allow_origins=[SITE]))
    assert preflight(client, "/items", method="GET").status_code == 204
    assert preflight(client, "/nowhere").status_code == 204


def test_plain_options_still_reaches_routing(make_client) -> None:
    client = make_client(api(allow_origins=[SITE]))
    response = client.options("/items/1", headers={"Origin": SITE})
    assert response.status_code == 204
    assert response.headers["allow"] == "DELETE, OPTIONS, PUT"
    assert response.headers["access-control-allow-origin"] == SITE


@pytest.mark.parametrize(
    ("origin", "method", "request_headers", "detail"),
    [
        ("https://evil.example", "PUT", None, "this origin is not allowed"),
        ("https://app.example.com.evil.example", "PUT", None, "this origin is not allowed"),
        ("null", "PUT", None, "this origin is not allowed"),
        (SITE, "PURGE", None, "the method PURGE is not allowed"),
        (SITE, "put", None, "the method put is not allowed"),  # methods are case-sensitive
        (SITE, "PU T", None, "malformed Access-Control-Request-Method"),
        (SITE, "PUT", "x-secret", "the header x-secret is not allowed"),
        (SITE, "PUT", "content-type, x a", "malformed Access-Control-Request-Headers"),
        (SITE, "PUT", "(x)", "malformed Access-Control-Request-Headers"),
    ],
)
def test_refused_preflights_get_400_without_cors_headers(
    make_client, origin: str, method: str, request_headers: str | None, detail: str
) -> None:
    client = make_client(api(allow_origins=[SITE]))
    extra = {"Access-Control-Request-Headers": request_headers} if request_headers else {}
    response = preflight(client, origin=origin, method=method, **extra)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"CORS preflight refused: {detail}"
    assert not [name for name in response.headers if name.startswith("access-control-")]
    assert response.headers["vary"] == "Origin"


def test_empty_request_headers_list_is_fine(make_client) -> None:
    client = make_client(api(allow_origins=[SITE]))
    response = preflight(client, **{"Access-Control-Request-Headers": " , ,"})
    assert response.status_code == 204
    assert "access-control-allow-headers" not in response.headers


def test_safelisted_headers_are_always_allowed(make_client) -> None:
    client = make_client(api(allow_origins=[SITE], allow_headers=[]))
    ok = preflight(client, **{"Access-Control-Request-Headers": "Accept, Content-Type"})
    assert ok.status_code == 204
    refused = preflight(client, **{"Access-Control-Request-Headers": "Authorization"})
    assert refused.status_code == 400


def test_wildcards_without_credentials_are_literal(make_client) -> None:
    client = make_client(api(allow_origins="*", allow_methods="*", allow_headers="*"))
    response = preflight(client, method="PURGE", **{"Access-Control-Request-Headers": "X-Any"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "*"
    assert response.headers["access-control-allow-headers"] == "*"
    assert response.headers["vary"] == "Access-Control-Request-Headers"


def test_wildcards_with_credentials_echo_the_request(make_client) -> None:
    client = make_client(
        api(allow_origins="*", allow_methods="*", allow_headers="*", allow_credentials=True)
    )
    response = preflight(
        client, origin="https://any.example", method="PURGE",
        **{"Access-Control-Request-Headers": "X-Any, X-Other"},
    )  # fmt: skip
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "https://any.example"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-allow-methods"] == "PURGE"
    assert response.headers["access-control-allow-headers"] == "x-any, x-other"
    assert response.headers["vary"] == (
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
    )


def test_origin_regex(make_client) -> None:
    client = make_client(api(allow_origin_regex=r"https://[a-z0-9-]+\.example\.com"))
    assert preflight(client, origin="https://shop.example.com").status_code == 204
    assert preflight(client, origin="https://example.com").status_code == 400
    # fullmatch: a suffix after the allowed part is not allowed.
    assert preflight(client, origin="https://a.example.com.evil.net").status_code == 400
    response = client.get("/items", headers={"Origin": "https://shop.example.com"})
    assert response.headers["access-control-allow-origin"] == "https://shop.example.com"


# -- simple and actual requests ----------------------------------------------------------------


def test_allowed_origin_gets_the_headers(make_client) -> None:
    client = make_client(
        api(allow_origins=[SITE], allow_credentials=True, expose_headers=["X-Total-Count"])
    )
    response = client.get("/items", headers={"Origin": SITE})
    assert response.json() == {"items": [1, 2]}
    assert response.headers["access-control-allow-origin"] == SITE
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-expose-headers"] == "X-Total-Count"
    assert response.headers["vary"] == "Origin"


def test_errors_carry_the_headers_too(make_client) -> None:
    client = make_client(api(allow_origins=[SITE]))
    response = client.get("/missing", headers={"Origin": SITE})
    assert response.status_code == 404
    assert response.headers["access-control-allow-origin"] == SITE


def test_disallowed_origin_is_served_without_cors_headers(make_client) -> None:
    client = make_client(api(allow_origins=[SITE], allow_credentials=True))
    response = client.get("/items", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert not [name for name in response.headers if name.startswith("access-control-")]
    assert response.headers["vary"] == "Origin"


def test_vary_origin_even_without_an_origin(make_client) -> None:
    client = make_client(api(allow_origins=[SITE]))
    response = client.get("/items")
    assert response.headers["vary"] == "Origin"
    assert "access-control-allow-origin" not in response.headers


def test_vary_is_merged_with_the_views_own(make_client) -> None:
    client = make_client(api(allow_origins=[SITE]))
    response = client.get("/varies", headers={"Origin": SITE})
    assert response.headers.get_list("vary") == ["Accept-Encoding", "Origin"]


def test_any_origin_without_credentials_needs_no_vary(make_client) -> None:
    client = make_client(api(allow_origins="*"))
    response = client.get("/items", headers={"Origin": "https://anyone.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "vary" not in response.headers


def test_any_origin_with_credentials_echoes_the_origin(make_client) -> None:
    client = make_client(api(allow_origins="*", allow_credentials=True))
    response = client.get("/items", headers={"Origin": "https://anyone.example"})
    assert response.headers["access-control-allow-origin"] == "https://anyone.example"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["vary"] == "Origin"


def test_configured_origins_are_compared_lower_cased(make_client) -> None:
    client = make_client(api(allow_origins=["https://App.Example.com:8443"]))
    response = client.get("/items", headers={"Origin": "https://app.example.com:8443"})
    assert response.headers["access-control-allow-origin"] == "https://app.example.com:8443"


# -- odd input ---------------------------------------------------------------------------------


def test_odd_origin_values_are_not_allowed_and_never_crash(send_raw) -> None:
    app = api(allow_origin_regex=".*")
    for origin in ["https://é.example", "https://x\x7f.example"]:
        response = send_raw(app, "GET", b"/items", headers=[("origin", origin)])
        assert response.status == 200
        assert response.header("access-control-allow-origin") is None
        refused = send_raw(
            app,
            "OPTIONS",
            b"/items",
            headers=[("origin", origin), ("access-control-request-method", "GET")],
        )
        assert refused.status == 400


@pytest.mark.parametrize(("origin", "method"), [("", "GET"), (SITE, "")])
def test_empty_headers_count_as_absent(send_raw, origin: str, method: str) -> None:
    app = api(allow_origins=[SITE])
    preflight = [("origin", origin), ("access-control-request-method", method)]
    response = send_raw(app, "OPTIONS", b"/items", headers=preflight)
    assert (response.status, response.header("allow")) == (204, "GET, HEAD, OPTIONS")
    assert response.header("access-control-allow-methods") is None


def test_add_vary_leaves_star_alone() -> None:
    response = Response(headers={"Vary": "*"})
    add_vary(response, "Origin")
    assert response.headers.getlist("vary") == ["*"]
    response = Response(headers={"Vary": "origin, Accept"})
    add_vary(response, "Origin", "Cookie")
    assert response.headers.getlist("vary") == ["origin, Accept", "Cookie"]


# -- configuration checked at start-up ---------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"allow_origins": ["https://app.example.com/"]}, "is not an origin"),
        ({"allow_origins": ["app.example.com"]}, "is not an origin"),
        ({"allow_origins": ["https://app.example.com/api"]}, "is not an origin"),
        ({"allow_origins": ["null"]}, "never allow the origin 'null'"),
        ({"allow_origins": ["*", SITE]}, "either '\\*' or a list"),
        ({"allow_origin_regex": "(unclosed"}, "does not compile"),
        ({"allow_methods": ["GET", "*"]}, "either '\\*' or a list"),
        ({"allow_methods": ["GE T"]}, "not a valid method"),
        ({"allow_headers": ["x:y"]}, "not a valid header name"),
        ({"max_age": -1}, "max_age"),
        ({"max_age": True}, "max_age"),
        ({"expose_headers": "*", "allow_credentials": True}, "expose_headers='\\*'"),
    ],
)
def test_bad_configuration_is_refused_at_construction(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CORSMiddleware(**options)


def test_repr() -> None:
    assert repr(CORSMiddleware(allow_origins=[SITE])) == (
        "<CORSMiddleware origins=['https://app.example.com'] credentials=False>"
    )
    assert "origins='*'" in repr(CORSMiddleware(allow_origins="*"))
