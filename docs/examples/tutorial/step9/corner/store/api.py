"""The store's JSON API, under /api/: the items for everyone, their stock for the stock keeper."""

import os
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from trestle import HTTPException, path
from trestle.api import HTTPBearer, openapi_urls, secret_equals
from trestle.db import Session, get_db
from trestle.params import Depends
from trestle.security import csrf_exempt

from .models import Item

app_name = "api"

#: The request's database session, as a dependency of typed views.
Database = Annotated[Session, Depends(get_db)]
bearer = HTTPBearer(description="The stock keeper's token (STORE_API_TOKEN on the server)")


class ItemOut(BaseModel):
    """An item on sale."""

    model_config = ConfigDict(from_attributes=True)

    slug: str
    name: str
    description: str
    price_pence: int
    stock: int


class StockIn(BaseModel):
    """How many of an item are on the shelves now."""

    model_config = ConfigDict(extra="forbid")

    stock: int = Field(ge=0, le=100_000)


def stock_keeper(token: Annotated[str, Depends(bearer)]) -> None:
    """Let through the requests that carry the token of the STORE_API_TOKEN variable."""
    expected = os.environ.get("STORE_API_TOKEN", "")
    if not expected or not secret_equals(token, expected):
        raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})


def on_sale(db: Session, slug: str) -> Item:
    """The item on sale with this slug, or a 404."""
    item = db.scalar(select(Item).where(Item.slug == slug, Item.is_available))
    if item is None:
        raise HTTPException(404, f"no item on sale is called {slug!r}")
    return item


def list_items(db: Database) -> list[ItemOut]:
    """Every item on sale, by name."""
    items = db.scalars(select(Item).where(Item.is_available).order_by(Item.name))
    return [ItemOut.model_validate(item) for item in items]


def get_item(db: Database, slug: str) -> ItemOut:
    """One item on sale."""
    return ItemOut.model_validate(on_sale(db, slug))


# No CSRF token: the token in the Authorization header is the proof, and no browser adds
# that header by itself. Without it, the stock keeper gets a 401 rather than a 403.
@csrf_exempt
def set_stock(db: Database, slug: str, body: StockIn) -> ItemOut:
    """Say how many of an item are on the shelves (the stock keeper only)."""
    item = on_sale(db, slug)
    item.stock = body.stock
    db.commit()
    return ItemOut.model_validate(item)


urlpatterns = [
    path("items/", list_items, name="items", tags=["items"]),
    path("items/<slug:slug>/", get_item, name="item", tags=["items"]),
    path(
        "items/<slug:slug>/stock/",
        set_stock,
        name="stock",
        methods=["PUT"],
        tags=["stock"],
        dependencies=[Depends(stock_keeper)],
    ),
    # /api/openapi.json describes the routes under /api/; /api/docs shows it to people.
    *openapi_urls(title="The Corner Shop", version="1.0", path_prefixes=["/api/"]),
]
