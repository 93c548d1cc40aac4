from __future__ import annotations

from typing import Annotated

from trestle import App, HTTPException
from trestle.api import APIKeyHeader, HTTPBearer, secret_equals
from trestle.params import Depends

app = App()

bearer = HTTPBearer(bearer_format="opaque", description="A token from /login")
partner_key = APIKeyHeader(name="X-Partner-Key", scheme_name="partnerKey")
maybe_bearer = HTTPBearer(scheme_name="optionalBearer", auto_error=False)

TOKENS = {"tok-ada-7f3c": "ada"}
PARTNER_KEYS = {"acme": "pk-acme-91b2"}


def current_user(token: Annotated[str, Depends(bearer)]) -> str:
    """The user the bearer token belongs to."""
    for known, user in TOKENS.items():
        if secret_equals(token, known):
            return user
    raise HTTPException(401, "unknown or expired token", headers={"WWW-Authenticate": "Bearer"})


def partner(key: Annotated[str, Depends(partner_key)]) -> str:
    """The partner whose key this is."""
    for name, known in PARTNER_KEYS.items():
        if secret_equals(key, known):
            return name
    raise HTTPException(403, "unknown partner key")


@app.get("/me")
def me(user: Annotated[str, Depends(current_user)]) -> dict[str, str]:
    return {"user": user}


@app.get("/partners/orders")
def partner_orders(name: Annotated[str, Depends(partner)]) -> dict[str, object]:
    return {"partner": name, "orders": []}


@app.get("/greeting")
def greeting(token: Annotated[str | None, Depends(maybe_bearer)]) -> dict[str, str]:
    return {"greeting": "Welcome back!" if token in TOKENS else "Hello, stranger."}
