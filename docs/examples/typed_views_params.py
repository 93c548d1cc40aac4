from datetime import date
from enum import Enum
from typing import Annotated
from uuid import UUID

from trestle import App, Cookie, Header, Query

app = App()


class Sort(Enum):
    NEWEST = "newest"
    OLDEST = "oldest"


@app.get("/articles/")
def article_list(
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100, alias="per-page")] = 20,
    tag: tuple[str, ...] = (),
    sort: Sort = Sort.NEWEST,
    since: date | None = None,
) -> dict[str, object]:
    return {
        "page": page,
        "per_page": per_page,
        "tags": list(tag),
        "sort": sort.value,
        "since": since.isoformat() if since else None,
    }


@app.get("/orders/<order_id>")
def order_detail(order_id: UUID, verbose: bool = False) -> dict[str, object]:
    return {"order": str(order_id), "verbose": verbose}


@app.get("/whoami")
def whoami(
    user_agent: Annotated[str, Header()] = "unknown",
    x_request_id: Annotated[str | None, Header()] = None,
    theme: Annotated[str, Cookie(pattern="^(light|dark)$")] = "light",
) -> dict[str, object]:
    return {"user_agent": user_agent, "request_id": x_request_id, "theme": theme}
