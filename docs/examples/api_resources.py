from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import BaseModel

from trestle import App, HTTPException
from trestle.api import HTTPBearer, Resource
from trestle.params import Depends, Query

bearer = HTTPBearer()


class ProductIn(BaseModel):
    name: str
    price_cents: int


class Product(ProductIn):
    id: int


class Store:
    """Stands in for a database session."""

    def __init__(self) -> None:
        self.products: dict[int, Product] = {}

    def get(self, id: int) -> Product:
        if id not in self.products:
            raise HTTPException(404, f"no product {id}")
        return self.products[id]


STORE = Store()


def open_store() -> Iterator[Store]:
    yield STORE  # a real app opens a session here and closes it after the response


def staff_only(token: Annotated[str, Depends(bearer)]) -> None:
    if token != "staff-token":
        raise HTTPException(403, "staff only")


class Products(Resource):
    """The products the shop sells."""

    dependencies = [Depends(staff_only)]

    def __init__(self, store: Annotated[Store, Depends(open_store)]) -> None:
        self.store = store

    def list(self, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[Product]:
        """List the products."""
        return list(self.store.products.values())[:limit]

    def create(self, product: ProductIn) -> Product:
        """Add a product."""
        new = Product(id=len(self.store.products) + 1, **product.model_dump())
        self.store.products[new.id] = new
        return new

    def retrieve(self, id: int) -> Product:
        """One product."""
        return self.store.get(id)

    def update(self, id: int, product: ProductIn) -> Product:
        """Replace a product."""
        self.store.get(id)
        self.store.products[id] = Product(id=id, **product.model_dump())
        return self.store.products[id]

    def delete(self, id: int) -> None:
        """Remove a product."""
        self.store.get(id)
        del self.store.products[id]


app = App()
Products.register(app, "/products")
