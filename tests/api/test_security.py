"""API authentication schemes as dependencies: bearer tokens and API keys, good and bad input."""

from typing import Annotated

import pytest

from trestle import App, HTTPException
from trestle.api import (
    APIKeyCookie,
    APIKeyHeader,
    APIKeyQuery,
    HTTPBearer,
    OpenAPI,
    secret_equals,
)
from trestle.params import Depends

TOKENS = {"t0k3n.abc-_~+/=": "ada"}


def bearer_app(**options: object) -> App:
    bearer = HTTPBearer(**options)  # type: ignore[arg-type]
    app = App()

    def current_user(token: Annotated[str | None, Depends(bearer)]) -> str | None:
        if token is None:
            return None
        for known, user in TOKENS.items():
            if secret_equals(token, known):
                return user
        raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})

    @app.get("/me")
    def me(user: Annotated[str | None, Depends(current_user)]) -> dict[str, str | None]:
        return {"user": user}

    return app


def test_bearer_token_reaches_the_dependency(make_client) -> None:
    client = make_client(bearer_app())
    response = client.get("/me", headers={"Authorization": "Bearer t0k3n.abc-_~+/="})
    assert response.json() == {"user": "ada"}
    # The scheme name is case-insensitive (RFC 9110 §11.1), and spaces around are fine.
    response = client.get("/me", headers={"Authorization": "bEaReR   t0k3n.abc-_~+/=  "})
    assert response.json() == {"user": "ada"}


def test_unknown_token_is_refused_by_the_dependency(make_client) -> None:
    response = make_client(bearer_app()).get("/me", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json()["detail"] == "unknown token"


@pytest.mark.parametrize(
    ("header", "challenge"),
    [
        (None, "Bearer"),
        ("", "Bearer"),
        ("Basic YWRhOnB3", "Bearer"),
        ("Bearer", 'Bearer error="invalid_request"'),
        ("Bearertoken", "Bearer"),
        ("Bearer ", 'Bearer error="invalid_request"'),
        ("Bearer two words", 'Bearer error="invalid_request"'),
        ("Bearer tok,en", 'Bearer error="invalid_request"'),
        ('Bearer "quoted"', 'Bearer error="invalid_request"'),
        ("Bearer ab=cd", 'Bearer error="invalid_request"'),
        ("Bearer \ttab", 'Bearer error="invalid_request"'),
    ],
)
def test_missing_or_malformed_bearer_is_401(
    make_client, header: str | None, challenge: str
) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = make_client(bearer_app()).get("/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == challenge
    assert response.headers["content-type"] == "application/problem+json"


def test_non_ascii_authorization_header_is_401_not_500(send_raw) -> None:
    response = send_raw(bearer_app(), "GET", b"/me", headers=[("authorization", "Bearer tökén")])
    assert response.status == 401
    response = send_raw(bearer_app(), "GET", b"/me", headers=[("authorization", "Bearer \x00")])
    assert response.status == 401


def test_secret_equals_never_raises() -> None:
    assert secret_equals("tökén", "tökén")
    assert not secret_equals("tökén", "token")
    assert not secret_equals(None, "token")
    assert secret_equals(b"k", "k")
    assert not secret_equals("\udcff", "x")  # a lone surrogate, as surrogateescape makes


def test_realm_is_in_the_challenge(make_client) -> None:
    client = make_client(bearer_app(realm='shop "api"'))
    assert client.get("/me").headers["www-authenticate"] == 'Bearer realm="shop \\"api\\""'
    malformed = client.get("/me", headers={"Authorization": "Bearer ?"})
    assert malformed.headers["www-authenticate"] == (
        'Bearer realm="shop \\"api\\"", error="invalid_request"'
    )


def test_auto_error_false_lets_anonymous_callers_in(make_client) -> None:
    client = make_client(bearer_app(auto_error=False))
    assert client.get("/me").json() == {"user": None}
    assert client.get("/me", headers={"Authorization": "Basic x"}).json() == {"user": None}
    assert client.get("/me", headers={"Authorization": "Bearer a b"}).json() == {"user": None}
    ok = client.get("/me", headers={"Authorization": "Bearer t0k3n.abc-_~+/="})
    assert ok.json() == {"user": "ada"}


# -- API keys ----------------------------------------------------------------------------------


def key_app(scheme: object) -> App:
    app = App()

    @app.get("/data")
    def data(key: Annotated[str | None, Depends(scheme)]) -> dict[str, str | None]:  # type: ignore[arg-type]
        return {"key": key}

    return app


def test_api_key_in_a_header(make_client) -> None:
    client = make_client(key_app(APIKeyHeader(name="X-API-Key")))
    assert client.get("/data", headers={"x-api-key": "k-1"}).json() == {"key": "k-1"}
    missing = client.get("/data")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'APIKey in="header", name="X-API-Key"'
    assert missing.json()["detail"] == "an API key is required (header X-API-Key)"
    assert client.get("/data", headers={"x-api-key": ""}).status_code == 401


def test_api_key_in_the_query(make_client) -> None:
    client = make_client(key_app(APIKeyQuery(name="api_key")))
    assert client.get("/data?api_key=k-2").json() == {"key": "k-2"}
    missing = client.get("/data?api_key=")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'APIKey in="query", name="api_key"'


def test_api_key_in_a_cookie(make_client) -> None:
    client = make_client(key_app(APIKeyCookie(name="api_key")))
    assert client.get("/data", headers={"Cookie": "api_key=k-3"}).json() == {"key": "k-3"}
    assert client.get("/data", headers={"Cookie": "other=1"}).status_code == 401
    assert client.get("/data", headers={"Cookie": ";;=;"}).status_code == 401


def test_api_key_auto_error_false(make_client) -> None:
    client = make_client(key_app(APIKeyHeader(name="X-API-Key", auto_error=False)))
    assert client.get("/data").json() == {"key": None}


def test_bad_query_string_with_a_query_key_is_400(send_raw) -> None:
    response = send_raw(key_app(APIKeyQuery(name="k")), "GET", b"/data?k=%ff")
    assert response.status == 400


@pytest.mark.parametrize("scheme", [APIKeyHeader, APIKeyQuery, APIKeyCookie])
def test_key_names_are_checked(scheme: type) -> None:
    with pytest.raises(ValueError, match="not a valid"):
        scheme(name="bad name")


def test_repr() -> None:
    assert repr(HTTPBearer()) == "HTTPBearer(scheme_name='HTTPBearer')"
    assert repr(APIKeyHeader(name="X-Key", scheme_name="key")) == (
        "APIKeyHeader(name='X-Key', scheme_name='key')"
    )


# -- in the OpenAPI document -------------------------------------------------------------------


def test_schemes_are_documented() -> None:
    bearer = HTTPBearer(bearer_format="JWT", description="A JWT from /login")
    key = APIKeyHeader(name="X-API-Key", scheme_name="apiKey", description="Issued per client")
    optional = APIKeyQuery(name="key", scheme_name="queryKey", auto_error=False)
    app = App()

    @app.get("/both")
    def both(a: str = Depends(bearer), b: str = Depends(key)) -> dict[str, str]:
        return {}

    @app.get("/maybe")
    def maybe(k: str | None = Depends(optional)) -> dict[str, str]:
        return {}

    @app.get("/open")
    def open_view() -> dict[str, str]:
        return {}

    document = OpenAPI(title="t", version="1").document(app)
    assert document["components"]["securitySchemes"] == {
        "HTTPBearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A JWT from /login",
        },
        "apiKey": {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "Issued per client",
        },
        "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
    }
    paths = document["paths"]
    assert paths["/both"]["get"]["security"] == [{"HTTPBearer": [], "apiKey": []}]
    assert "401" in paths["/both"]["get"]["responses"]
    assert paths["/maybe"]["get"]["security"] == [{"queryKey": []}, {}]
    assert "security" not in paths["/open"]["get"]
    # The scheme's own key is not listed again as an ordinary parameter.
    assert "parameters" not in paths["/both"]["get"]


def test_two_different_schemes_with_one_name_are_an_error() -> None:
    app = App()

    @app.get("/a")
    def a(k: str = Depends(APIKeyHeader(name="X-A"))) -> dict[str, str]:
        return {}

    @app.get("/b")
    def b(k: str = Depends(APIKeyHeader(name="X-B"))) -> dict[str, str]:
        return {}

    with pytest.raises(ValueError, match="two different security schemes are named"):
        OpenAPI().document(app)


def test_missing_credentials_come_before_invalid_input(make_client) -> None:
    """401 for a caller without a token, whatever else it got wrong; 422 once it has one."""
    bearer = HTTPBearer()
    key = APIKeyHeader(name="X-Key", auto_error=False)
    app = App()

    @app.post("/orders")
    def create(
        quantity: int,
        body: dict[str, int],
        token: Annotated[str, Depends(bearer)],
        api_key: Annotated[str | None, Depends(key)],
    ) -> dict[str, str]:
        return {"token": token}

    client = make_client(app)
    anonymous = client.post(
        "/orders?quantity=many", content=b"[1, 2]", headers={"Content-Type": "application/json"}
    )
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    authenticated = client.post(
        "/orders?quantity=many",
        content=b"[1, 2]",
        headers={"Content-Type": "application/json", "Authorization": "Bearer abc"},
    )
    assert authenticated.status_code == 422
    assert {error["in"] for error in authenticated.json()["errors"]} == {"query", "body"}
    assert client.post(
        "/orders?quantity=2", json={"a": 1}, headers={"Authorization": "Bearer abc"}
    ).json() == {"token": "abc"}


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        (b"quantity=2", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        (b"{not json", {"Content-Type": "application/json"}, 400),
        (b"[1]", {}, 415),
    ],
)
def test_missing_credentials_come_before_a_body_of_the_wrong_kind(
    make_client, content: bytes, headers: dict[str, str], status: int
) -> None:
    """A caller without a token learns that first, not what is wrong with its body."""
    app = App()

    @app.post("/orders")
    def create(body: dict[str, int], token: Annotated[str, Depends(HTTPBearer())]) -> dict:
        return {"token": token}

    client = make_client(app)
    assert client.post("/orders", content=content, headers=headers).status_code == 401
    signed = {**headers, "Authorization": "Bearer abc"}
    assert client.post("/orders", content=content, headers=signed).status_code == status
