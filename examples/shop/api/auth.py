"""Who is calling the API: the user whose bearer token the request carries.

The API knows callers only by their tokens, never by the session cookie of a logged-in
browser. So no page of another site can make a visitor's browser call it (there is no CSRF
to guard against), and nobody reaches it without having passed the login, two-factor
included, to make a token in the first place.
"""

from typing import Annotated

from sqlalchemy.orm import Session

from trestle import HTTPException
from trestle.api import HTTPBearer
from trestle.auth.models import User
from trestle.db import get_db
from trestle.params import Depends

from . import tokens

bearer = HTTPBearer(
    scheme_name="bearerAuth",
    bearer_format="tshop_…",
    description="An API token, made on the API tokens page (/api/tokens/) once logged in.",
)


def token_user(
    token: Annotated[str, Depends(bearer)], db: Annotated[Session, Depends(get_db)]
) -> User:
    """The active user who owns the request's token; 401 for an unknown or revoked one."""
    found = tokens.authenticate(db, token)
    if found is None:
        raise HTTPException(
            401,
            "unknown or revoked token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return found.user


#: A view parameter annotated with this gets the calling user (or the request gets a 401).
TokenUser = Annotated[User, Depends(token_user)]
