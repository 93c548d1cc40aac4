from typing import Annotated

from trestle import App, Depends, Header, Query, abort

app = App()

TOKENS = {"t-ada": "ada", "t-grace": "grace"}
ADMINS = {"ada"}


class Page:
    """A class is a dependency too: its __init__ parameters are read from the request."""

    def __init__(
        self,
        page: Annotated[int, Query(ge=1)] = 1,
        size: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> None:
        self.offset = (page - 1) * size
        self.size = size


def current_user(authorization: Annotated[str, Header()] = "") -> str:
    user = TOKENS.get(authorization.removeprefix("Bearer "))
    if user is None:
        abort(401, "log in first", headers={"WWW-Authenticate": "Bearer"})
    return user


def admin_user(user: Annotated[str, Depends(current_user)]) -> str:
    if user not in ADMINS:
        abort(403, "admins only")
    return user


CurrentUser = Annotated[str, Depends(current_user)]


@app.get("/me")
def me(user: CurrentUser) -> dict[str, str]:
    return {"user": user}


@app.get("/articles/")
def articles(user: CurrentUser, page: Annotated[Page, Depends()]) -> dict[str, object]:
    ids = list(range(1, 101))[page.offset : page.offset + page.size]
    return {"reader": user, "ids": ids}


@app.delete("/articles/<int:id>", status_code=204, dependencies=[Depends(admin_user)])
def delete_article(id: int) -> None:
    return None
